// Drafts in the desktop client against the real test server and a real
// SQLite store on disk (issue 11, item 8): text typed and not saved is in
// the store's drafts table a moment later, survives the app being closed and
// started again (it comes back into its field, in the view it was typed in),
// is gone once saved, and every draft is deleted at sign-out. A new note
// leaves no record until it has been saved with some text.
#include "headless.hpp"

#include "routes.hpp"

#include "zx/sync/sqlite.hpp"

using namespace zx;
using namespace zx::test;

namespace {

int64_t rows(const fs::path& store, const std::string& sql) {
    db::Connection c(store.string(), true);
    return c.query(sql).at(0).at(0).get<int64_t>();
}

bool drafts_written(Headless& h) {
    const auto d = h.state().at("drafts");
    return d.at("loaded") == true && d.at("unwritten") == 0;
}

}  // namespace

TEST_CASE("drafts: typing survives a restart, is cleared by saving, and goes at sign-out") {
    TestServer srv(demo_bases(), true);
    const auto data = temp_dir("drafts");
    const auto store = data / "zhixing-u-student1.sqlite3";
    const std::string typed = "湿地里的白鹭";
    int64_t notes_before = 0;
    {
        Headless h(srv.url(), data);
        sign_in(h, "student1", "demo-student-1");
        REQUIRE(h.run_until([&] { return rows(store, "SELECT count(*) FROM notes WHERE id = 'note-demo-geo'") == 1; }));
        notes_before = rows(store, "SELECT count(*) FROM notes");
        h.click("nav:knowledge");
        // A new note: typed into, never saved.
        h.click("note:new");
        REQUIRE(h.run_until([&] { return h.state().at("items").contains("note:title"); }));
        CHECK(h.state().at("link") == "/note/new");
        h.type("note:title", "新笔记");
        // An existing note's body: typed into, never saved.
        h.click("note:note-demo-geo");
        REQUIRE(h.run_until([&] { return h.state().at("editor").at("note") == "note-demo-geo"; }));
        h.click("note:body");
        ImGui::GetIO().AddInputCharactersUTF8(typed.c_str());
        h.frames(2);
        REQUIRE(h.run_until([&] { return drafts_written(h); }));
        CHECK(rows(store, "SELECT count(*) FROM drafts") == 2);
        CHECK(rows(store, "SELECT count(*) FROM drafts WHERE record_id = 'new' AND field = 'title'") == 1);
        CHECK(rows(store, "SELECT count(*) FROM drafts WHERE link = '/note/note-demo-geo'") == 1);
        CHECK(rows(store, "SELECT count(*) FROM notes") == notes_before);  // no empty note
    }
    {
        // Started again (no --open): back in the view and note the newest draft was typed in.
        Headless h(srv.url(), data);
        REQUIRE(h.run_until([&] {
            const auto s = h.state();
            return s.at("drafts").at("loaded") == true && s.at("editor").at("note") == "note-demo-geo";
        }));
        h.frames(3);
        auto s = h.state();
        CHECK(s.at("view") == "knowledge");
        CHECK(s.at("editor").at("body").get<std::string>().find(typed) != std::string::npos);
        CHECK(s.at("editor").at("dirty") == true);
        CHECK(rows(store, "SELECT count(*) FROM notes") == notes_before);
        // The new note's title comes back in the new note.
        h.click("note:new");
        REQUIRE(h.run_until([&] { return h.state().at("editor").at("title") == "新笔记"; }));
        // Saving it creates the note (with its text) and clears its drafts.
        h.click("note:save");
        REQUIRE(h.run_until([&] { return rows(store, "SELECT count(*) FROM notes WHERE title = '新笔记'") == 1; }));
        REQUIRE(h.run_until([&] {
            return drafts_written(h) && rows(store, "SELECT count(*) FROM drafts WHERE record_id = 'new'") == 0;
        }));
        CHECK(rows(store, "SELECT count(*) FROM notes") == notes_before + 1);
        // Saving the existing note clears its draft too.
        h.click("note:note-demo-geo");
        REQUIRE(h.run_until([&] { return h.state().at("editor").at("note") == "note-demo-geo"; }));
        h.frames(2);
        h.click("note:save");
        REQUIRE(h.run_until([&] { return drafts_written(h) && rows(store, "SELECT count(*) FROM drafts") == 0; }));
        CHECK(rows(store, "SELECT count(*) FROM notes WHERE id = 'note-demo-geo' AND body LIKE '%白鹭%'") == 1);
        // Typed again and signed out: the draft is deleted with the session.
        h.click("note:body");
        ImGui::GetIO().AddInputCharactersUTF8("再写一句");
        h.frames(2);
        REQUIRE(h.run_until([&] { return drafts_written(h) && rows(store, "SELECT count(*) FROM drafts") == 1; }));
        h.click("nav:settings");
        REQUIRE(h.run_until([&] { return h.state().at("items").contains("account:sign_out"); }));
        h.click("account:sign_out");
        REQUIRE(h.run_until([&] { return h.state().at("signedIn") == false; }));
        h.frames(5);
    }
    CHECK(rows(store, "SELECT count(*) FROM drafts") == 0);
    {
        // The same student signs in again: nothing comes back.
        Headless h(srv.url(), data);
        sign_in(h, "student1", "demo-student-1");
        REQUIRE(h.run_until([&] { return h.state().at("drafts").at("loaded") == true; }));
        CHECK(h.state().at("drafts").at("entries").empty());
    }
    fs::remove_all(data);
}

TEST_CASE("links: --open waits through sign-in, then shows the linked object; the link follows navigation") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url(), {}, 0, "/note/note-demo-geo");
    h.frames(5);
    CHECK(h.state().at("view") == "space");  // signed out: the sign-in form first
    CHECK(h.state().at("link") == "");       // the link is kept, not replaced by the home view's
    sign_in(h, "student1", "demo-student-1");
    REQUIRE(h.run_until([&] {
        const auto s = h.state();
        return s.at("view") == "knowledge" && s.at("editor").at("note") == "note-demo-geo";
    }));
    CHECK(h.state().at("link") == "/note/note-demo-geo");
    CHECK(h.state().at("address") == "/note/note-demo-geo");
    // Navigating moves the link with it.
    h.click("nav:map");
    REQUIRE(h.run_until([&] { return h.state().at("link") == "/map"; }));
    h.click("nav:activities");
    REQUIRE(h.run_until([&] { return h.state().at("link") == "/activities"; }));
}

TEST_CASE("links: one pair of functions parses and prints every route, and refuses crafted ones") {
    using client::Link;
    using client::ViewId;
    const Link cases[] = {
        {ViewId::space, "", "", ""},
        {ViewId::knowledge, "", "", ""},
        {ViewId::knowledge, "note-demo-geo", "", ""},
        {ViewId::knowledge, "new", "", ""},
        {ViewId::trips, "t-0123abcd", "", ""},
        {ViewId::map, "zj-0003", "", ""},
        {ViewId::activities, "act-1", "u-student2", ""},
        {ViewId::activities, "act-1", "", "sub-9"},
        {ViewId::settings, "", "", ""},
        {ViewId::attention, "", "", ""},
    };
    for (const auto& r : cases) {
        const auto printed = client::print_link(r);
        const auto back = client::parse_link(printed);
        REQUIRE_MESSAGE(back, printed);
        CHECK_MESSAGE(*back == r, printed);
        CHECK(client::parse_link("#" + printed) == back);
    }
    CHECK(client::print_link({ViewId::trips, "t-1", "", ""}) == "/trip/t-1");
    CHECK(client::print_link({ViewId::map, "zj-0003", "", ""}) == "/map/zj-0003");
    CHECK(client::print_link({ViewId::space, "", "", ""}) == "/");
    CHECK(client::parse_link("")->view == ViewId::space);
    for (const char* bad : {"/trip/<script>", "/nowhere", "/trip/a%2Fb", "/note/..", "/trip/x/child/y", "/activity/a/b/c",
                            "/map/zj 1", "/activity/a/child/"})
        CHECK_MESSAGE(!client::parse_link(bad), bad);
    CHECK(!client::parse_link("/trip/" + std::string(200, 'x')));
}
