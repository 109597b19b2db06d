// The API as a contract, over real HTTP against an in-process server with
// the demo data: the route table and the OpenAPI document agree and every
// documented operation exists; unknown routes and wrong methods are answered
// from the table; refusals carry their problem (code, field, params) and a
// refused push change its index and id; the wire types read back what they
// write.
#include "raw_http.hpp"
#include "routes.hpp"
#include "server_fixture.hpp"

#include "zx/core/format.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/schema.hpp"
#include "zx/tours/base_io.hpp"
#include "zx/wire/api.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

using nlohmann::json;
using namespace zx;

namespace {

using Fixture = zx::test::ServerFixture;
using Reply = zx::test::JsonReply;
constexpr auto call = &zx::test::call_json;

const char* kClass = "cls-demo-7-1";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A concrete path for each pattern of the table, naming something that
// exists and that teacher1 (or an admin) may reach.
std::string concrete(const std::string& pattern) {
    static const std::map<std::string, std::vector<std::pair<std::string, std::string>>> values{
        {api::kBasePath, {{"id", "zj-0003"}}},
        {api::kGuardianCodesPath, {{"id", kClass}}},
        {api::kJoinCodePath, {{"id", kClass}}},
        {api::kSessionPath, {{"id", "s-unknown"}}},  // (the operations check uses a real one)
        {api::kRecordPath, {{"collection", "classes"}, {"id", kClass}}},
        {api::kKioskRevokePath, {{"id", "kiosk-unknown"}}},
        {api::kRosterPath, {{"id", kClass}}},
        {api::kCardTicketsPath, {{"id", kClass}}},
        {api::kCardsPagePath, {{"ticket", "t-unknown"}}},  // a used or unknown ticket answers 410
    };
    if (pattern.find('{') == std::string::npos) return pattern;
    const auto it = values.find(pattern);
    REQUIRE_MESSAGE(it != values.end(), "no example values for " << pattern << ": add them to concrete()");
    return format(pattern, it->second);
}

// The problem of an error answer, checked against the expected status, HTTP
// code and problem code; answers the error for further checks.
api::Error problem_of(const Reply& r, int status, const char* code, Code problem) {
    CHECK_MESSAGE(r.status == status, r.raw);
    REQUIRE_MESSAGE(r.body.is_object(), r.raw);
    api::Error e;
    from_json(r.body, e);
    CHECK(e.code == code);
    CHECK_MESSAGE(e.problem == to_code(problem), r.raw);
    CHECK_FALSE(e.message.empty());
    const auto p = e.as_problem();
    REQUIRE(p.has_value());
    CHECK(p->code == problem);
    return e;
}

// Every "$ref" in `j` points into `doc`.
void check_refs(const json& doc, const json& j) {
    if (j.is_object()) {
        if (const auto it = j.find("$ref"); it != j.end()) {
            const auto ref = it->get<std::string>();
            REQUIRE_MESSAGE(ref.rfind("#/", 0) == 0, ref);
            CHECK_MESSAGE(doc.contains(json::json_pointer(ref.substr(1))), "dangling $ref " << ref);
        }
        for (const auto& [k, v] : j.items()) check_refs(doc, v);
    } else if (j.is_array()) {
        for (const auto& v : j) check_refs(doc, v);
    }
}

}  // namespace

TEST_CASE("the OpenAPI document is made from the route table and every operation in it answers") {
    Fixture f;
    const auto r = f.get_public(api::kOpenApiPath);
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    const json& doc = r.body;

    // (c) structurally OpenAPI 3: version, info, paths, components, and no
    // reference that leads nowhere.
    REQUIRE(doc.is_object());
    CHECK(doc["openapi"].get<std::string>().rfind("3.", 0) == 0);
    CHECK(doc["info"]["title"].is_string());
    CHECK(doc["info"]["version"].is_string());
    REQUIRE(doc["paths"].is_object());
    REQUIRE(doc["components"]["schemas"].is_object());
    CHECK(doc["components"]["securitySchemes"]["bearer"] == json{{"type", "http"},
                                                                 {"scheme", "bearer"},
                                                                 {"description", doc["components"]["securitySchemes"]["bearer"]["description"]}});
    check_refs(doc, doc);
    for (const auto& [path, item] : doc["paths"].items()) {
        CAPTURE(path);
        CHECK(path.rfind("/", 0) == 0);
        for (const auto& [method, op] : item.items()) {
            if (method == "parameters") continue;
            CHECK(op["responses"].is_object());
            CHECK_FALSE(op["summary"].get<std::string>().empty());
            CHECK(op["operationId"].is_string());
        }
    }

    // (a) every route of the table, with each of its methods, and who may call it.
    std::set<std::pair<std::string, std::string>> in_table;
    for (const auto& e : server::api_routes()) {
        for (const auto& m : e.methods) {
            CAPTURE(m);
            CAPTURE(e.path);
            in_table.emplace(e.path, lower(m));
            const auto op = doc["paths"][e.path][lower(m)];
            REQUIRE(op.is_object());
            CHECK(op["summary"] == e.summary);
            CHECK(op["x-zhixing-auth"] == server::to_code(e.auth));
            CHECK(op["security"].empty() == (e.auth == server::Auth::none));
            CHECK(op["responses"].contains(std::to_string(e.status)));
            if (!e.request.empty()) CHECK(op.contains("requestBody"));
            std::set<std::string> documented;
            for (const auto& p : op.value("parameters", json::array())) documented.insert(p.value("name", ""));
            for (const auto& q : e.query) CHECK(documented.count(q.name) == 1);
        }
    }
    // … and nothing else.
    std::set<std::pair<std::string, std::string>> in_doc;
    for (const auto& [path, item] : doc["paths"].items())
        for (const auto& [method, op] : item.items())
            if (method != "parameters") in_doc.emplace(path, method);
    CHECK(in_doc == in_table);

    // (b) every operation of the document exists: with its method, and a
    // valid session of someone who may call it, it answers anything but 404
    // or 405 (most answer 400 to an empty body).
    for (const auto& [pattern, item] : doc["paths"].items())
        for (const auto& [method, op] : item.items()) {
            if (method == "parameters") continue;
            std::string m = method;
            std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
            auto path = concrete(pattern);
            const auto auth = op["x-zhixing-auth"].get<std::string>();
            std::string token;
            if (auth == "admin") token = f.login("admin", "demo-admin-1");
            else if (auth != "none") token = f.login("teacher1", "demo-teacher-1");
            if (pattern == api::kSessionPath)  // one that exists: the session just opened
                path = format(pattern, {{"id", call(f.port(), "GET", api::kSessionsPath, "", token)
                                                   .body["sessions"][0]["id"]
                                                   .get<std::string>()}});
            CAPTURE(m);
            CAPTURE(path);
            const auto got = call(f.port(), m, path, m == "GET" ? "" : "{}", token);
            CHECK_MESSAGE(got.status != 404, got.raw);
            CHECK_MESSAGE(got.status != 405, got.raw);
            CHECK_MESSAGE(got.status < 500, got.raw);
        }
}

TEST_CASE("unknown routes answer 404 and wrong methods 405 with Allow from the table") {
    Fixture f;
    for (const char* path : {"/api/v1/nothing", "/api/v1/bases/zj-0003/more", "/api/v1/records/notes", "/api/v1",
                             "/api/v1/", "/api/v1/classes/x/guardian-codes/y"}) {
        CAPTURE(path);
        const auto r = call(f.port(), "GET", path, "", "");
        CHECK(r.status == 404);
        CHECK(r.body["error"]["code"] == "not_found");
        CHECK(r.body["error"]["message"].get<std::string>().find(api::kOpenApiPath) != std::string::npos);
    }
    // For every path of the table, a method it does not take.
    std::map<std::string, std::set<std::string>> methods;
    for (const auto& e : server::api_routes())
        for (const auto& m : e.methods) methods[e.path].insert(m);
    for (const auto& [pattern, allowed] : methods) {
        const auto path = concrete(pattern);
        CAPTURE(path);
        std::string allow;
        for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m + (m == "GET" ? ", HEAD" : "");
        for (const char* wrong : {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
            if (allowed.count(wrong)) continue;
            const auto r = zx::test::send_json(f.port(), wrong, path, "{}", "");
            CAPTURE(wrong);
            CHECK(r.status == 405);
            CHECK(r.header("allow") == allow);
            CHECK(json::parse(r.body)["error"]["code"] == "method_not_allowed");
        }
    }
    // An exact segment wins over a {name}: GET of the import is a wrong method,
    // not a base called "import".
    const auto g = zx::test::send_json(f.port(), "GET", api::kBasesImportPath, "", "");
    CHECK(g.status == 405);
    CHECK(g.header("allow") == "POST");
    // HEAD wherever GET is.
    const auto head = zx::test::request(
        f.port(), "HEAD " + concrete(api::kBasePath) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", true);
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    // Query parameters: only those a route takes, with the values it allows.
    CHECK(f.get_public(std::string(api::kHealthPath) + "?verbose=1").status == 400);
    f.login("admin", "demo-admin-1");
    const auto bad_value = call(f.port(), "POST", std::string(api::kBasesImportPath) + "?dry_run=maybe",
                                R"({"type":"FeatureCollection","features":[]})", f.tokens["admin"]);
    CHECK(bad_value.status == 400);
    CHECK(zx::test::error_message(bad_value).find("dry_run") != std::string::npos);
}

TEST_CASE("refusals carry the problem behind them") {
    Fixture f;
    SUBCASE("accounts and sessions") {
        const auto wrong = call(f.port(), "POST", api::kLoginPath, R"({"username":"student1","password":"not-it-at-all"})", "");
        problem_of(wrong, 401, api::code::unauthorized, Code::bad_credentials);
        const auto nobody = call(f.port(), "POST", api::kLoginPath, R"({"username":"ghost","password":"not-it-at-all"})", "");
        CHECK(problem_of(nobody, 401, api::code::unauthorized, Code::bad_credentials) ==
              problem_of(wrong, 401, api::code::unauthorized, Code::bad_credentials));  // nothing tells them apart

        const auto short_pw = call(f.port(), "POST", api::kRegisterPath,
                                   R"({"username":"newbie","password":"short","display_name":"x","role":"student"})", "");
        CHECK(problem_of(short_pw, 400, api::code::bad_request, Code::too_short).field == "password");
        CHECK(problem_of(short_pw, 400, api::code::bad_request, Code::too_short).as_problem()->param("min") == "12");
        const auto admin = call(f.port(), "POST", api::kRegisterPath,
                                R"({"username":"boss","password":"123456789012","display_name":"x","role":"admin"})", "");
        CHECK(problem_of(admin, 400, api::code::bad_request, Code::unknown_value).field == "role");

        problem_of(call(f.port(), "GET", api::kMePath, "", ""), 401, api::code::unauthorized, Code::sign_in_required);
        problem_of(call(f.port(), "GET", api::kMePath, "", "made-up"), 401, api::code::unauthorized, Code::session_invalid);
        f.login("student1", "demo-student-1");
        f.ms += 2 * 3600'000;  // past the fixture's idle limit of an hour
        problem_of(f.get("student1", api::kMePath), 401, api::code::unauthorized, Code::session_expired);
    }
    SUBCASE("classes and guardian codes") {
        f.login("student1", "demo-student-1");
        f.login("teacher1", "demo-teacher-1");
        f.login("parent1", "demo-parent-1");
        const auto unknown = f.post("student1", api::kJoinClassPath, {{"code", "nope2345"}});
        const auto e = problem_of(unknown, 404, api::code::not_found, Code::unknown_class_code);
        CHECK(e.field == "code");
        CHECK(e.as_problem()->param("value") == "NOPE2345");
        const auto teacher_only = f.post("student1", api::kClassesPath, {{"name", "x"}, {"grade", 3}});
        const auto t = problem_of(teacher_only, 403, api::code::forbidden, Code::role_required);
        CHECK(t.as_problem()->param("role") == "teacher");
        CHECK(t.message == "only teachers create classes");
        const auto grade = f.post("teacher1", api::kClassesPath, {{"name", "x"}, {"grade", 13}});
        CHECK(problem_of(grade, 400, api::code::bad_request, Code::out_of_range).field == "grade");
        problem_of(f.post("parent1", api::kLinkGuardianPath, {{"code", "ABCD2345"}}), 404, api::code::not_found,
                   Code::unknown_guardian_code);
        const auto other_class = f.post("teacher1", format(api::kGuardianCodesPath, {{"id", "cls-elsewhere"}}),
                                        {{"student_id", "u-student1"}});
        const auto n = problem_of(other_class, 404, api::code::not_found, Code::not_found);
        CHECK(n.as_problem()->param("collection") == "classes");
        CHECK(n.as_problem()->param("id") == "cls-elsewhere");

        // The guardian code reads back through its wire type.
        const auto issued = f.post("teacher1", format(api::kGuardianCodesPath, {{"id", kClass}}),
                                   {{"student_id", "u-student1"}});
        REQUIRE(issued.status == 201);
        const auto g = api::guardian_code_from_json(issued.body);
        CHECK(g.code.size() == 8);
        CHECK(g.student_id == "u-student1");
        CHECK(g.expires_at > f.ms.load());
        api::Me me;
        from_json(f.get("teacher1", api::kMePath).body, me);
        CHECK(me.user.username == "teacher1");
        REQUIRE(me.classes.size() == 1);
        CHECK(me.classes[0].id == kClass);
        CHECK(me.classes[0].join_code == "JOIN7A23");
    }
    SUBCASE("records, roles and schemas") {
        f.login("student1", "demo-student-1");
        f.login("teacher1", "demo-teacher-1");
        const auto missing = f.get("student1", format(api::kRecordPath, {{"collection", "notes"}, {"id", "nope"}}));
        const auto e = problem_of(missing, 404, api::code::not_found, Code::not_found);
        CHECK(e.params == std::vector<std::pair<std::string, std::string>>{{"collection", "notes"}, {"id", "nope"}});

        const auto import = call(f.port(), "POST", api::kBasesImportPath, R"({"type":"FeatureCollection","features":[]})",
                                 f.tokens["teacher1"]);
        const auto i = problem_of(import, 403, api::code::forbidden, Code::role_required);
        CHECK(i.as_problem()->param("role") == "admin");
        CHECK(i.message.find("only administrators may import bases") == 0);

        json stale = {{"schema_version", 1}, {"cursor", 0}};
        const auto old = problem_of(f.post("student1", api::kPullPath, stale), 426, api::code::upgrade_required,
                                    Code::schema_too_old);
        CHECK(old.as_problem()->param("have") == "1");
        CHECK(old.as_problem()->param("min") == std::to_string(server::kMinClientSchema));
        stale["schema_version"] = 99;
        const auto future = problem_of(f.post("student1", api::kPullPath, stale), 400, api::code::bad_request,
                                       Code::schema_too_new);
        CHECK(future.as_problem()->param("max") == std::to_string(schema::latest_version()));

        // Authorization refusals: not_allowed, the action as a short phrase.
        const auto cls = f.write("student1", "classes", kClass, {{"name", "mine"}});
        const auto c = problem_of(cls, 403, api::code::forbidden, Code::not_allowed);
        CHECK(c.as_problem()->param("action") == std::string("change class ") + kClass);
        CHECK(c.change == 0);

        // A batch id someone else used.
        const json batch{{"schema_version", schema::latest_version()},
                         {"node", "dev"},
                         {"batch_id", "shared-batch"},
                         {"changes", json::array({f.change("student1", "notes", "n-1", {{"title", "a"}})})}};
        REQUIRE(f.post("student1", api::kPushPath, batch).status == 200);
        problem_of(f.post("teacher1", api::kPushPath, batch), 409, api::code::conflict, Code::conflict);
    }
}

TEST_CASE("a refused change of a push batch is named by its index and id") {
    Fixture f;
    f.login("student1", "demo-student-1");
    const auto before = f.max_seq();
    json changes = json::array({f.change("student1", "notes", "ok-1", {{"title", "one"}}),
                                f.change("student1", "notes", "ok-2", {{"title", "two"}}),
                                f.change("student1", "activities", "not-mine", {{"title", "x"}, {"class_id", kClass}})});
    SUBCASE("refused by authorization") {
        const auto r = f.push("student1", changes);
        const auto e = problem_of(r, 403, api::code::forbidden, Code::role_required);
        CHECK(e.change == 2);
        CHECK(e.change_id == changes[2]["id"]);
        CHECK(e.field == "changes[2]");
        CHECK(e.message.rfind("changes[2]: ", 0) == 0);  // for clients that read the message
    }
    SUBCASE("refused by the clock") {
        changes[2] = f.change("student1", "notes", "ok-3", {{"title", "three"}});
        changes[1]["hlc"] = hlc::format(static_cast<uint64_t>(f.ms.load()) + 90'000'000'000ull, 0, "dev");
        const auto e = problem_of(f.push("student1", changes), 400, api::code::bad_request, Code::clock_ahead);
        CHECK(e.change == 1);
        CHECK(e.change_id == changes[1]["id"]);
        CHECK(e.field == "changes[1].hlc");
        CHECK(e.message.rfind("changes[1]: ", 0) == 0);
    }
    SUBCASE("refused when read") {
        changes[2] = f.change("student1", "notes", "ok-3", {{"title", "three"}, {"mood", "fine"}});
        const auto r = f.push("student1", changes);
        CHECK(r.status == 400);
        api::Error e;
        from_json(r.body, e);
        CHECK(e.change == 2);
        CHECK(e.change_id == changes[2]["id"]);
        CHECK(e.message.rfind("changes[2]: ", 0) == 0);
    }
    SUBCASE("a problem of the batch as a whole names no change") {
        changes[2] = changes[0];  // the same change id twice
        const auto r = f.push("student1", changes);
        CHECK(r.status == 400);
        api::Error e;
        from_json(r.body, e);
        CHECK_FALSE(e.change.has_value());
        CHECK(e.change_id.empty());
        CHECK_FALSE(r.body["error"].contains("change"));
    }
    CHECK(f.max_seq() == before);  // all or nothing
}

TEST_CASE("the import answers a typed report whose rows carry their problems") {
    Fixture f;
    f.login("admin", "demo-admin-1");
    const json features = json::array(
        {{{"type", "Feature"},
          {"id", "imp-ok"},
          {"geometry", {{"type", "Point"}, {"coordinates", {120.1, 30.2}}}},
          {"properties", {{"name", "好"}, {"category", "nature"}, {"level", "national"}}}},
         {{"type", "Feature"},
          {"id", "imp-swapped"},
          {"geometry", {{"type", "Point"}, {"coordinates", {30.2, 120.1}}}},
          {"properties", {{"name", "换"}, {"category", "nature"}, {"level", "national"}}}}});
    const auto text = json{{"type", "FeatureCollection"}, {"features", features}}.dump();
    const auto r = call(f.port(), "POST", std::string(api::kBasesImportPath) + "?dry_run=1", text, f.tokens["admin"]);
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    api::ImportResult report;
    from_json(r.body, report);
    CHECK(report.added == 1);
    CHECK(report.rows == 2);
    CHECK(report.dry_run);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].row == 1);
    CHECK(report.errors[0].id == "imp-swapped");
    // The row's problem as the shared reader found it, code, field and params.
    const auto local = import_geojson(text);
    REQUIRE(local.errors.size() == 1);
    CHECK(report.errors[0].problem == local.errors[0].problem);
    CHECK(r.body["errors"][0]["problem"] == to_code(local.errors[0].problem.code));
    // What the server wrote is what the type writes.
    CHECK(json(report) == r.body);

    // A file that cannot be read at all: the file's problem, named as the import's.
    const auto broken = call(f.port(), "POST", api::kBasesImportPath, "{\"type\":", f.tokens["admin"]);
    CHECK(broken.status == 400);
    CHECK(broken.body["error"]["problem"] == "malformed");
    CHECK(broken.body["error"]["message"].get<std::string>().rfind("GeoJSON import: ", 0) == 0);
}

TEST_CASE("wire types read back what they write, and old bodies still read") {
    api::Error full{"forbidden", "changes[3]: no"};
    full.problem = "not_allowed";
    full.field = "changes[3]";
    full.params = {{"action", "delete notes/x"}};
    full.change = 3;
    full.change_id = "c-9";
    const json j = full;
    CHECK(j == json::parse(R"({"error":{"code":"forbidden","message":"changes[3]: no","problem":"not_allowed",
        "field":"changes[3]","params":{"action":"delete notes/x"},"change":3,"change_id":"c-9"}})"));
    api::Error back;
    from_json(j, back);
    CHECK(back == full);
    CHECK(back.as_problem() == Problem{Code::not_allowed, "changes[3]", {{"action", "delete notes/x"}}, "changes[3]: no"});

    api::Error old;
    from_json(json::parse(R"({"error":{"code":"not_found","message":"gone"}})"), old);
    CHECK(old == api::Error{"not_found", "gone"});
    CHECK_FALSE(old.as_problem().has_value());
    CHECK(json(old).dump() == R"({"error":{"code":"not_found","message":"gone"}})");

    const api::Session s{"tok", {"u-1", "li", "李", api::Role::parent}};
    CHECK(api::session_from_json(json(s)).user == s.user);
    const api::ClassInfo c{"cls-1", "一班", 7, "ABCD2345"};
    CHECK(api::class_from_json(json(c)) == c);
    const api::GuardianCode g{"ABCD2345", "u-2", 123};
    CHECK(api::guardian_code_from_json(json(g)) == g);
    const api::Me me{s.user, {c}, {{"u-2", "kid", "孩子", api::Role::student}}};
    api::Me me_back;
    from_json(json(me), me_back);
    CHECK(me_back == me);

    // Requests: the client's writer and the server's strict reader agree.
    const api::RegisterRequest reg{"newkid", "123456789012", "新同学", api::Role::teacher, "abcd2345efgh"};
    const auto reg_back = api::parse_register(json(reg));
    CHECK(reg_back.username == reg.username);
    CHECK(reg_back.role == reg.role);
    CHECK(reg_back.invitation == "ABCD2345EFGH");
    const api::ChangePasswordRequest pw{"old password", "a new long password"};
    CHECK(api::parse_change_password(json(pw)).new_password == pw.new_password);
    CHECK(api::parse_teacher_invitation_request(json(api::TeacherInvitationRequest{"sch-1", "一中"})).school_name == "一中");
    const api::SessionList sessions{{{"s-1", 1, 2, 3, true}}};
    CHECK(json(sessions).get<api::SessionList>() == sessions);
    const api::TeacherInvitation inv{"ABCD2345EFGH", "sch-1", 9};
    CHECK(json(inv).get<api::TeacherInvitation>() == inv);
    CHECK(json(api::RegisterAccepted{"newkid"}).get<api::RegisterAccepted>() == api::RegisterAccepted{"newkid"});
    CHECK(api::parse_login(json(api::LoginRequest{"a", "b"})).password == "b");
    CHECK(api::parse_create_class(json(api::CreateClassRequest{"二班", 8})).grade == 8);
    CHECK(api::parse_code_request(json(api::CodeRequest{"abcd2345"})).code == "ABCD2345");
    CHECK(api::parse_guardian_code_request(json(api::GuardianCodeRequest{"u-3"})).student_id == "u-3");

    api::ImportResult report;
    report.added = 2;
    report.rows = 3;
    report.errors.push_back({4, "b-1", "x is wrong", problem(Code::unknown_value, "category", "x is wrong", {{"value", "x"}}), false});
    api::ImportResult report_back;
    from_json(json(report), report_back);
    CHECK(report_back == report);
}
