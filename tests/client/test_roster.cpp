// A teacher's roster and cards in the headless desktop client against the
// real test server (issue 12): without a file picker the roster is pasted;
// a file the shared reader refuses is named on the device and nothing is
// sent; the server's report shows the new students' codes; the cards page
// is saved as a file (the desktop draws no HTML) with one card per student;
// a student then signs in the first time with the code from that page.
#include "headless.hpp"

#include "i18n.hpp"

#include "zx/core/format.hpp"

#include <doctest/doctest.h>

using namespace zx;
using namespace zx::test;

namespace {
constexpr const char* kClass = "cls-demo-7-1";

std::string item(const std::string& what) { return std::string("class:") + kClass + ":" + what; }
json roster_of(Headless& h) { return h.state().at("roster"); }

// The first sign-in code printed on the card of `student_no`.
std::string printed_code(const std::string& html, const std::string& student_no) {
    const auto card = html.find("data-student-no=\"" + student_no + "\"");
    if (card == std::string::npos) return "";
    const std::string open = "<b class=\"first-code\">";
    const auto at = html.find(open, card);
    const auto end = html.find("</article>", card);
    if (at == std::string::npos || at > end) return "";
    return html.substr(at + open.size(), html.find("</b>", at) - at - open.size());
}
}  // namespace

TEST_CASE("client: a teacher pastes the roster, prints the cards to a file, and a student signs in with the card's code") {
    TestServer srv(demo_bases(), true);
    std::string code;
    {
        Headless h(srv.url());
        sign_in(h, "teacher1", "demo-teacher-1");
        REQUIRE(h.run_until([&] { return h.state().at("items").contains(item("roster")); }));
        // The desktop has no file picker: the button opens a field to paste into.
        h.click(item("roster"));
        REQUIRE(h.state().at("items").contains(item("roster:text")));

        // Checked on the device first: a roster without a number column is
        // refused here, in the user's language, and nothing reaches the server.
        const auto seq = srv.max_seq();
        h.type(item("roster:text"), "姓名,年级\n李明,7\n");
        h.click(item("roster:start"));
        REQUIRE(h.run_until([&] { return !roster_of(h).at("notice").get<std::string>().empty(); }));
        CHECK(roster_of(h).at("ok") == false);
        CHECK(roster_of(h).at("notice").get<std::string>().find("学号") != std::string::npos);
        CHECK(roster_of(h).at("imported") == 0);
        CHECK(srv.max_seq() == seq);

        // Select all (Ctrl+A) and delete, as a person would.
        h.click(item("roster:text"));
        ImGui::GetIO().AddKeyEvent(ImGuiMod_Ctrl, true);
        h.key(ImGuiKey_A);
        ImGui::GetIO().AddKeyEvent(ImGuiMod_Ctrl, false);
        h.key(ImGuiKey_Backspace);
        h.type(item("roster:text"), "姓名,学号,年级\n李明,2026001,7\n王小红,2026003,7\n");
        h.click(item("roster:start"));
        REQUIRE(h.run_until([&] { return roster_of(h).at("imported") == 1; }));
        const auto report = roster_of(h).at("notice").get<std::string>();
        CHECK(report.find("新建 1 名学生，1 名加入班级") != std::string::npos);
        CHECK(report.find("sch-demo-2026003") != std::string::npos);  // the new student's user name and code
        CHECK_FALSE(h.state().at("items").contains(item("roster:text")));  // the field is done
        // The numbers arrive by sync and show beside the names.
        REQUIRE(h.run_until([&] { return h.state().at("sync").at("status") == "synced"; }));

        // Printing: the page is fetched with a one-use ticket and saved as a file.
        h.click(item("cards"));
        REQUIRE(h.run_until([&] { return !roster_of(h).at("savedTo").get<std::string>().empty(); }));
        CHECK(roster_of(h).at("ok") == true);
        const fs::path saved = roster_of(h).at("savedTo").get<std::string>();
        CHECK(roster_of(h).at("notice").get<std::string>().find(saved.string()) != std::string::npos);
        std::ifstream in(saved, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const auto html = ss.str();
        fs::remove(saved);
        size_t cards = 0;
        for (size_t at = html.find("<article class=\"card\""); at != std::string::npos; at = html.find("<article class=\"card\"", at + 1))
            ++cards;
        CHECK(cards == 3);  // 李明, 张华 and 王小红
        CHECK(html.find("<svg") != std::string::npos);
        code = printed_code(html, "2026003");
        CHECK(printed_code(html, "2026001").empty());  // 李明 has a password
    }
    REQUIRE(code.size() == 12);

    // The student, on another device: first sign-in with the code from the card.
    Headless s(srv.url());
    s.frames(3);
    s.click("auth:first");
    // A new child window takes a few frames to be laid out.
    REQUIRE(s.run_until([&] { return s.state().at("items").contains("auth:first_code"); }));
    s.type("auth:first_code", code);
    s.type("auth:first_password", "wang-xiaohong-2026");
    s.click("auth:first_submit");
    REQUIRE(s.run_until([&] { return s.state().at("signedIn") == true; }));
    CHECK(s.state().at("notice").get<std::string>().find("sch-demo-2026003") != std::string::npos);
    REQUIRE(s.run_until([&] { return s.state().at("sync").at("status") == "synced"; }));
    CHECK(srv.login("sch-demo-2026003", "wang-xiaohong-2026").size() > 0);
}
