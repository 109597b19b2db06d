// The live channel's wire format (zx/wire/events.hpp): frames as the server
// writes them read back by the clients' SseReader, split anywhere; the SSE
// grammar's line ends, comments, multi-line data and defaults; events this
// build does not know; a line too long.
#include "zx/wire/events.hpp"

#include <doctest/doctest.h>

using namespace zx::api;

namespace {
std::vector<SseMessage> read_all(const std::string& text, size_t piece) {
    SseReader r;
    std::vector<SseMessage> out;
    for (size_t i = 0; i < text.size(); i += piece) REQUIRE(r.feed(std::string_view(text).substr(i, piece), out));
    return out;
}
}  // namespace

TEST_CASE("events: the server's frames read back, whatever the pieces they arrive in") {
    LiveEvent hello{LiveKind::hello, 20, 0, ""};
    LiveEvent changed{LiveKind::changed, 0, 1234, ""};
    LiveEvent bye{LiveKind::bye, 0, 0, live_reason::session_ended};
    const std::string text = sse_frame(hello) + std::string(kSseHeartbeat) + sse_frame(changed) + sse_frame(bye);
    CHECK(sse_frame(changed) == "event: changed\ndata: {\"seq\":1234}\n\n");
    for (size_t piece : {size_t{1}, size_t{2}, size_t{7}, text.size()}) {
        const auto got = read_all(text, piece);
        REQUIRE(got.size() == 3);  // the heartbeat is no message
        CHECK(live_event(got[0]) == hello);
        CHECK(live_event(got[1]) == changed);
        CHECK(live_event(got[2]) == bye);
    }
}

TEST_CASE("events: the SSE grammar (CR, LF, CRLF split over pieces, comments, data lines, no event name)") {
    const std::string text = ": hi\r\nevent: changed\r\ndata: {\"seq\":\r\ndata: 5}\r\n\r\ndata:plain\rdata: two\r\r\n:x\n\n";
    for (size_t piece : {size_t{1}, size_t{3}, text.size()}) {
        const auto got = read_all(text, piece);
        REQUIRE(got.size() == 2);
        CHECK(got[0].event == "changed");
        CHECK(got[0].data == "{\"seq\":\n5}");
        CHECK(live_event(got[0])->seq == 5);  // JSON allows the newline
        CHECK(got[1].event == "message");
        CHECK(got[1].data == "plain\ntwo");
        CHECK_FALSE(live_event(got[1]));
    }
}

TEST_CASE("events: unknown events and unreadable data are skipped; a line too long breaks the reader") {
    CHECK_FALSE(live_event({"promoted", "{}"}));
    CHECK_FALSE(live_event({"changed", "{\"seq\":\"5\"}"}));
    CHECK_FALSE(live_event({"changed", "[[[["}));
    CHECK_FALSE(live_event({"hello", "{}"}));
    SseReader r;
    std::vector<SseMessage> out;
    CHECK(r.feed("data: " + std::string(SseReader::kMaxLine, 'x'), out) == false);
    CHECK(r.broken());
    CHECK(r.feed("\n\n", out) == false);
    CHECK(out.empty());
}
