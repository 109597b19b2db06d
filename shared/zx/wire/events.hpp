#pragma once
// The live channel (GET kEventsPath): a Server-Sent Events stream that tells
// a signed-in device "something you may see changed" and nothing more. It
// never carries record data; the device answers a signal with its normal
// pull, which applies the sync authorization as always. Its events:
//
//   event: hello     data: {"heartbeat_s":20}   first: the stream is live
//                                               (pull once, to catch up)
//   event: changed   data: {"seq":1234}         a change reached one of the
//                                               user's audience keys, or took
//                                               one away; seq is that change's
//                                               number (it is in their feed)
//   event: bye       data: {"reason":"…"}       the server ends the stream
//   ": " comment lines                          heartbeats, every heartbeat_s
//
// The framing (both ends use it: the server writes frames, both clients read
// them with SseReader) and the events as wire types with their JSON.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx::api {

// The server's heartbeat unless configured: under the 30-60 s after which
// common proxies and NATs drop a silent connection.
inline constexpr int kLiveHeartbeatS = 20;

enum class LiveKind { hello, changed, bye };
std::string_view to_code(LiveKind k);

// Why the server ends a stream (bye's reason).
namespace live_reason {
inline constexpr const char* session_ended = "session_ended";  // signed out, expired, revoked, or the account is gone
inline constexpr const char* shutdown = "shutdown";            // the server is stopping: reconnect later
}  // namespace live_reason

struct LiveEvent {
    LiveKind kind = LiveKind::changed;
    int heartbeat_s = 0;  // hello: seconds between heartbeats
    int64_t seq = 0;      // changed
    std::string reason;   // bye: one of live_reason
    bool operator==(const LiveEvent&) const = default;
};
// The event's data (its JSON); the kind travels as the SSE event name.
void to_json(nlohmann::json& j, const LiveEvent& e);

// One whole SSE frame: "event: <kind>\ndata: <json>\n\n".
std::string sse_frame(const LiveEvent& e);
// A heartbeat: a comment, which readers skip.
inline constexpr std::string_view kSseHeartbeat = ":\n\n";

// One message of an SSE stream as read: its event name ("message" when
// none was given) and its data lines joined with "\n".
struct SseMessage {
    std::string event;
    std::string data;
};

// Reads an SSE stream as it arrives, in pieces of any size (a frame may be
// split anywhere, even inside a CRLF). Comments and empty messages are
// skipped; "id" and "retry" fields are ignored (the clients reconnect with
// their own backoff). A line longer than kMaxLine marks the stream broken:
// feed() returns false from then on and the caller should drop it.
class SseReader {
public:
    static constexpr size_t kMaxLine = 64 * 1024;
    bool feed(std::string_view bytes, std::vector<SseMessage>& out);
    bool broken() const { return broken_; }

private:
    void line(std::string_view l, std::vector<SseMessage>& out);
    std::string pending_;  // the start of a line whose end has not arrived
    bool after_cr_ = false;  // the last byte was a CR (an LF after it ends nothing)
    std::string event_, data_;
    bool has_data_ = false;
    bool broken_ = false;
};

// The live event of a message; nothing for a message of an unknown kind or
// data this build cannot read (a newer server's additions are skipped).
std::optional<LiveEvent> live_event(const SseMessage& m);

}  // namespace zx::api
