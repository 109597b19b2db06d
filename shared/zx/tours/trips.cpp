#include "zx/tours/trips.hpp"

#include "zx/core/error.hpp"
#include "zx/core/hash.hpp"
#include "zx/sync/model.hpp"
#include "zx/space/timetable.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace zx {

using nlohmann::json;

namespace {

constexpr int kDayMin = 24 * 60;
constexpr size_t kMaxTitleBytes = 150;
using model::kMaxShortBytes;

std::string hhmm(int min) { return timetable::format_hhmm(min); }


std::string_view mode_label(std::string_view mode) {
    if (mode == "bus") return "乘大巴";
    if (mode == "walk") return "步行";
    if (mode == "boat") return "乘船";
    if (mode == "train") return "乘火车";
    if (mode == "metro") return "乘地铁";
    return "";
}

// A short, stable stand-in for a student id inside a record id (student ids
// may be as long as a whole record id).
std::string id_digest(std::string_view s) { return hex64(fnv1a64(s)); }

// A stop as planned: the base and the times the class is there.
struct PlannedStop {
    const Base* base = nullptr;
    int arrive_min = 0, leave_min = 0;
    std::string task;
    int travel_min = 0;
    std::string mode;
};

// The base a problem is about, as parameters: its id, name and reason.
std::vector<std::pair<std::string, std::string>> about(const Base& b,
                                                       std::vector<std::pair<std::string, std::string>> more = {}) {
    more.insert(more.begin(), {{"base", b.name}, {"base_id", b.id}, {"reason", b.status_reason}});
    return more;
}

std::string stop_number(size_t i) { return std::to_string(i + 1); }

// The stops of a valid plan, or the first problem with them.
std::optional<Problem> plan_stops(const TripPlan& p, const std::optional<Route>& route, const std::vector<Base>& bases,
                                  std::vector<PlannedStop>& out) {
    std::map<std::string, const Base*, std::less<>> by_id;
    for (const auto& b : bases) by_id.emplace(b.id, &b);
    auto find = [&](const std::string& id) -> const Base* {
        const auto it = by_id.find(id);
        return it == by_id.end() ? nullptr : it->second;
    };
    if (route) {
        for (const auto& s : route->stops)
            out.push_back({find(s.base_id), s.arrive_min, s.leave_min, s.task, s.travel_min, s.mode});
    } else {
        for (const auto& id : p.base_ids) {
            const Base* b = find(id);
            // Without a route there are no stop times: the class is there
            // some time within the trip's hours, doing the base's first course.
            std::string task = b && !b->courses.empty() ? b->courses.front() : "研学参观";
            out.push_back({b, p.start_min, p.end_min, std::move(task), 0, ""});
        }
    }
    if (out.empty())
        return problem(Code::trip_no_stops, "stops", "the trip has no stops: plan it from a route or pick at least one base");
    const std::vector<std::string> ids = route ? [&] {
        std::vector<std::string> v;
        for (const auto& s : route->stops) v.push_back(s.base_id);
        return v;
    }() : p.base_ids;
    for (size_t i = 0; i < out.size(); ++i) {
        const auto& s = out[i];
        if (!s.base)
            return problem(Code::not_found, "stop " + stop_number(i), "stop {stop}: base {id} is not a known base",
                           {{"stop", stop_number(i)}, {"collection", "bases"}, {"id", ids[i]}});
        const Base& b = *s.base;
        // (The English names the reason, when there is one, in brackets.)
        const std::string why = b.status_reason.empty() ? "" : " (" + b.status_reason + ")";
        if (b.status == BaseStatus::delisted)
            return problem(Code::base_delisted, "bases", "base {base_id} ({base}) has been delisted" + why + " and cannot be planned",
                           about(b));
        if (!plannable(b))
            return problem(Code::base_suspended, "bases", "base {base_id} ({base}) is suspended" + why + " and cannot be planned",
                           about(b));
        if (!open_on(b, p.date)) {
            if (b.status != BaseStatus::open && b.status != BaseStatus::full)
                return problem(Code::base_not_open, "bases", "base {base_id} ({base}) is {status} for now" + why,
                               about(b, {{"status", std::string(to_code(b.status))}}));
            if (std::find(b.closed_dates.begin(), b.closed_dates.end(), p.date) != b.closed_dates.end())
                return problem(Code::base_closed_date, "date", "base {base_id} ({base}) is closed on {date}",
                               about(b, {{"date", p.date}}));
            static constexpr const char* kDays[] = {"", "Mondays", "Tuesdays", "Wednesdays", "Thursdays",
                                                    "Fridays", "Saturdays", "Sundays"};
            const int wd = timetable::weekday(*timetable::parse_date(p.date));
            return problem(Code::base_closed_weekday, "date",
                           std::string("base {base_id} ({base}) is closed on ") + kDays[wd] + ", and {date} is one",
                           about(b, {{"weekday", std::to_string(wd)}, {"date", p.date}}));
        }
        const auto hours = about(b, {{"open", hhmm(b.open_min)}, {"close", hhmm(b.close_min)}});
        if (route) {
            if (s.arrive_min < b.open_min || s.leave_min > b.close_min) {
                auto params = hours;
                params.insert(params.end(), {{"stop", stop_number(i)}, {"arrive", hhmm(s.arrive_min)}, {"leave", hhmm(s.leave_min)}});
                return problem(Code::stop_outside_hours, "stop " + stop_number(i),
                               "stop {stop}: {arrive}-{leave} is outside the opening hours of base {base_id} ({base}), {open}-{close}",
                               params);
            }
        } else if (p.start_min >= b.close_min || p.end_min <= b.open_min) {
            auto params = hours;
            params.insert(params.end(), {{"start", hhmm(p.start_min)}, {"end", hhmm(p.end_min)}});
            return problem(Code::trip_outside_hours, "bases",
                           "base {base_id} ({base}) is open {open}-{close}, not during the trip's {start}-{end}", params);
        }
        if (b.name.size() + s.task.size() + 3 > kMaxShortBytes)
            return problem(Code::too_long, "stop " + stop_number(i) + " task",
                           "stop {stop}: the activity title \"{value}\" is longer than {max} bytes; shorten the task",
                           {{"stop", stop_number(i)}, {"value", b.name + "：" + s.task}, {"max", std::to_string(kMaxShortBytes)}});
    }
    return std::nullopt;
}

}  // namespace

std::optional<Problem> validate_plan(const TripPlan& p, const std::optional<Route>& route, const std::vector<Base>& bases) {
    if (!model::valid_id(p.trip_id) || p.trip_id.size() > kMaxTripIdChars)
        return problem(Code::not_an_id, "trip_id", "trip id \"{value}\" must be 1..40 characters of A-Z, a-z, 0-9, - and _",
                       {{"value", p.trip_id.substr(0, 80)}});
    if (p.class_id.empty()) return problem(Code::required, "class", "the trip needs a class");
    if (p.title.empty()) return problem(Code::required, "title", "the trip needs a title");
    if (p.title.size() > kMaxTitleBytes)
        return problem(Code::too_long, "title", "the trip's title is longer than {max} bytes",
                       {{"max", std::to_string(kMaxTitleBytes)}, {"size", std::to_string(p.title.size())}});
    if (!timetable::parse_date(p.date))
        return problem(Code::not_a_date, "date", "trip date \"{value}\" is not a real date (YYYY-MM-DD)", {{"value", p.date}});
    if (p.start_min < 0 || p.start_min >= kDayMin || p.end_min > kDayMin)
        return problem(Code::out_of_range, "time", "the trip's times must be within the day ({min}-{max})",
                       {{"value", hhmm(p.start_min) + "-" + hhmm(p.end_min)}, {"min", "00:00"}, {"max", "24:00"}});
    if (p.end_min <= p.start_min)
        return problem(Code::ends_before_start, "trip", "the trip ends at {end}, not after it starts at {start}",
                       {{"start", hhmm(p.start_min)}, {"end", hhmm(p.end_min)}});
    if (p.route_id) {
        if (!p.base_ids.empty())
            return problem(Code::route_and_bases, "route", "plan the trip from a route or from a list of bases, not both");
        if (!route || route->id != *p.route_id)
            return problem(Code::route_unknown, "route", "route {value} is not a known route", {{"value", *p.route_id}});
        if (auto e = validate(*route)) return located(*e, "route " + route->id);
        if (auto e = validate_itinerary(*route)) return e;
        if (p.start_min > route->stops.front().arrive_min)
            return problem(Code::trip_before_route, "start", "the trip starts at {start}, after the route's first stop at {arrive}",
                           {{"start", hhmm(p.start_min)}, {"arrive", hhmm(route->stops.front().arrive_min)}});
        if (p.end_min < route->stops.back().leave_min)
            return problem(Code::trip_after_route, "end", "the trip ends at {end}, before the route's last stop is left at {leave}",
                           {{"end", hhmm(p.end_min)}, {"leave", hhmm(route->stops.back().leave_min)}});
    } else if (route) {
        return problem(Code::route_unknown, "route", "route {value} was given but the plan has no route_id", {{"value", route->id}});
    }
    if (p.student_ids.empty()) return problem(Code::trip_no_students, "students", "the trip has no students: add at least one");
    std::set<std::string> seen;
    for (const auto& s : p.student_ids) {
        if (s.empty()) return problem(Code::required, "students", "a student id is empty");
        if (!seen.insert(s).second)
            return problem(Code::duplicate, "students", "student {value} is listed twice", {{"value", s}});
    }
    for (const auto& l : p.leaders)
        if (l.empty()) return problem(Code::required, "leaders", "a leader id is empty");
    std::set<std::string> group_names;
    for (size_t i = 0; i < p.groups.size(); ++i) {
        const auto& [name, leader] = p.groups[i];
        if (name.empty())
            return problem(Code::required, "group", "group {number} has no name", {{"number", std::to_string(i + 1)}});
        if (!group_names.insert(name).second)
            return problem(Code::duplicate, "group", "there are two groups named \"{value}\"", {{"value", name}});
        if (leader.empty())
            return problem(Code::required, "group leader", "group \"{value}\" has no leader", {{"value", name}});
    }
    std::vector<PlannedStop> stops;
    return plan_stops(p, route, bases, stops);
}

std::vector<PlannedRecord> plan_trip(const TripPlan& p, const std::optional<Route>& route,
                                     const std::vector<Base>& bases) {
    if (auto e = validate_plan(p, route, bases)) throw ValidationError(*e);
    std::vector<PlannedStop> stops;
    (void)plan_stops(p, route, bases, stops);

    std::vector<PlannedRecord> out;
    json base_ids = json::array(), groups = json::array(), leaders = json::array();
    for (const auto& s : stops) base_ids.push_back(s.base->id);
    for (const auto& l : p.leaders) leaders.push_back(l);
    for (const auto& [name, leader] : p.groups) {
        groups.push_back({{"name", name}, {"leader_id", leader}});
        // A group's leader leads the trip: they see it and may rate its bases.
        if (std::find(leaders.begin(), leaders.end(), leader) == leaders.end()) leaders.push_back(leader);
    }
    out.push_back({"trips", p.trip_id,
                   {{"class_id", p.class_id},
                    {"route_id", p.route_id.value_or("")},
                    {"title", p.title},
                    {"date", p.date},
                    {"status", "planned"},
                    {"bases", base_ids},
                    {"groups", groups},
                    {"leaders", leaders},
                    {"start_min", p.start_min},
                    {"end_min", p.end_min}}});
    if (!p.meeting_point.empty()) out.back().fields["meeting_point"] = p.meeting_point;
    for (const auto& s : p.student_ids)
        out.push_back({"trip_participants", p.trip_id + "-p-" + id_digest(s), {{"trip_id", p.trip_id}, {"user_id", s}}});
    out.push_back({"timetable_entries", p.trip_id + "-tt",
                   {{"class_id", p.class_id},
                    {"title", "研学：" + p.title},
                    {"weekday", 0},
                    {"date", p.date},
                    {"start_min", p.start_min},
                    {"end_min", p.end_min},
                    {"location", stops.front().base->name},
                    {"kind", "trip"}}});
    for (size_t i = 0; i < stops.size(); ++i) {
        const auto& s = stops[i];
        const Base& b = *s.base;
        std::string body = "## " + b.name + "\n\n- 时间：" + p.date + " " + hhmm(s.arrive_min) + "–" + hhmm(s.leave_min) +
                           "\n- 地址：" + b.address + "\n";
        if (i + 1 < stops.size()) {
            body += "- 下一站：" + stops[i + 1].base->name;
            const auto& next = stops[i + 1];
            if (next.travel_min > 0)
                body += "（" + std::string(mode_label(next.mode)) + "约 " + std::to_string(next.travel_min) + " 分钟）";
            body += "\n";
        }
        body += "\n## 任务\n\n" + s.task + "\n";
        if (!b.safety.empty()) body += "\n## 安全提示\n\n" + b.safety + "\n";
        const json steps{"出发前了解" + b.name + "的背景资料",
                         hhmm(s.arrive_min) + "–" + hhmm(s.leave_min) + " 在基地完成：" + s.task,
                         "记录你的观察与发现（文字或照片）",
                         "回校后整理收获，完成研学报告"};
        out.push_back({"activities", p.trip_id + "-act-" + std::to_string(i + 1),
                       {{"kind", "study_tour"},
                        {"class_id", p.class_id},
                        {"published", true},
                        {"title", b.name + "：" + s.task},
                        {"body", body},
                        {"steps", steps},
                        {"due_date", p.date}}});
    }
    return out;
}

std::optional<Problem> validate_rating(const json& f) {
    if (!f.is_object()) return problem(Code::wrong_type, "rating", "a rating must be an object of fields", {{"expected", "object"}});
    for (const char* k : {"trip_id", "base_id"}) {
        const auto it = f.find(k);
        if (it == f.end() || !it->is_string() || it->get<std::string>().empty())
            return problem(Code::required, k, "{field} is required");
    }
    for (const char* k : {"overall", "safety", "course", "organisation", "value"}) {
        const auto it = f.find(k);
        if (it == f.end() || !it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 5)
            return problem(Code::out_of_range, k, "{field} must be a whole number of stars from {min} to {max}",
                           {{"value", it == f.end() ? "" : it->dump()}, {"min", "1"}, {"max", "5"}});
    }
    if (const auto it = f.find("comment"); it != f.end() && !it->is_null()) {
        if (!it->is_string()) return problem(Code::wrong_type, "comment", "comment must be text", {{"expected", "text"}});
        if (it->get<std::string>().size() > 4000)
            return problem(Code::too_long, "comment", "comment is longer than {max} bytes",
                           {{"max", "4000"}, {"size", std::to_string(it->get<std::string>().size())}});
    }
    return std::nullopt;
}

}  // namespace zx
