// Edits on the device are validated and atomic: an edit the shared rules
// refuse is refused before anything is written (and nothing says "saved"),
// a batch (a trip plan, a note with its version) is written whole or not at
// all, through the real platform layer and a real SQLite store on disk.
#include "headless.hpp"

#include "sync/engine.hpp"
#include "sync/replica.hpp"

#include "zx/sync/sqlite.hpp"
#include "zx/tours/trips.hpp"

namespace {

using namespace zx;
using namespace zx::client;
using namespace zx::test;

int64_t count_rows(const fs::path& store, const std::string& sql, const json& params = json::array()) {
    db::Connection c(store.string(), true);
    return c.query(sql, params).at(0).at(0).get<int64_t>();
}

// Signs in student1, opens the demo note in the editor and waits until its
// row is on disk (the first sync is written in the background): the store.
fs::path open_demo_note(Headless& h) {
    sign_in(h, "student1", "demo-student-1");
    const auto store = h.data / "zhixing-u-student1.sqlite3";
    REQUIRE(h.run_until([&] { return count_rows(store, "SELECT count(*) FROM notes WHERE id = 'note-demo-geo'") == 1; }));
    h.click("nav:knowledge");
    h.click("note:note-demo-geo");
    h.frames(2);
    return store;
}

std::string stored(const fs::path& store, const char* column) {
    db::Connection c(store.string(), true);
    return c.query(std::string("SELECT ") + column + " FROM notes WHERE id = 'note-demo-geo'").at(0).at(0).get<std::string>();
}

// A sync engine on the desktop platform with no server: edits go to the
// local store only (no token, so nothing is sent).
struct LocalEngine {
    fs::path dir = temp_dir("engine");
    platform::Platform platform{platform::Options{"http://127.0.0.1:9", dir.string(), ""}};
    SyncEngine engine{platform};
    explicit LocalEngine(const std::string& user) {
        engine.start(user, "");
        for (int i = 0; i < 500 && !engine.ready(); ++i) {
            platform.poll();
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        REQUIRE(engine.ready());
    }
    ~LocalEngine() {
        engine.stop();
        fs::remove_all(dir);
    }
    fs::path store(const std::string& user) const { return dir / ("zhixing-" + user + ".sqlite3"); }
    // Runs `writes` and waits for the outcome.
    EditOutcome edit(std::vector<RecordWrite> writes) {
        std::optional<EditOutcome> got;
        engine.edit(std::move(writes), [&](const EditOutcome& o) { got = o; });
        for (int i = 0; i < 500 && !got; ++i) {
            platform.poll();
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        REQUIRE(got.has_value());
        return *got;
    }
};

}  // namespace

TEST_CASE("an invalid local edit is refused before anything is written, and nothing says saved") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    const auto store = open_demo_note(h);
    const auto title_before = stored(store, "title");
    // A title of 300 bytes: over the model's 200 for a title.
    h.app.test_ui().knowledge.note.title = std::string(300, 'x');
    h.app.test_ui().knowledge.note.dirty = true;
    h.frame();
    h.click("note:save");
    h.frames(3);
    const auto s = h.state();
    const auto notice = s.at("noteNotice").get<std::string>();
    CHECK(notice.find("最多 200 字节") != std::string::npos);  // why, in the user's language
    CHECK(notice != tr(Lang::zh, S::SavedLocally));
    CHECK(s.at("sync").at("pending") == 0);       // nothing waits to be sent
    CHECK(s.at("sync").at("status") == "synced");  // and the status bar has nothing to report
    CHECK(count_rows(store, "SELECT count(*) FROM outbox") == 0);
    CHECK(count_rows(store, "SELECT count(*) FROM note_versions") == 0);
    CHECK(stored(store, "title") == title_before);
    // Nothing typed is lost: the editor still holds the text.
    CHECK(h.app.test_ui().knowledge.note.title.size() == 300);
}

TEST_CASE("a trip plan whose last record is invalid leaves nothing on the device") {
    LocalEngine le("u-teacher1");
    const auto bases = demo_bases();
    TripPlan plan;
    plan.trip_id = "trip-atomic";
    plan.class_id = "c-demo-7a";
    plan.title = "西湖研学";
    plan.date = "2026-12-02";  // a Wednesday
    plan.base_ids = {bases[0].id, bases[1].id};
    plan.student_ids = {"u-student1", "u-student2"};
    plan.leaders = {"u-teacher1"};
    plan.start_min = 9 * 60;
    plan.end_min = 15 * 60;
    std::vector<RecordWrite> writes;
    for (auto& r : plan_trip(plan, std::nullopt, bases)) writes.push_back({r.collection, r.id, r.fields});
    REQUIRE(writes.size() >= 5);  // trip, participants, timetable entry, activities

    // The last record (the second stop's activity) made invalid: a title over 200 bytes.
    auto bad = writes;
    bad.back().fields["title"] = std::string(300, 'x');
    const auto refused = le.edit(bad);
    CHECK_FALSE(refused.ok);
    REQUIRE(refused.refused.has_value());
    CHECK(refused.refused->code == Code::too_long);
    CHECK(le.engine.replica().list("trips").empty());
    CHECK(le.engine.replica().list("trip_participants").empty());
    CHECK(le.engine.replica().list("activities").empty());
    CHECK(le.engine.replica().pending() == 0);
    const auto store = le.store("u-teacher1");
    for (const char* t : {"trips", "trip_participants", "timetable_entries", "activities", "outbox"})
        CHECK(count_rows(store, std::string("SELECT count(*) FROM ") + t) == 0);

    // The same plan, valid, arrives whole: every record and one outbox entry each.
    const auto ok = le.edit(writes);
    REQUIRE(ok.ok);
    CHECK(count_rows(store, "SELECT count(*) FROM outbox") == static_cast<int64_t>(writes.size()));
    CHECK(count_rows(store, "SELECT count(*) FROM activities") == 2);
    CHECK(count_rows(store, "SELECT count(*) FROM trips") == 1);
}

TEST_CASE("a note and its version are written together or not at all") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    const auto store = open_demo_note(h);
    const auto body_before = stored(store, "body");
    REQUIRE(count_rows(store, "SELECT count(*) FROM note_versions") == 0);

    // The disk refuses the note's row (as a full disk or a broken file would):
    // the version written in the same transaction must not stay either.
    {
        db::Connection c(store.string(), false);
        c.exec("CREATE TRIGGER refuse_notes BEFORE UPDATE ON notes BEGIN SELECT RAISE(ABORT, 'the disk says no'); END");
    }
    h.app.test_ui().knowledge.note.body = body_before + "\n\n补充：芦苇荡里有白鹭。";
    h.app.test_ui().knowledge.note.dirty = true;
    h.frame();
    h.click("note:save");
    REQUIRE(h.run_until([&] { return !h.state().at("noteNotice").get<std::string>().empty(); }));
    const auto notice = h.state().at("noteNotice").get<std::string>();
    CHECK(notice.find("the disk says no") != std::string::npos);
    CHECK(notice != tr(Lang::zh, S::SavedLocally));
    CHECK(count_rows(store, "SELECT count(*) FROM note_versions") == 0);
    CHECK(count_rows(store, "SELECT count(*) FROM outbox") == 0);
    CHECK(stored(store, "body") == body_before);
    // The memory went back to what is stored, and the editor kept the text.
    REQUIRE(h.run_until([&] { return h.state().at("records").value("note_versions", 0) == 0; }));
    CHECK(h.app.test_ui().knowledge.note.dirty);
    CHECK(h.app.test_ui().knowledge.note.body.find("白鹭") != std::string::npos);

    // The disk works again: the same save writes both.
    {
        db::Connection c(store.string(), false);
        c.exec("DROP TRIGGER refuse_notes");
    }
    h.click("note:save");
    REQUIRE(h.run_until([&] { return h.state().at("noteNotice") == tr(Lang::zh, S::SavedLocally); }));
    CHECK(count_rows(store, "SELECT count(*) FROM note_versions WHERE note_id = 'note-demo-geo'") == 1);
    CHECK(stored(store, "body").find("白鹭") != std::string::npos);
    db::Connection c(store.string(), true);
    CHECK(c.query("SELECT body FROM note_versions WHERE note_id = 'note-demo-geo'").at(0).at(0) == body_before);
}
