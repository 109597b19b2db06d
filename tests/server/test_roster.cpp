// Class rosters, student cards and first sign-in over real HTTP against an
// in-process server with a real SQLite file and the demo accounts (issue
// 12): an import makes accounts, memberships and student numbers and links
// the class's own students; the same file again writes nothing; bad rows
// are named by line and field and a file that cannot be read writes nothing;
// only the class's teacher may; the printable page has one QR code per
// student whose content, decoded for real (rsvg-convert, then zbarimg),
// is the card payload; a ticket and a first sign-in code work once.
#include "raw_http.hpp"
#include "server_fixture.hpp"

#include "zx/core/format.hpp"
#include "zx/sync/fields.hpp"
#include "zx/tours/student_card.hpp"
#include "zx/wire/api.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

using nlohmann::json;
using namespace zx;

namespace {

using Fixture = zx::test::ServerFixture;
using Reply = zx::test::JsonReply;
constexpr const char* kClass = "cls-demo-7-1";   // 七年级(1)班: teacher1, with student1 李明 and student2 张华
constexpr const char* kOther = "cls-demo-4-2";   // 四年级(2)班: teacher4
constexpr const char* kSchool = "sch-demo";

// 李明 and 张华 joined with the class code and have no numbers: their rows
// link them. The other two are new.
constexpr const char* kRoster =
    "\xEF\xBB\xBF姓名,学号,年级\r\n"
    "李明,2026001,7\r\n"
    "张华,2026002,七年级\r\n"
    "王小红,2026003,初一\r\n"
    "\r\n"
    "赵<b>雷</b>,2026004,7\r\n";

std::string roster_path(const std::string& cls) { return zx::format(api::kRosterPath, {{"id", cls}}); }
std::string problem_of(const Reply& r) { return r.body.is_object() ? fields::text(r.body["error"], "problem") : ""; }

Reply import(Fixture& f, const std::string& user, const std::string& csv, const std::string& cls = kClass) {
    return f.post(user, roster_path(cls), json(api::RosterImportRequest{csv}));
}

api::RosterImportResult result_of(const Reply& r) {
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    api::RosterImportResult out;
    from_json(r.body, out);
    return out;
}

const api::RosterStudent& student(const api::RosterImportResult& r, const std::string& no) {
    for (const auto& s : r.students)
        if (s.student_no == no) return s;
    FAIL("no student " << no << " in the report");
    throw std::logic_error("unreachable");
}

struct StoredUser {
    std::string id, name, username, school, student_no;
    bool password = false;
};
// The class's students as the database has them, by number.
std::map<std::string, StoredUser> class_students(Fixture& f, const std::string& cls = kClass) {
    std::map<std::string, StoredUser> out;
    f.srv->store().read([&](db::Connection& c) {
        for (const auto& row : c.query(
                 "SELECT u.id, u.display_name, u.username, u.school_id, coalesce(u.student_no, ''), "
                 "EXISTS (SELECT 1 FROM credentials k WHERE k.user_id = u.id) "
                 "FROM memberships m JOIN users u ON u.id = m.user_id "
                 "WHERE m.class_id = ?1 AND m.role = 'student' AND m.deleted = 0",
                 json::array({cls}))) {
            StoredUser u{row[0].get<std::string>(), row[1].get<std::string>(), row[2].get<std::string>(),
                         row[3].get<std::string>(), row[4].get<std::string>(), row[5].get<int64_t>() != 0};
            out[u.student_no] = u;
        }
    });
    return out;
}

// The roster file itself as the body (Content-Type: text/csv), as a script would send it.
zx::test::RawResponse post_csv(Fixture& f, const std::string& user, const std::string& csv) {
    return zx::test::request(f.port(), "POST " + roster_path(kClass) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                       "Authorization: Bearer " + f.tokens.at(user) + "\r\nContent-Type: text/csv\r\n"
                                       "Content-Length: " + std::to_string(csv.size()) + "\r\n\r\n" + csv);
}

Reply first_sign_in(Fixture& f, const std::string& code, const std::string& password) {
    return zx::test::call_json(f.port(), "POST", api::kFirstSignInPath,
                               json(api::FirstSignInRequest{code, password}).dump(), "");
}

Reply login(Fixture& f, const std::string& user, const std::string& password) {
    return zx::test::call_json(f.port(), "POST", api::kLoginPath, json(api::LoginRequest{user, password}).dump(), "");
}

// A ticket for the card page of `cls`, as `user`.
Reply ticket(Fixture& f, const std::string& user, const std::string& cls = kClass, const std::string& lang = "zh-CN") {
    return f.post(user, zx::format(api::kCardTicketsPath, {{"id", cls}}), json(api::CardTicketRequest{lang}));
}

// What a command prints on stdout, and its exit status.
std::pair<int, std::string> run(const std::string& command) {
    std::string out;
    FILE* p = ::popen(command.c_str(), "r");
    REQUIRE_MESSAGE(p, command);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    return {::pclose(p), out};
}

struct PrintedCard {
    std::string student_no, svg, first_code;
};
// The cards of the page: each <article class="card">, its number, its QR
// code's SVG and its first sign-in code.
std::vector<PrintedCard> cards_of(const std::string& html) {
    std::vector<PrintedCard> out;
    auto between = [](const std::string& s, const std::string& open, const std::string& close, size_t from = 0) {
        const auto a = s.find(open, from);
        if (a == std::string::npos) return std::string();
        const auto b = s.find(close, a + open.size());
        return b == std::string::npos ? std::string() : s.substr(a + open.size(), b - a - open.size());
    };
    for (size_t at = html.find("<article class=\"card\""); at != std::string::npos;
         at = html.find("<article class=\"card\"", at + 1)) {
        const auto end = html.find("</article>", at);
        const auto card = html.substr(at, end - at);
        PrintedCard c;
        c.student_no = between(card, "data-student-no=\"", "\"");
        if (const auto s = card.find("<svg"); s != std::string::npos) c.svg = card.substr(s, card.find("</svg>", s) + 6 - s);
        c.first_code = between(card, "<b class=\"first-code\">", "</b>");
        out.push_back(c);
    }
    return out;
}

// The text of a QR code drawn as SVG, read the way a phone would: rendered
// to a picture by librsvg (rsvg-convert) and decoded by ZBar (zbarimg).
std::string decode_qr(const std::filesystem::path& dir, const std::string& name, const std::string& svg) {
    const auto svg_path = dir / (name + ".svg"), png_path = dir / (name + ".png");
    std::ofstream(svg_path, std::ios::binary) << svg;
    const auto [rendered, _] = run("rsvg-convert --width 330 --height 330 --background-color white -o '" + png_path.string() +
                                   "' '" + svg_path.string() + "' 2>&1");
    REQUIRE_MESSAGE(rendered == 0, "rsvg-convert (librsvg2-bin, scripts/deps.sh) failed on " << svg_path);
    // stdout is the decoded text alone; stderr (where zbarimg also chats
    // about D-Bus) goes to a file, for the message when nothing was read.
    const auto err_path = dir / (name + ".err");
    const auto [status, text] = run("zbarimg --quiet --raw -Sdisable -Sqrcode.enable '" + png_path.string() + "' 2>'" +
                                    err_path.string() + "'");
    REQUIRE_MESSAGE(status == 0, "zbarimg (zbar-tools, scripts/deps.sh) read no QR code in " << png_path << ": "
                                                                                            << zx::test::read_file(err_path.string()));
    auto out = text;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

}  // namespace

TEST_CASE("roster: an import makes accounts, memberships and student numbers, and links the class's own students") {
    Fixture f;
    f.login("teacher1", "demo-teacher-1");
    const auto r = result_of(import(f, "teacher1", kRoster));
    CHECK(r.class_id == kClass);
    CHECK(r.rows == 4);
    CHECK(r.created == 2);
    CHECK(r.linked == 2);
    CHECK(r.unchanged == 0);
    CHECK(r.errors.empty());
    REQUIRE(r.students.size() == 4);
    CHECK(student(r, "2026001").outcome == api::RosterOutcome::linked);
    CHECK(student(r, "2026001").user_id == "u-student1");
    CHECK(student(r, "2026002").user_id == "u-student2");
    const auto& made = student(r, "2026003");
    CHECK(made.outcome == api::RosterOutcome::created);
    CHECK(made.row == 4);
    CHECK(made.name == "王小红");
    CHECK(made.username == "sch-demo-2026003");
    CHECK(made.first_code.size() == 12);
    CHECK(made.first_code_expires_at > f.ms.load());
    CHECK(student(r, "2026001").first_code.empty());  // they have a password

    const auto stored = class_students(f);
    REQUIRE(stored.size() == 4);
    for (const auto& no : {"2026001", "2026002", "2026003", "2026004"}) {
        CAPTURE(no);
        REQUIRE(stored.count(no));
        CHECK(stored.at(no).school == kSchool);
    }
    CHECK(stored.at("2026001").id == "u-student1");
    CHECK(stored.at("2026001").name == "李明");
    CHECK(stored.at("2026004").name == "赵<b>雷</b>");
    CHECK(stored.at("2026003").password == false);  // awaiting their first sign-in
    CHECK(stored.at("2026001").password == true);

    // The class's teacher receives the new students with their numbers by
    // sync; the new student is not yet one who can sign in.
    std::map<std::string, std::string> numbers;
    f.pull_all("teacher1", [&](const json& rec) {
        if (rec["collection"] == "users") numbers[rec["id"].get<std::string>()] = fields::text(rec["fields"], "student_no");
    });
    CHECK(numbers[made.user_id] == "2026003");
    CHECK(numbers["u-student1"] == "2026001");
    CHECK(login(f, made.username, "").status == 401);

    // Another class's teacher sees none of them.
    f.login("teacher4", "demo-teacher-4");
    bool seen = false;
    f.pull_all("teacher4", [&](const json& rec) { seen = seen || rec["id"] == made.user_id; });
    CHECK_FALSE(seen);
}

TEST_CASE("roster: importing the same file again changes nothing and reports every row unchanged") {
    Fixture f;
    f.login("teacher1", "demo-teacher-1");
    (void)result_of(import(f, "teacher1", kRoster));
    const auto before = class_students(f);
    const auto seq = f.max_seq();
    const auto again = result_of(import(f, "teacher1", kRoster));
    CHECK(again.created == 0);
    CHECK(again.linked == 0);
    CHECK(again.unchanged == 4);
    CHECK(again.errors.empty());
    for (const auto& s : again.students) {
        CHECK(s.outcome == api::RosterOutcome::unchanged);
        CHECK(s.first_code.empty());
    }
    CHECK(f.max_seq() == seq);  // not one record written
    const auto after = class_students(f);
    CHECK(after.size() == before.size());
    for (const auto& [no, u] : before) CHECK(after.at(no).id == u.id);

    // A student of the school already numbered is put in another class of
    // the same school by that class's roster (linked), not made twice.
    f.login("teacher4", "demo-teacher-4");
    const auto other = result_of(import(f, "teacher4", "王小红,2026003,4\n", kOther));
    CHECK(other.linked == 1);
    CHECK(other.students.at(0).user_id == before.at("2026003").id);
    // A dry run says what would happen and stores nothing.
    const auto seq2 = f.max_seq();
    const auto dry = f.post("teacher1", roster_path(kClass) + "?dry_run=1", json(api::RosterImportRequest{"新生,2026099,7\n"}));
    const auto dr = result_of(dry);
    CHECK(dr.dry_run);
    CHECK(dr.created == 1);
    CHECK(dr.students.at(0).first_code.empty());
    CHECK(f.max_seq() == seq2);
    CHECK(class_students(f).count("2026099") == 0);
}

TEST_CASE("roster: bad rows are named by line and field and skipped; a file that cannot be read writes nothing") {
    Fixture f;
    f.login("teacher1", "demo-teacher-1");
    const auto r = result_of(import(f, "teacher1",
                                    "姓名,学号,年级\n"
                                    "王小红,2026003,7\n"     // 2 good
                                    ",2026005,7\n"           // 3 no name
                                    "钱七,20 26/7,7\n"       // 4 not a number
                                    "孙八,2026008,8\n"       // 5 another grade
                                    "周九,2026003,7\n"));    // 6 the number again
    CHECK(r.created == 1);
    CHECK(r.rows == 5);
    struct Want {
        size_t row;
        const char* problem;
        const char* field;
    };
    const std::vector<Want> want{{3, "required", "name"}, {4, "not_a_student_no", "student_no"},
                                 {5, "grade_mismatch", "grade"}, {6, "duplicate", "student_no"}};
    REQUIRE(r.errors.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        CAPTURE(want[i].row);
        CHECK(r.errors[i].row == want[i].row);
        CHECK(to_code(r.errors[i].problem.code) == want[i].problem);
        CHECK(r.errors[i].problem.field == want[i].field);
    }
    // On the wire too: row, problem and field of each.
    const auto wire = import(f, "teacher1", "姓名,学号\n,2026010\n");
    REQUIRE(wire.status == 200);
    CHECK(wire.body["errors"][0]["row"] == 2);
    CHECK(wire.body["errors"][0]["problem"] == "required");
    CHECK(wire.body["errors"][0]["field"] == "name");

    // A different name for a number already taken is a warning; the account keeps its name.
    const auto renamed = result_of(import(f, "teacher1", "王晓红,2026003,7\n"));
    CHECK(renamed.unchanged == 1);
    REQUIRE(renamed.errors.size() == 1);
    CHECK(renamed.errors[0].warning);
    CHECK(renamed.errors[0].problem.code == Code::name_differs);
    CHECK(class_students(f).at("2026003").name == "王小红");

    // GBK, as Excel saves "CSV" on a Chinese system, sent as the file: refused
    // whole, the encoding named, nothing written.
    const auto seq = f.max_seq();
    const std::string gbk = "\xD0\xD5\xC3\xFB,\xD1\xA7\xBA\xC5\r\n\xC0\xEE\xCB\xC4,2026020\r\n";  // 姓名,学号 / 李四,2026020
    const auto refused = post_csv(f, "teacher1", gbk);
    CHECK(refused.status == 400);
    auto body = json::parse(refused.body);
    CHECK(body["error"]["problem"] == "file_encoding");
    CHECK(body["error"]["params"]["encoding"] == "GBK");
    CHECK(f.max_seq() == seq);
    // The same file as UTF-8, sent the same way, imports.
    const auto utf8 = post_csv(f, "teacher1", "姓名,学号\r\n李四,2026020\r\n");
    CHECK(utf8.status == 200);
    CHECK(class_students(f).count("2026020") == 1);
    // No rows at all: refused whole.
    const auto empty = import(f, "teacher1", "姓名,学号,年级\n\n");
    CHECK(empty.status == 400);
    CHECK(problem_of(empty) == "required");
}

TEST_CASE("roster and cards: only the class's teacher; other roles 403, another class's teacher 404") {
    Fixture f;
    f.login("teacher1", "demo-teacher-1");
    f.login("teacher4", "demo-teacher-4");
    f.login("student1", "demo-student-1");
    f.login("parent1", "demo-parent-1");
    const auto seq = f.max_seq();
    for (const auto& [user, status, problem] : std::vector<std::tuple<std::string, int, std::string>>{
             {"student1", 403, "role_required"}, {"parent1", 403, "role_required"}, {"teacher4", 404, "not_found"}}) {
        CAPTURE(user);
        const auto r = import(f, user, kRoster);
        CHECK(r.status == status);
        CHECK(problem_of(r) == problem);
        const auto t = ticket(f, user);
        CHECK(t.status == status);
        CHECK(problem_of(t) == problem);
    }
    // A class that does not exist answers like one of another teacher's.
    CHECK(import(f, "teacher1", kRoster, "cls-nope").status == 404);
    // Without a session: 401.
    CHECK(zx::test::call_json(f.port(), "POST", roster_path(kClass), json(api::RosterImportRequest{kRoster}).dump(), "").status == 401);
    CHECK(f.max_seq() == seq);
}

TEST_CASE("cards: one QR code per student holding the card payload, decoded for real; the ticket works once") {
    Fixture f;
    f.login("teacher1", "demo-teacher-1");
    const auto r = result_of(import(f, "teacher1", kRoster));
    const auto t = ticket(f, "teacher1");
    REQUIRE_MESSAGE(t.status == 201, t.raw);
    api::CardTicket tk;
    from_json(t.body, tk);
    CHECK(tk.path.rfind("/api/v1/cards/", 0) == 0);
    CHECK(tk.path.find(f.tokens.at("teacher1")) == std::string::npos);  // never the session
    CHECK(tk.expires_at > f.ms.load());

    // A browser tab sends no session: the ticket alone opens the page.
    const auto page = zx::test::get(f.port(), tk.path);
    REQUIRE_MESSAGE(page.status == 200, page.body);
    CHECK(page.header("content-type").rfind("text/html", 0) == 0);
    CHECK(page.header("cache-control") == "no-store");
    CHECK(page.header("content-security-policy").find("default-src 'none'") != std::string::npos);
    CHECK(page.body.find("七年级(1)班") != std::string::npos);
    CHECK(page.body.find("size: A4") != std::string::npos);
    // A name is text, never markup.
    CHECK(page.body.find("赵<b>雷</b>") == std::string::npos);
    CHECK(page.body.find("赵&lt;b&gt;雷&lt;/b&gt;") != std::string::npos);

    const auto cards = cards_of(page.body);
    const auto stored = class_students(f);
    REQUIRE(cards.size() == stored.size());
    std::set<std::string> numbers;
    for (const auto& c : cards) {
        CAPTURE(c.student_no);
        REQUIRE(stored.count(c.student_no));
        REQUIRE_FALSE(c.svg.empty());
        CHECK(decode_qr(f.dir, "qr-" + c.student_no, c.svg) == card_payload(kSchool, c.student_no));
        numbers.insert(c.student_no);
        // A first sign-in code on the cards of those without a password only.
        CHECK(c.first_code.empty() == stored.at(c.student_no).password);
    }
    CHECK(numbers.size() == 4);
    // Each QR code appears once: as many <svg> elements as cards.
    size_t svgs = 0;
    for (size_t at = page.body.find("<svg"); at != std::string::npos; at = page.body.find("<svg", at + 1)) ++svgs;
    CHECK(svgs == cards.size());

    // Once: opened again, it is gone; so is a ticket past its time.
    CHECK(zx::test::get(f.port(), tk.path).status == 410);
    CHECK(zx::test::get(f.port(), "/api/v1/cards/made-up-ticket").status == 410);
    const auto late = ticket(f, "teacher1", kClass, "en");
    REQUIRE(late.status == 201);
    f.ms += 10 * 60 * 1000;
    CHECK(zx::test::get(f.port(), late.body["path"].get<std::string>()).status == 410);
    // A HEAD does not use a ticket up.
    const auto en = ticket(f, "teacher1", kClass, "en");
    const auto path = en.body["path"].get<std::string>();
    CHECK(zx::test::request(f.port(), "HEAD " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", true).status == 200);
    const auto english = zx::test::get(f.port(), path);
    CHECK(english.status == 200);
    CHECK(english.body.find("First sign-in code") != std::string::npos);
    (void)r;
}

TEST_CASE("first sign-in: the code sets the password once, then works no more; printing the cards renews it") {
    Fixture f;
    f.login("teacher1", "demo-teacher-1");
    const auto r = result_of(import(f, "teacher1", kRoster));
    const auto& wang = student(r, "2026003");
    const auto& zhao = student(r, "2026004");

    // Codes are read case-insensitively; a short password is refused before the code is spent.
    auto lower = wang.first_code;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    CHECK(first_sign_in(f, lower, "short").status == 400);
    const auto s = first_sign_in(f, lower, "wang-xiaohong-2026");
    REQUIRE_MESSAGE(s.status == 200, s.raw);
    CHECK(s.body["user"]["id"] == wang.user_id);
    CHECK(s.body["user"]["username"] == wang.username);
    // The session works; the password signs in from now on.
    CHECK(zx::test::call_json(f.port(), "GET", api::kMePath, "", s.body["token"].get<std::string>()).status == 200);
    CHECK(login(f, wang.username, "wang-xiaohong-2026").status == 200);
    // The code again: refused, and the password stays.
    const auto again = first_sign_in(f, wang.first_code, "someone-elses-pass");
    CHECK(again.status == 400);
    CHECK(problem_of(again) == "unknown_first_code");
    CHECK(login(f, wang.username, "wang-xiaohong-2026").status == 200);
    CHECK(login(f, wang.username, "someone-elses-pass").status == 401);
    CHECK(problem_of(first_sign_in(f, "ABCDEFGHJKMN", "a-long-password")) == "unknown_first_code");

    // Printing the cards issues new codes to those still waiting: the code of
    // the import stops working, the printed one works (once).
    const auto t = ticket(f, "teacher1");
    const auto page = zx::test::get(f.port(), t.body["path"].get<std::string>());
    REQUIRE(page.status == 200);
    std::string printed;
    for (const auto& c : cards_of(page.body)) {
        if (c.student_no == "2026004") printed = c.first_code;
        if (c.student_no == "2026003") CHECK(c.first_code.empty());  // signed in already
    }
    REQUIRE(printed.size() == 12);
    CHECK(printed != zhao.first_code);
    CHECK(first_sign_in(f, zhao.first_code, "zhao-lei-password").status == 400);
    CHECK(first_sign_in(f, printed, "zhao-lei-password").status == 200);
    CHECK(first_sign_in(f, printed, "zhao-lei-password").status == 400);

    // An unused code expires.
    const auto more = result_of(import(f, "teacher1", "钱七,2026007,7\n"));
    f.ms += 31ll * 24 * 3600 * 1000;
    CHECK(problem_of(first_sign_in(f, more.students.at(0).first_code, "qian-qi-password")) == "unknown_first_code");
}
