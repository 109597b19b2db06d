#include "zx/tours/trips.hpp"

#include "zx/core/error.hpp"
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
// The model's limit on short texts (titles, names, locations).
constexpr size_t kMaxShortBytes = 200;

std::string hhmm(int min) { return timetable::format_hhmm(min); }

std::string stop_label(size_t i) { return "stop " + std::to_string(i + 1); }

std::string_view mode_label(std::string_view mode) {
    if (mode == "bus") return "乘大巴";
    if (mode == "walk") return "步行";
    if (mode == "boat") return "乘船";
    if (mode == "train") return "乘火车";
    if (mode == "metro") return "乘地铁";
    return "";
}

// 64-bit FNV-1a: a short, stable stand-in for a student id inside a record
// id (student ids may be as long as a whole record id).
std::string hex64(std::string_view s) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

// A stop as planned: the base and the times the class is there.
struct PlannedStop {
    const Base* base = nullptr;
    int arrive_min = 0, leave_min = 0;
    std::string task;
    int travel_min = 0;
    std::string mode;
};

std::string base_label(const Base& b) { return "base " + b.id + " (" + b.name + ")"; }

// The stops of a valid plan, or the first problem with them.
std::optional<std::string> plan_stops(const TripPlan& p, const std::optional<Route>& route,
                                      const std::vector<Base>& bases, std::vector<PlannedStop>& out) {
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
    if (out.empty()) return "the trip has no stops: plan it from a route or pick at least one base";
    const std::vector<std::string> ids = route ? [&] {
        std::vector<std::string> v;
        for (const auto& s : route->stops) v.push_back(s.base_id);
        return v;
    }() : p.base_ids;
    for (size_t i = 0; i < out.size(); ++i) {
        const auto& s = out[i];
        if (!s.base) return stop_label(i) + ": base " + ids[i] + " is not a known base";
        const Base& b = *s.base;
        if (b.status == BaseStatus::delisted)
            return base_label(b) + " has been delisted" + (b.status_reason.empty() ? "" : " (" + b.status_reason + ")") +
                   " and cannot be planned";
        if (!plannable(b))
            return base_label(b) + " is suspended" + (b.status_reason.empty() ? "" : " (" + b.status_reason + ")") +
                   " and cannot be planned";
        if (!open_on(b, p.date)) {
            if (b.status != BaseStatus::open && b.status != BaseStatus::full)
                return base_label(b) + " is " + std::string(to_code(b.status)) + " for now" +
                       (b.status_reason.empty() ? "" : " (" + b.status_reason + ")");
            if (std::find(b.closed_dates.begin(), b.closed_dates.end(), p.date) != b.closed_dates.end())
                return base_label(b) + " is closed on " + p.date;
            static constexpr const char* kDays[] = {"", "Mondays", "Tuesdays", "Wednesdays", "Thursdays",
                                                    "Fridays", "Saturdays", "Sundays"};
            const int wd = timetable::weekday(*timetable::parse_date(p.date));
            return base_label(b) + " is closed on " + kDays[wd] + ", and " + p.date + " is one";
        }
        const std::string hours = hhmm(b.open_min) + "-" + hhmm(b.close_min);
        if (route) {
            if (s.arrive_min < b.open_min || s.leave_min > b.close_min)
                return stop_label(i) + ": " + hhmm(s.arrive_min) + "-" + hhmm(s.leave_min) + " is outside the opening hours of " +
                       base_label(b) + ", " + hours;
        } else if (p.start_min >= b.close_min || p.end_min <= b.open_min) {
            return base_label(b) + " is open " + hours + ", not during the trip's " + hhmm(p.start_min) + "-" +
                   hhmm(p.end_min);
        }
        if (b.name.size() + s.task.size() + 3 > kMaxShortBytes)
            return stop_label(i) + ": the activity title \"" + b.name + "：" + s.task + "\" is longer than " +
                   std::to_string(kMaxShortBytes) + " bytes; shorten the task";
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> validate_plan(const TripPlan& p, const std::optional<Route>& route,
                                         const std::vector<Base>& bases) {
    if (!model::valid_id(p.trip_id) || p.trip_id.size() > kMaxTripIdChars)
        return "trip id \"" + p.trip_id + "\" must be 1..40 characters of A-Z, a-z, 0-9, - and _";
    if (p.class_id.empty()) return "the trip needs a class";
    if (p.title.empty()) return "the trip needs a title";
    if (p.title.size() > kMaxTitleBytes) return "the trip's title is longer than 150 bytes";
    if (!timetable::parse_date(p.date)) return "trip date \"" + p.date + "\" is not a real date (YYYY-MM-DD)";
    if (p.start_min < 0 || p.start_min >= kDayMin || p.end_min > kDayMin)
        return "the trip's times must be within the day (00:00-24:00)";
    if (p.end_min <= p.start_min)
        return "the trip ends at " + hhmm(p.end_min) + ", not after it starts at " + hhmm(p.start_min);
    if (p.route_id) {
        if (!p.base_ids.empty()) return "plan the trip from a route or from a list of bases, not both";
        if (!route || route->id != *p.route_id) return "route " + *p.route_id + " is not a known route";
        if (auto e = validate(*route)) return "route " + route->id + ": " + *e;
        if (auto e = validate_itinerary(*route)) return *e;
        if (p.start_min > route->stops.front().arrive_min)
            return "the trip starts at " + hhmm(p.start_min) + ", after the route's first stop at " +
                   hhmm(route->stops.front().arrive_min);
        if (p.end_min < route->stops.back().leave_min)
            return "the trip ends at " + hhmm(p.end_min) + ", before the route's last stop is left at " +
                   hhmm(route->stops.back().leave_min);
    } else if (route) {
        return "route " + route->id + " was given but the plan has no route_id";
    }
    if (p.student_ids.empty()) return "the trip has no students: add at least one";
    std::set<std::string> seen;
    for (const auto& s : p.student_ids) {
        if (s.empty()) return "a student id is empty";
        if (!seen.insert(s).second) return "student " + s + " is listed twice";
    }
    for (const auto& l : p.leaders)
        if (l.empty()) return "a leader id is empty";
    std::set<std::string> group_names;
    for (size_t i = 0; i < p.groups.size(); ++i) {
        const auto& [name, leader] = p.groups[i];
        if (name.empty()) return "group " + std::to_string(i + 1) + " has no name";
        if (!group_names.insert(name).second) return "there are two groups named \"" + name + "\"";
        if (leader.empty()) return "group \"" + name + "\" has no leader";
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
    for (const auto& s : p.student_ids)
        out.push_back({"trip_participants", p.trip_id + "-p-" + hex64(s), {{"trip_id", p.trip_id}, {"user_id", s}}});
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

std::optional<std::string> validate_rating(const json& f) {
    if (!f.is_object()) return "a rating must be an object of fields";
    for (const char* k : {"trip_id", "base_id"}) {
        const auto it = f.find(k);
        if (it == f.end() || !it->is_string() || it->get<std::string>().empty()) return std::string(k) + " is required";
    }
    for (const char* k : {"overall", "safety", "course", "organisation", "value"}) {
        const auto it = f.find(k);
        if (it == f.end() || !it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 5)
            return std::string(k) + " must be a whole number of stars from 1 to 5";
    }
    if (const auto it = f.find("comment"); it != f.end() && !it->is_null()) {
        if (!it->is_string()) return "comment must be text";
        if (it->get<std::string>().size() > 4000) return "comment is longer than 4000 bytes";
    }
    return std::nullopt;
}

}  // namespace zx
