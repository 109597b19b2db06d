#pragma once
// The client's end of the live channel (GET /api/v1/events,
// zx/wire/events.hpp): keeps one event stream open while signed in,
// reconnects with backoff when it drops, and says "pull now" when the server
// says something changed (or, on hello, that the stream is live, so what
// changed while it was down is fetched). The sync engine (engine.hpp) owns
// it; polling stays the fallback whenever the channel is not live.
//
// All on the UI thread, through the platform's event stream
// (Platform::event_stream), whose handlers run from poll(); the platform
// wakes an idle app only for events, never for heartbeats.
#include "platform/platform.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace zx::client {

enum class LiveState {
    off,         // not signed in, this target cannot stream, or the server has no channel / refused the session
    connecting,  // a stream is being opened
    live,        // open: signals arrive as changes happen
    waiting,     // it dropped or was refused for now: reconnecting after a backoff (polling meanwhile)
};
std::string_view live_code(LiveState s);

class LiveChannel {
public:
    explicit LiveChannel(platform::Platform& p) : platform_(p) {}
    ~LiveChannel() { stop(); }
    LiveChannel(const LiveChannel&) = delete;
    LiveChannel& operator=(const LiveChannel&) = delete;

    // Opens the channel with `token` (and keeps it open); a no-op where the
    // platform cannot stream.
    void start(const std::string& token);
    void stop();
    // A new token for the same user: the open stream is opened again with it.
    void set_token(const std::string& token);
    // Call once per frame: reconnects when the backoff is over, and asks for
    // the frame at which it will be.
    void tick();

    LiveState state() const { return state_; }
    int64_t signals() const { return signals_; }    // changed events received
    int64_t connects() const { return connects_; }  // streams that reached hello

    // hello (`seq` 0) or changed: the engine should pull soon.
    std::function<void(int64_t seq)> on_signal;

    // No byte at all for this long (servers heartbeat every 20 s by
    // default, at most every 60 s) and the stream is taken for dead.
    static constexpr int64_t kStallMs = 90'000;
    static constexpr int64_t kMinBackoffMs = 1'000;
    static constexpr int64_t kMaxBackoffMs = 60'000;

private:
    void connect();
    void ended(const platform::HttpResponse& r);
    void wait(int64_t ms);

    platform::Platform& platform_;
    std::string token_;
    LiveState state_ = LiveState::off;
    int stream_ = 0;  // the open stream's id, 0 when none
    int generation_ = 0;  // bumped whenever a stream is let go, so its late handlers do nothing
    int64_t retry_at_ = 0;
    int64_t backoff_ms_ = 0;
    int64_t signals_ = 0;
    int64_t connects_ = 0;
};

}  // namespace zx::client
