// The live channel (GET /api/v1/events, server/live.hpp) against a real
// server on a free port: a change reaches the streams of exactly those who
// may pull it, within 2 s; a lost access is signalled to whoever lost it; a
// joined class counts from the moment of joining; the caps refuse with their
// codes; a session's end ends its stream; the stream outlives the idle
// timeout on heartbeats.
#include "event_stream.hpp"
#include "server_fixture.hpp"

#include "zx/wire/api.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <thread>

using nlohmann::json;
using namespace zx;
using zx::test::EventStream;

namespace {

const char* kClass = "cls-demo-7-1";  // teacher1's: student1 and student2
// Within this a signal must arrive (the "about 2 seconds").
constexpr int kSignalMs = 2000;
// How long a stream that must hear nothing is watched.
constexpr int kQuietMs = 1500;

// A stream that has said hello, ready for signals.
std::unique_ptr<EventStream> listen(zx::test::ServerFixture& f, const std::string& user) {
    auto s = std::make_unique<EventStream>(f.port(), f.tokens.at(user));
    REQUIRE_MESSAGE(s->status == 200, s->head << s->body);
    const auto hello = s->next(kSignalMs);
    REQUIRE(hello);
    CHECK(hello->kind == api::LiveKind::hello);
    CHECK(hello->heartbeat_s > 0);
    return s;
}

// The next event, which must be a signal within kSignalMs; its seq.
int64_t signalled(EventStream& s) {
    const auto e = s.next(kSignalMs);
    REQUIRE_MESSAGE(e, "no signal within 2 s");
    REQUIRE(e->kind == api::LiveKind::changed);
    return e->seq;
}

// Streams that must hear nothing: watched together for kQuietMs.
void quiet(std::initializer_list<EventStream*> streams) {
    std::this_thread::sleep_for(std::chrono::milliseconds(kQuietMs));
    for (auto* s : streams) {
        const auto e = s->next(50);
        CHECK_MESSAGE(!e, "an event reached a stream it does not concern: " << (e ? api::sse_frame(*e) : ""));
    }
}

int64_t ack_seq(const zx::test::JsonReply& r) {
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    return r.body["acks"][0]["seq"].get<int64_t>();
}

}  // namespace

TEST_CASE("live: a change reaches the streams of exactly those who may see it, a lost access those who lost it") {
    zx::test::ServerFixture f;
    for (auto [u, p] : std::initializer_list<std::pair<const char*, const char*>>{
             {"student1", "demo-student-1"}, {"student2", "demo-student-2"}, {"student4", "demo-student-4"},
             {"teacher1", "demo-teacher-1"}, {"teacher4", "demo-teacher-4"}, {"parent1", "demo-parent-1"}})
        f.login(u, p);
    auto s1 = listen(f, "student1");  // the author
    auto s2 = listen(f, "student2");  // same class
    auto t1 = listen(f, "teacher1");  // the class's teacher
    auto s4 = listen(f, "student4");  // another class
    auto t4 = listen(f, "teacher4");  // that class's teacher
    auto p1 = listen(f, "parent1");   // student1's parent: class notes are not for parents

    // A private note: its author only.
    const auto own = ack_seq(f.write("student1", "notes", "N1", {{"title", "私人笔记"}}));
    CHECK(signalled(*s1) == own);
    quiet({s2.get(), s4.get(), t1.get(), p1.get()});

    // Shared with the class: the class, not the other class, not the parent.
    const auto shared = ack_seq(f.write("student1", "notes", "N1", {{"shared_class_id", kClass}}));
    CHECK(signalled(*s1) == shared);
    CHECK(signalled(*s2) == shared);
    CHECK(signalled(*t1) == shared);
    quiet({s4.get(), t4.get(), p1.get()});

    // Unshared: the class lost it, and is told (its pull removes the note).
    const auto cursor = f.post("student2", api::kPullPath,
                               {{"schema_version", schema::latest_version()}, {"cursor", 0}, {"epoch", ""}});
    REQUIRE(cursor.status == 200);
    const auto revoked = ack_seq(f.write("student1", "notes", "N1", {{"shared_class_id", nullptr}}));
    CHECK(signalled(*s2) == revoked);
    CHECK(signalled(*t1) == revoked);
    CHECK(signalled(*s1) == revoked);
    quiet({s4.get(), p1.get()});
    const auto after = f.post("student2", api::kPullPath,
                              {{"schema_version", schema::latest_version()},
                               {"cursor", cursor.body["cursor"]},
                               {"epoch", cursor.body["epoch"]}});
    REQUIRE(after.status == 200);
    CHECK(after.body["removed"] == json::array({{{"collection", "notes"}, {"id", "N1"}}}));

    // The other class's activity: its class, teacher and parents (parent1 is
    // student4's too), nobody of the first class.
    const auto other = ack_seq(f.write("teacher4", "activities", "A4",
                                       {{"title", "四年级任务"}, {"class_id", "cls-demo-4-2"}, {"kind", "homework"},
                                        {"published", true}}));
    CHECK(signalled(*s4) == other);
    CHECK(signalled(*t4) == other);
    CHECK(signalled(*p1) == other);
    quiet({s1.get(), s2.get(), t1.get()});
}

TEST_CASE("live: joining a class changes what a stream hears from then on") {
    zx::test::ServerFixture f;
    f.login("student1", "demo-student-1");
    f.reg("newkid", "student");
    auto kid = listen(f, "newkid");

    // Before joining, the class's notes are none of its business.
    ack_seq(f.write("student1", "notes", "N1", {{"title", "班级笔记"}, {"shared_class_id", kClass}}));
    quiet({kid.get()});

    // Joining is a change of the kid's own (membership): signalled, and the
    // stream reads the kid's keys again.
    REQUIRE(f.post("newkid", api::kJoinClassPath, {{"code", "JOIN7A23"}}).status == 200);
    CHECK(signalled(*kid) > 0);
    const auto next = ack_seq(f.write("student1", "notes", "N1", {{"body", "大家好"}}));
    // Membership writes may still be folding in: the note's number arrives.
    int64_t seq = signalled(*kid);
    if (seq != next) seq = signalled(*kid);
    CHECK(seq == next);
}

TEST_CASE("live: caps per user and in all, with their codes; a closed stream gives its place back") {
    zx::test::ServerFixture f(zx::test::ServerFixture::Options{
        .configure = [](server::ServerConfig& c) {
            c.live.per_user = 2;
            c.live.total = 3;
        }});
    f.login("student1", "demo-student-1");
    f.login("student2", "demo-student-2");
    f.login("student4", "demo-student-4");
    auto a = listen(f, "student1");
    auto b = listen(f, "student1");
    {
        EventStream third(f.port(), f.tokens.at("student1"));
        CHECK(third.status == 429);
        const auto body = json::parse(third.body);
        CHECK(body["error"]["code"] == "too_many_requests");
        CHECK(body["error"]["problem"] == "too_many_streams");
        CHECK(body["error"]["params"]["max"] == "2");
        CHECK(third.head.find("Retry-After: ") != std::string::npos);
    }
    auto c = listen(f, "student2");
    {
        EventStream full(f.port(), f.tokens.at("student4"));
        CHECK(full.status == 503);
        const auto body = json::parse(full.body);
        CHECK(body["error"]["code"] == "unavailable");
        CHECK(body["error"]["problem"] == "streams_full");
        CHECK(full.head.find("Retry-After: ") != std::string::npos);
    }
    // Without a session: 401, and nothing counted.
    EventStream anonymous(f.port(), "");
    CHECK(anonymous.status == 401);
    CHECK(f.srv->live().stats().reserved == 3);

    // The client goes away: its place comes back.
    a->close();
    for (int i = 0; i < 200 && f.srv->live().stats().reserved > 2; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(f.srv->live().stats().reserved == 2);
    CHECK(f.srv->live().stats().streams == 2);
    auto again = listen(f, "student4");
    CHECK(f.srv->live().stats().streams == 3);
}

TEST_CASE("live: signing out ends the stream with bye; heartbeats keep it past the idle timeout") {
    zx::test::ServerFixture f(zx::test::ServerFixture::Options{
        .configure = [](server::ServerConfig& c) {
            c.http.idle_timeout_s = 1;
            c.live.heartbeat_ms = 200;
        }});
    const auto token = f.login("student1", "demo-student-1");
    auto s = listen(f, "student1");
    // Three idle timeouts later the stream is open and has had heartbeats.
    const auto before = s->chunks();
    s->drain(3000);
    CHECK_FALSE(s->ended());
    CHECK(s->chunks() >= before + 5);
    // A plain keep-alive connection is closed by then (the limit still holds).
    {
        zx::test::RawConnection idle(f.port());
        std::this_thread::sleep_for(std::chrono::milliseconds(1800));
        const bool answered =
            idle.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n") && idle.read_response().status == 200;
        CHECK_FALSE(answered);
    }
    // An HTTP/1.0 client cannot take a chunked stream.
    const auto old = zx::test::request(f.port(), "GET /api/v1/events HTTP/1.0\r\nAuthorization: Bearer " + token + "\r\n\r\n");
    CHECK(old.status == 400);

    REQUIRE(zx::test::call_json(f.port(), "POST", api::kLogoutPath, "", token).status == 204);
    auto e = s->next(kSignalMs);
    REQUIRE(e);
    CHECK(e->kind == api::LiveKind::bye);
    CHECK(e->reason == api::live_reason::session_ended);
    s->drain(kSignalMs);
    CHECK(s->ended());
}

TEST_CASE("live: a stopping server says bye (shutdown) and closes every stream") {
    zx::test::ServerFixture f;
    f.login("student1", "demo-student-1");
    auto s = listen(f, "student1");
    f.stop();
    const auto e = s->next(kSignalMs);
    REQUIRE(e);
    CHECK(e->kind == api::LiveKind::bye);
    CHECK(e->reason == api::live_reason::shutdown);
    s->drain(kSignalMs);
    CHECK(s->ended());
}
