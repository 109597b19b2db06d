// The outbox always drains (issue 10): thousands of offline saves of large
// notes arrive after reconnecting while pulling goes on; a batch a proxy
// refuses as too large without naming a change is split until it fits; a
// device whose clock runs days ahead gets its refused edits restamped from
// the server's clock; a change the server refuses is reverted on the device,
// listed under "needs attention" and can be sent again or discarded there.
// Real desktop clients (headless), a real server on 127.0.0.1, real SQLite.
#include "headless.hpp"

#include "zx/sync/sqlite.hpp"

#include <chrono>

namespace {

using namespace zx;
using namespace zx::client;
using namespace zx::test;

constexpr int64_t kDay = 24 * 3600 * 1000LL;

// Runs frames until `done`, for up to `seconds` of wall time.
bool run_for(Headless& h, int seconds, const std::function<bool()>& done) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < end) {
        h.frame();
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

int pending(Headless& h) { return h.state().at("sync").at("pending").get<int>(); }

// Saves `body` into the note open in the editor, as typing and Save would,
// and waits until the save is on the device (the outbox grew by `changes`).
void save_body(Headless& h, const std::string& body, int changes) {
    const int before = pending(h);
    h.app.test_ui().knowledge.note.body = body;
    h.app.test_ui().knowledge.note.dirty = true;
    h.click("note:save");
    const bool saved = run_for(h, 20, [&] { return pending(h) >= before + changes; });
    INFO("notice: " << h.state().at("noteNotice").get<std::string>() << ", pending " << pending(h) << " from " << before
                    << " outbox " << [&] {
                           db::Connection c((h.data / "zhixing-u-student1.sqlite3").string(), true);
                           std::string out;
                           for (const auto& row : c.query("SELECT body FROM outbox ORDER BY rowid")) {
                               const auto ch = json::parse(row[0].get<std::string>());
                               out += ch.at("collection").get<std::string>() + "/" + ch.at("record").get<std::string>() + ":" +
                                      std::to_string(ch.at("fields").dump().size()) + " ";
                           }
                           return out;
                       }());
    REQUIRE(saved);
}

// A note body of about `bytes`, different for each `i`.
std::string body_of(size_t bytes, int i) {
    std::string b = "# 湿地观察 第" + std::to_string(i) + "次\n\n";
    while (b.size() < bytes) b += "芦苇荡里有白鹭和苍鹭，水位比上周低了三厘米。";
    return b;
}

// The live records of `collection` the server holds for `user`.
std::map<std::string, json> server_records(ServerFixture& srv, const std::string& user, const std::string& collection) {
    std::map<std::string, json> out;
    srv.pull_all(user, [&](const json& rec) {
        if (rec.at("collection") == collection) out[rec.at("id").get<std::string>()] = rec.at("fields");
    });
    return out;
}

void open_note(Headless& h, const std::string& id) {
    h.click("nav:knowledge");
    h.click("note:" + id);
    h.frames(2);
    REQUIRE(h.app.test_ui().knowledge.note.id == id);
}

}  // namespace

TEST_CASE("a large outbox drains: thousands of offline saves of large notes arrive, and pulling goes on meanwhile") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    sign_in(h, "student1", "demo-student-1");
    srv.login("student1", "demo-student-1");
    srv.login("teacher1", "demo-teacher-1");
    const auto versions_before = server_records(srv, "student1", "note_versions").size();

    srv.stop();  // a week without a connection
    // Four saves of a note near the body limit: two of them (each with the
    // version it replaces) are already more than one request may carry.
    open_note(h, "note-demo-welcome");
    for (int i = 0; i < 4; ++i) save_body(h, body_of(250 * 1024, i), 2);
    // And many saves of a 6 KB note: far more than a batch may carry.
    open_note(h, "note-demo-geo");
    constexpr int kSaves = 1200;
    for (int i = 0; i < kSaves; ++i) save_body(h, body_of(6 * 1024, i), 2);
    const int queued = pending(h);
    CHECK(queued == 2 * (kSaves + 4));

    srv.restart();
    // Meanwhile the teacher publishes an activity: it must reach the device
    // while its own changes are still on the way.
    std::string the_class;
    srv.pull_all("teacher1", [&](const json& rec) {
        if (rec.at("collection") == "classes") the_class = rec.at("id").get<std::string>();
    });
    REQUIRE(!the_class.empty());
    const auto published = srv.write("teacher1", "activities", "act-outbox-test",
                                     {{"class_id", the_class}, {"kind", "homework"}, {"title", "观察记录整理"},
                                      {"body", "把一周的观察整理成表格。"}, {"due_date", "2026-12-20"}, {"published", true}});
    REQUIRE_MESSAGE(published.status == 200, published.raw);
    const size_t activities_before = count(h, "activities");
    bool pulled_while_pending = false;
    REQUIRE(run_for(h, 240, [&] {
        const auto s = h.state();
        const int p = s.at("sync").at("pending").get<int>();
        if (p > 0 && count(h, "activities") > activities_before) pulled_while_pending = true;
        return p == 0 && s.at("sync").at("status") == "synced" && count(h, "activities") > activities_before;
    }));
    CHECK(pulled_while_pending);
    CHECK(h.state().at("sync").at("rejected") == 0);

    // Everything arrived: every version, and each note's last text.
    CHECK(server_records(srv, "student1", "note_versions").size() == versions_before + kSaves + 4);
    const auto notes = server_records(srv, "student1", "notes");
    CHECK(notes.at("note-demo-geo").at("body") == body_of(6 * 1024, kSaves - 1));
    CHECK(notes.at("note-demo-welcome").at("body") == body_of(250 * 1024, 3));
}

TEST_CASE("a push refused as too large without naming a change (a proxy's 413) is split until it fits") {
    // A deployment behind a proxy that takes at most 200 KB per request.
    ServerFixture srv(ServerFixture::Options{.real_clock = true,
                                             .bases = demo_bases(),
                                             .configure = [](server::ServerConfig& c) { c.http.body_limit = 200 * 1024; }});
    Headless h(srv.url());
    sign_in(h, "student1", "demo-student-1");
    srv.login("student1", "demo-student-1");
    srv.stop();
    open_note(h, "note-demo-geo");
    // 30 saves of a 20 KB note: each change fits, a batch of them does not.
    for (int i = 0; i < 30; ++i) save_body(h, body_of(20 * 1024, i), 2);
    srv.restart();
    REQUIRE(run_for(h, 120, [&] { return pending(h) == 0 && h.state().at("sync").at("status") == "synced"; }));
    CHECK(h.state().at("sync").at("rejected") == 0);
    CHECK(server_records(srv, "student1", "notes").at("note-demo-geo").at("body") == body_of(20 * 1024, 29));
    // The proxy did refuse some batches as a whole: the split was needed.
    bool saw_413 = false;
    {
        std::lock_guard lock(srv.log_mu);
        for (const auto& line : srv.log) saw_413 = saw_413 || line.find(" 413 ") != std::string::npos;
    }
    CHECK(saw_413);
}

TEST_CASE("a device clock days ahead: its refused edits are restamped from the server's clock and arrive") {
    TestServer srv(demo_bases(), true);
    const fs::path data = temp_dir("clock");
    {
        Headless h(srv.url(), data);
        sign_in(h, "student1", "demo-student-1");
    }
    srv.stop();
    {
        // The same device after its clock jumped three days ahead, offline.
        Headless h(srv.url(), data, 3 * kDay);
        REQUIRE(h.run_until([&] { return h.state().at("signedIn") == true && h.state().contains("notes"); }));
        open_note(h, "note-demo-geo");
        save_body(h, "钟快了三天时写的。", 2);
        srv.restart();
        REQUIRE(run_for(h, 60, [&] {
            const auto s = h.state();
            return s.at("sync").at("pending") == 0 && s.at("sync").at("status") == "synced" &&
                   s.at("sync").at("rejected") == 0;
        }));
    }
    srv.login("student1", "demo-student-1");
    CHECK(server_records(srv, "student1", "notes").at("note-demo-geo").at("body") == "钟快了三天时写的。");
    {
        // A device with a right clock edits the note next: its edit is newer,
        // and wins (a clock left three days ahead would have beaten it).
        Headless other(srv.url());
        sign_in(other, "student1", "demo-student-1");
        open_note(other, "note-demo-geo");
        save_body(other, "钟正常的设备随后改的。", 2);
        REQUIRE(run_for(other, 30, [&] { return pending(other) == 0; }));
    }
    CHECK(server_records(srv, "student1", "notes").at("note-demo-geo").at("body") == "钟正常的设备随后改的。");
    fs::remove_all(data);
}

TEST_CASE("a change the server refuses is reverted on the device, shown under needs attention, and discarded there") {
    TestServer srv(demo_bases(), true);
    srv.login("admin", "demo-admin-1");
    Headless h(srv.url());
    sign_in(h, "staff1", "demo-staff-1");
    CHECK(h.state().at("items").contains("nav:attention") == false);  // listed only when something needs it

    // The base's staff, offline, change today's reason on the base.
    srv.stop();
    ImGui::GetIO().DisplaySize = {1280, 2000};  // a tall window: the base's management fields are in view
    h.app.select_base("zj-0003");
    h.click("nav:map");
    const bool manage = h.run_until([&] { return h.state().at("items").contains("manage:reason"); });
    REQUIRE(manage);
    h.type("manage:reason", "周末客流大");
    h.click("manage:save");
    REQUIRE(h.run_until([&] { return pending(h) == 1; }));

    // Meanwhile an administrator suspends the base; a base an admin stopped
    // stays stopped, so the staff's change is refused when it arrives.
    srv.restart();
    // (The fixture stamps its changes with its own clock: the time of day here.)
    srv.ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const auto suspended = srv.write("admin", "bases", "zj-0003",
                                     {{"status", "suspended"}, {"status_reason", "安全检查"}});
    REQUIRE_MESSAGE(suspended.status == 200, suspended.raw);
    const bool refused_shown = run_for(h, 60, [&] {
        const auto s = h.state();
        return s.at("sync").at("pending") == 0 && s.contains("refused") && s.at("refused").size() == 1 &&
               s.at("refused")[0].at("reverted") == true;
    });
    INFO(h.state().at("sync").dump() << " " << h.state().value("refused", json()).dump());
    REQUIRE(refused_shown);
    const auto refused = h.state().at("refused")[0];
    CHECK(refused.at("collection") == "bases");
    CHECK(refused.at("record") == "zj-0003");
    CHECK(!refused.at("problem").get<std::string>().empty());  // a coded reason, translated in the view
    // Not an error for ever: the status bar says what needs attention, and links to it.
    CHECK(h.state().at("sync").at("status") != "error");
    REQUIRE(h.run_until([&] { return h.state().at("selectedBaseStatus") == "suspended"; }));
    REQUIRE(h.state().at("items").contains("status:attention"));
    h.click("status:attention");
    CHECK(h.state().at("view") == "attention");
    const std::string change = refused.at("change").get<std::string>();
    REQUIRE(h.state().at("items").contains("refused:" + change));
    // What was typed is still readable before it goes.
    h.click("refused:show:" + change);
    CHECK(h.state().at("items").contains("refused:text:" + change + ":status_reason"));

    h.click("refused:discard:" + change);
    REQUIRE(h.run_until([&] { return h.state().at("refused").empty(); }));
    CHECK(h.state().at("items").contains("attention:none"));
    h.click("nav:map");
    CHECK(h.state().at("items").contains("nav:attention") == false);
    CHECK(h.state().at("selectedBaseStatus") == "suspended");
}

TEST_CASE("desktop: a note edited on two devices at once keeps both texts, and the conflict is settled in the editor") {
    TestServer srv(demo_bases(), true);
    const fs::path a_dir = temp_dir("device-a");
    {
        Headless a(srv.url(), a_dir);  // device A knows the note as it was
        sign_in(a, "student1", "demo-student-1");
    }
    {
        Headless b(srv.url());  // device B changes it and sends the change
        sign_in(b, "student1", "demo-student-1");
        open_note(b, "note-demo-geo");
        save_body(b, "平板上写的：长江是中国最长的河流。", 2);
        REQUIRE(run_for(b, 30, [&] { return pending(b) == 0; }));
    }
    srv.stop();
    Headless a(srv.url(), a_dir);  // A, offline, edits the text it has
    REQUIRE(a.run_until([&] { return a.state().at("signedIn") == true && a.state().contains("notes"); }));
    open_note(a, "note-demo-geo");
    save_body(a, "电脑上写的：黄河流经九个省区。", 2);
    srv.restart();
    // A's text is newer and wins; B's text is kept as a conflict, shown
    // under the note's text.
    REQUIRE(run_for(a, 60, [&] {
        const auto s = a.state();
        return s.at("sync").at("pending") == 0 && s.contains("conflicts") && s.at("conflicts").size() == 1;
    }));
    const auto conflict = a.state().at("conflicts")[0];
    CHECK(conflict.at("record") == "note-demo-geo");
    CHECK(conflict.at("field") == "body");
    const std::string id = conflict.at("id").get<std::string>();
    a.frames(2);
    REQUIRE(a.state().at("items").contains("conflict:use:" + id));
    CHECK(a.state().at("items").contains("status:attention"));
    a.click("conflict:use:" + id);
    REQUIRE(run_for(a, 30, [&] {
        const auto s = a.state();
        return s.at("conflicts").empty() && s.at("sync").at("pending") == 0;
    }));
    CHECK(a.app.test_ui().knowledge.note.body == "平板上写的：长江是中国最长的河流。");
    srv.login("student1", "demo-student-1");
    CHECK(server_records(srv, "student1", "notes").at("note-demo-geo").at("body") == "平板上写的：长江是中国最长的河流。");
    for (const auto& [cid, fields] : server_records(srv, "student1", "conflicts")) CHECK(fields.at("resolved") == true);
    fs::remove_all(a_dir);
}
