// Writes the server's OpenAPI document and one sample of every schema in it,
// made by the wire types' own to_json, for the independent check with
// Debian's python3-jsonschema and openapi-specification
// (tests/server/openapi_check.py):
//
//   zx_openapi_dump BASES.tsv OUT.json
//
// OUT.json is {"document": …, "samples": {"Health": …, …}}: the check
// validates the document against the official OpenAPI 3.0 schema and each
// sample against its component schema, so a schema that no longer describes
// what the server sends fails there.
#include "cards.hpp"
#include "openapi.hpp"
#include "routes.hpp"

#include "zx/core/cli.hpp"
#include "zx/core/error.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/schema.hpp"
#include "zx/sync/sync.hpp"
#include "zx/tours/base_io.hpp"
#include "zx/tours/demo_data.hpp"
#include "zx/tours/roster.hpp"
#include "zx/tours/student_card.hpp"
#include "zx/wire/api.hpp"
#include "zx/wire/kiosk.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>

using nlohmann::json;
using namespace zx;

namespace {

json samples(const std::vector<Base>& demo) {
    json s;
    std::vector<Base> bases(demo.begin(), demo.begin() + 3);
    for (auto& b : bases) add_demo_details(b);
    bases[0].rating = 4.5;
    bases[0].rating_count = 2;
    bases[0].rating_detail = {4, 5, 4.5, 3};
    bases[1].photos = {"https://example.org/a.jpg"};
    bases[1].status = BaseStatus::suspended;
    bases[1].status_reason = "检修";
    Route route{"route-1", "西湖线", "一日", {{bases[0].id, 540, 600, "观察", 0, ""}, {bases[1].id, 660, 720, "记录", 30, "bus"}}};

    s["Health"] = api::Health{"ok", "0.1.0", schema::latest_version(), 240};
    s["RatingDetail"] = json(bases[0])["rating_detail"];
    s["Base"] = bases[0];
    s["RouteStop"] = stops_to_json(route.stops)[0];
    auto route_json = route_fields(route);
    route_json["id"] = route.id;
    s["Route"] = route_json;
    s["BaseList"] = api::BaseList{bases, true, {route}};
    s["GeoJson"] = json::parse(to_geojson(bases, {route}));
    s["ImportFile"] = "id,name,category,level,lat,lon\nx-1,某基地,nature,national,30.2,120.1\n";

    // A real report: one good row, one with latitude and longitude swapped,
    // one unknown column (a warning).
    const auto report = import_csv("id,name,category,level,lat,lon,colour\n"
                                   "x-1,甲,nature,national,30.2,120.1,red\n"
                                   "x-2,乙,nature,national,120.1,30.2,blue\n");
    api::ImportResult result;
    result.added = 1;
    result.rows = report.rows_seen;
    result.errors = report.errors;
    s["ImportResult"] = result;
    s["ImportRowError"] = json(result)["errors"].at(0);

    api::Error error = api::error_of(api::code::forbidden, located(problem(Code::not_allowed, "", "user a may not delete notes/x",
                                                                             {{"action", "delete notes/x"}}),
                                                                     "changes[2]"));
    error.change = 2;
    error.change_id = "c-3";
    s["Error"] = error;

    const api::UserInfo user{"u-1", "student1", "李明", api::Role::student};
    const api::ClassInfo cls{"cls-1", "七年级(1)班", 7, "JOIN7A23", 1'792'592'000'000};
    s["UserInfo"] = user;
    s["RegisterRequest"] = api::RegisterRequest{"newteacher", "a long password", "陈老师", api::Role::teacher, "ABCD2345EFGH"};
    s["RegisterAccepted"] = api::RegisterAccepted{"newteacher"};
    s["ChangePasswordRequest"] = api::ChangePasswordRequest{"a long password", "another long one"};
    const api::SessionInfo session{"s-1", 1'790'000'000'000, 1'790'000'060'000, 1'791'209'660'000, true};
    s["SessionInfo"] = session;
    s["SessionList"] = api::SessionList{{session, {"s-2", 1'789'000'000'000, 1'789'500'000'000, 1'790'709'600'000, false}}};
    s["TeacherInvitationRequest"] = api::TeacherInvitationRequest{"sch-new", "新建学校"};
    s["TeacherInvitation"] = api::TeacherInvitation{"ABCD2345EFGH", "sch-new", 1'791'209'600'000};
    s["LoginRequest"] = api::LoginRequest{"student1", "demo-student-1"};
    s["Session"] = api::Session{"token", user};
    s["CreateClassRequest"] = api::CreateClassRequest{"七年级(2)班", 7};
    s["ClassInfo"] = cls;
    s["CodeRequest"] = api::CodeRequest{"JOIN7A23"};
    s["GuardianCodeRequest"] = api::GuardianCodeRequest{"u-1"};
    s["GuardianCode"] = api::GuardianCode{"ABCD2345", "u-1", 1'790'000'000'000};
    s["Me"] = api::Me{{"u-2", "parent1", "家长", api::Role::parent}, {cls}, {user}};

    // A real roster report: one good row and one whose number is not one.
    const auto roster = parse_roster("姓名,学号,年级\n李明,2026001,7\n张华,2026_2,7\n", {.class_grade = 7});
    api::RosterImportResult imported;
    imported.class_id = "cls-1";
    imported.created = 1;
    imported.rows = roster.rows_seen;
    imported.students = {{2, api::RosterOutcome::created, "u-3", "李明", "2026001", "sch-demo-2026001", "ABCD2345EFGH",
                          1'792'592'000'000}};
    imported.errors = roster.errors;
    s["RosterImportRequest"] = api::RosterImportRequest{"姓名,学号,年级\n李明,2026001,7\n"};
    s["RosterStudent"] = json(imported)["students"].at(0);
    s["RosterImportResult"] = imported;
    s["CardTicketRequest"] = api::CardTicketRequest{"en"};
    s["CardTicket"] = api::CardTicket{"/api/v1/cards/abc", 1'790'000'120'000};
    s["CardsPage"] = server::cards_html({"zh-CN", "知行实验学校", "七年级(1)班", {{"李明", "2026001", "sch-demo-2026001",
                                                                              card_payload("sch-demo", "2026001"), "", 0}}});
    s["FirstSignInRequest"] = api::FirstSignInRequest{"ABCD2345EFGH", "a long password"};

    const auto hlc = hlc::format(1'790'000'000'000, 1, "dev");
    sync::Change change;
    change.id = "c-1";
    change.collection = "notes";
    change.record = "n-1";
    change.hlc = hlc;
    change.fields = {{"title", "笔记"}, {"body", "正文"}};
    change.base = {{"body", hlc}};
    change.deleted = false;
    sync::Record record = sync::empty_record("notes", "n-1");
    sync::apply(record, change);
    record.seq = 17;
    s["Change"] = sync::to_json(change);
    s["Record"] = sync::to_json(record);
    s["PushRequest"] = sync::to_json(sync::PushRequest{schema::latest_version(), "dev", "b-1", {change}});
    s["PushResponse"] = sync::to_json(sync::PushResponse{{{"c-1", 17}}, hlc});
    s["PullRequest"] = sync::to_json(sync::PullRequest{schema::latest_version(), 0, "", 500});
    sync::PullResponse pull;
    pull.records = {record};
    pull.removed = {{"notes", "n-0"}};
    pull.cursor = 17;
    pull.epoch = "e";
    pull.server_hlc = hlc;
    s["PullResponse"] = sync::to_json(pull);

    // Kiosks (zx/wire/kiosk.hpp).
    s["EnrolmentRequest"] = api::EnrolmentRequest{bases[0].id};
    s["Enrolment"] = api::Enrolment{"ABCD2345EF", bases[0].id, 1'790'086'400'000};
    s["EnrolRequest"] = api::EnrolRequest{"ABCD2345EF", "东门入口 1 号机"};
    s["EnrolAnswer"] = api::EnrolAnswer{"kiosk-1", "zxk_secret", bases[0].id, bases[0].name};
    const api::KioskDeviceInfo device{"kiosk-1", bases[0].id, "东门入口 1 号机", 1'790'000'000'000, 1'790'000'060'000, 0, ""};
    s["KioskDevice"] = device;
    s["KioskDevices"] = api::KioskDevices{{device}};
    s["RevokeRequest"] = api::RevokeRequest{"设备丢失"};
    api::KioskToday today{bases[0].id, bases[0].name, "2026-12-02", 1'790'000'000'000, {}};
    today.trips.push_back({"trip-1", "西湖湿地研学", "sch-demo", "知行实验学校", 480, 960, {0}, 2, "观察",
                           {{"u-1", "李明", "S2026-001", "一组", false, {"in"}}}});
    s["KioskToday"] = today;
    AttendanceEvent ev;
    ev.trip_id = "trip-1";
    ev.student_id = "u-1";
    ev.stop = 0;
    ev.base_id = bases[0].id;
    ev.kind = AttendanceKind::in;
    ev.at = 1'790'000'000'000;
    ev.method = CheckinMethod::qr;
    ev.id = attendance_id(ev.trip_id, ev.student_id, ev.stop, ev.kind);
    const api::KioskEventsRequest events{1'790'000'000'500, {ev}};
    s["KioskEvents"] = events;
    s["AttendanceEvent"] = json(events)["events"][0];
    api::KioskEventsAnswer answer;
    answer.results.push_back({ev.id, "recorded", std::nullopt});
    answer.results.push_back({"att-x", "refused", api::error_of(api::code::not_found,
                                                               problem(Code::not_on_roster, "student_id", "no such number",
                                                                       {{"value", "S9"}}))});
    s["KioskEventsAnswer"] = answer;
    api::LiveEvent changed;
    changed.seq = 17;
    s["LiveEvent"] = changed;
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    std::string bases_path, out_path;
    zx::cli::Parser cli("zx_openapi_dump",
                        "Writes the server's OpenAPI document and one sample of every schema in it, made by the wire "
                        "types' to_json, for tests/server/openapi_check.py.");
    cli.text("BASES.tsv", "", "the demo bases the samples are made from", bases_path).required();
    cli.text("OUT.json", "", "where {\"document\", \"samples\"} goes", out_path).required();
    if (const auto r = cli.parse(argc, argv); r.exit) {
        std::fputs(r.text.c_str(), r.exit_code == 0 ? stdout : stderr);
        return r.exit_code;
    }
    try {
        std::ifstream in(bases_path, std::ios::binary);
        if (!in) throw std::runtime_error("cannot read " + bases_path);
        std::stringstream ss;
        ss << in.rdbuf();
        auto doc = server::openapi_document(server::api_routes());
        auto s = samples(parse_bases_tsv(ss.str()));
        s["OpenApi"] = doc;
        std::ofstream out(out_path, std::ios::binary);
        out << json{{"document", std::move(doc)}, {"samples", std::move(s)}}.dump(2) << '\n';
        if (!out) throw std::runtime_error("cannot write " + out_path);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "zx_openapi_dump: %s\n", e.what());
        return 1;
    }
    return 0;
}
