// Runs our scheduler and timetable code for the independent checks in
// tests/unit/fsrs_check.mjs (ts-fsrs under node) and tests/unit/ics_check.py
// (Debian's python3-icalendar and dateutil).
//
//   zx_check_cli fsrs < histories.json > cards.json
//   zx_check_cli ics OUT.ics EXPECTED.json
#include "zx/core/cli.hpp"
#include "zx/space/fsrs.hpp"
#include "zx/space/timetable.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

using nlohmann::json;
using namespace zx;

namespace {

int run_fsrs() {
    const auto in = json::parse(std::cin);
    const fsrs::Params params;
    json out = json::array();
    for (const auto& history : in.at("histories")) {
        fsrs::Card card;
        json steps = json::array();
        for (const auto& r : history) {
            card = fsrs::review(card, static_cast<fsrs::Grade>(r.at("grade").get<int>()), r.at("at").get<int64_t>(), params);
            steps.push_back({{"due", card.due_ms},
                             {"stability", card.stability},
                             {"difficulty", card.difficulty},
                             {"scheduled_days", card.scheduled_days},
                             {"reps", card.reps},
                             {"lapses", card.lapses}});
        }
        out.push_back(steps);
    }
    std::cout << out.dump() << "\n";
    return 0;
}

// A term with holidays, lessons on all/odd/even weeks, a one-off trip.
int run_ics(const char* ics_path, const char* expected_path) {
    timetable::Term t;
    t.id = "autumn";
    t.name = "2026 秋季学期";
    t.start = {2026, 9, 1};
    t.end = {2027, 1, 15};
    for (int d = 1; d <= 7; ++d) t.holidays.push_back({2026, 10, d});  // National Day week
    t.holidays.push_back({2027, 1, 1});
    auto weekly = [](std::string id, std::string title, int wd, int s, int e, timetable::Weeks w) {
        timetable::Entry x;
        x.id = std::move(id);
        x.title = std::move(title);
        x.weekday = wd;
        x.start_min = s;
        x.end_min = e;
        x.weeks = w;
        x.location = "教学楼 A201";
        return x;
    };
    std::vector<timetable::Entry> es{
        weekly("chinese", "语文", 1, 8 * 60, 8 * 60 + 45, timetable::Weeks::all),
        weekly("math", "数学", 3, 9 * 60 + 55, 10 * 60 + 40, timetable::Weeks::all),
        weekly("lab", "科学实验（单周）", 4, 14 * 60, 15 * 60 + 30, timetable::Weeks::odd),
        weekly("club", "研学社团（双周）", 4, 14 * 60, 15 * 60 + 30, timetable::Weeks::even),
        weekly("pe", "体育, 游泳; 1\\2", 5, 15 * 60 + 40, 16 * 60 + 25, timetable::Weeks::all),
    };
    timetable::Entry trip;
    trip.id = "trip";
    trip.title = "西湖湿地研学";
    trip.location = "杭州市西湖区";
    trip.date = timetable::Date{2026, 11, 18};
    trip.start_min = 7 * 60 + 30;
    trip.end_min = 17 * 60;
    es.push_back(trip);

    std::ofstream(ics_path, std::ios::binary) << timetable::to_ics(es, &t, "七年级(1)班课表", 1'790'000'000'000);
    json expected = json::array();
    for (const auto& o : timetable::expand(es, &t, t.start, t.end)) {
        char start[32], end[32];
        std::snprintf(start, sizeof start, "%02d:%02d", o.start_min / 60, o.start_min % 60);
        std::snprintf(end, sizeof end, "%02d:%02d", o.end_min / 60, o.end_min % 60);
        expected.push_back({{"uid", o.entry_id + "@zhixing"}, {"summary", o.title}, {"date", timetable::format(o.date)},
                            {"start", start}, {"end", end}});
    }
    std::ofstream(expected_path) << expected.dump(1);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string cmd, ics_path, expected_path;
    zx::cli::Parser cli("zx_check_cli", "Runs our FSRS scheduler or timetable code for the independent checks.");
    cli.choice("COMMAND", "", "fsrs: histories on stdin, cards on stdout; ics: a timetable", cmd, {"fsrs", "ics"})
        .required();
    cli.text("OUT.ics", "", "ics: where the timetable's iCalendar export goes", ics_path);
    cli.text("EXPECTED.json", "", "ics: where the occurrences it must contain go", expected_path);
    cli.note("Examples:\n  zx_check_cli fsrs < histories.json > cards.json\n  zx_check_cli ics OUT.ics EXPECTED.json");
    auto r = cli.parse(argc, argv);
    if (!r.exit && cmd == "fsrs" && !ics_path.empty()) r = cli.fail("fsrs takes no file arguments");
    if (!r.exit && cmd == "ics" && expected_path.empty()) r = cli.fail("ics needs OUT.ics and EXPECTED.json");
    if (r.exit) {
        std::fputs(r.text.c_str(), r.to_stderr() ? stderr : stdout);
        return r.exit_code;
    }
    return cmd == "fsrs" ? run_fsrs() : run_ics(ics_path.c_str(), expected_path.c_str());
}
