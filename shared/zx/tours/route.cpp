#include "zx/tours/route.hpp"

#include "zx/core/error.hpp"
#include "zx/space/timetable.hpp"
#include "zx/sync/model.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace zx {

using nlohmann::json;

namespace {

constexpr int kDayMin = 24 * 60;
constexpr int kMaxLegMin = 12 * 60;
constexpr size_t kMaxStops = 20;
constexpr size_t kMaxTaskBytes = 120;

std::string hhmm(int min) { return timetable::format_hhmm(min); }

Problem too_long(const char* field, size_t size, size_t max) {
    return problem(Code::too_long, field, "{field} is longer than {max} bytes",
                   {{"max", std::to_string(max)}, {"size", std::to_string(size)}});
}

bool known_mode(std::string_view m) {
    const auto& modes = route_modes();
    return std::find(modes.begin(), modes.end(), m) != modes.end();
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

std::optional<Problem> validate(const Route& r) {
    if (!model::valid_id(r.id))
        return problem(Code::not_an_id, "id", "route id \"{value}\" must be 1-64 characters of A-Z, a-z, 0-9, '-' or '_'",
                       {{"value", r.id.substr(0, 80)}});
    if (blank(r.name)) return problem(Code::required, "name", "a route's name must not be empty");
    if (r.name.size() > 200) return too_long("name", r.name.size(), 200);
    if (r.description.size() > 4000) return too_long("description", r.description.size(), 4000);
    if (r.stops.size() > 100) return problem(Code::too_many, "stops", "a route has at most {max} stops", {{"max", "100"}});
    for (size_t i = 0; i < r.stops.size(); ++i) {
        const auto& s = r.stops[i];
        const std::string at = "stops[" + std::to_string(i) + "]";
        if (!model::valid_id(s.base_id))
            return located(problem(Code::not_an_id, "base_id", "base_id \"{value}\" is not a valid id", {{"value", s.base_id.substr(0, 80)}}), at);
        if (s.arrive_min < 0 || s.leave_min > 1440 || s.arrive_min > s.leave_min)
            return located(problem(Code::out_of_range, "time", "times must satisfy 0 <= arrive_min <= leave_min <= 1440",
                                   {{"value", std::to_string(s.arrive_min) + "-" + std::to_string(s.leave_min)}, {"min", "0"}, {"max", "1440"}}),
                           at);
        if (s.travel_min < 0 || s.travel_min > 1440)
            return located(problem(Code::out_of_range, "travel_min", "travel_min must be {min} to {max}",
                                   {{"value", std::to_string(s.travel_min)}, {"min", "0"}, {"max", "1440"}}),
                           at);
        if (s.task.size() > 1000) return located(too_long("task", s.task.size(), 1000), at);
        if (s.mode.size() > 32) return located(too_long("mode", s.mode.size(), 32), at);
    }
    if (const auto size = stops_to_json(r.stops).dump().size(); size > 64 * 1024) return too_long("stops", size, 64 * 1024);
    return std::nullopt;
}

json stops_to_json(const std::vector<RouteStop>& stops) {
    json out = json::array();
    for (const auto& s : stops)
        out.push_back({{"base_id", s.base_id},
                       {"arrive_min", s.arrive_min},
                       {"leave_min", s.leave_min},
                       {"task", s.task},
                       {"travel_min", s.travel_min},
                       {"mode", s.mode}});
    return out;
}

std::vector<RouteStop> stops_from_json(const json& j) {
    if (!j.is_array())
        throw ValidationError(problem(Code::wrong_type, "stops", "stops must be an array, not {actual}",
                                      {{"expected", "array"}, {"actual", j.type_name()}}));
    std::vector<RouteStop> out;
    for (size_t i = 0; i < j.size(); ++i) {
        const auto& s = j[i];
        const std::string at = "stops[" + std::to_string(i) + "]";
        auto fail = [&](Problem p) { throw ValidationError(located(std::move(p), at)); };
        if (!s.is_object()) fail(problem(Code::wrong_type, "", "a stop must be an object", {{"expected", "object"}}));
        RouteStop r;
        const auto b = s.find("base_id");
        if (b == s.end() || !b->is_string())
            fail(problem(Code::required, "base_id", "base_id is missing or not a string", {{"expected", "string"}}));
        r.base_id = b->get<std::string>();
        auto integer = [&](const char* key, int& into) {
            const auto it = s.find(key);
            if (it == s.end() || it->is_null()) return;
            if (!it->is_number_integer() || it->get<int64_t>() < -100000 || it->get<int64_t>() > 100000)
                fail(problem(Code::wrong_type, key, "{field} must be a whole number of minutes", {{"expected", "integer"}}));
            into = it->get<int>();
        };
        auto text = [&](const char* key, std::string& into) {
            const auto it = s.find(key);
            if (it == s.end() || it->is_null()) return;
            if (!it->is_string()) fail(problem(Code::wrong_type, key, "{field} must be a string", {{"expected", "string"}}));
            into = it->get<std::string>();
        };
        integer("arrive_min", r.arrive_min);
        integer("leave_min", r.leave_min);
        integer("travel_min", r.travel_min);
        text("task", r.task);
        text("mode", r.mode);
        out.push_back(std::move(r));
    }
    return out;
}

Route route_from_fields(const std::string& id, const json& fields) {
    Route r;
    r.id = id;
    auto text = [&](const char* key) {
        const auto it = fields.find(key);
        if (it == fields.end() || it->is_null()) return std::string();
        if (!it->is_string())
            throw ValidationError(problem(Code::wrong_type, key, "{field} must be a string (route {id})", {{"expected", "string"}, {"id", id}}));
        return it->get<std::string>();
    };
    r.name = text("name");
    r.description = text("description");
    if (const auto it = fields.find("stops"); it != fields.end() && !it->is_null()) {
        // Stored as JSON text or as a JSON value, depending on the reader.
        r.stops = stops_from_json(it->is_string() ? json::parse(it->get<std::string>(), nullptr, false) : *it);
    }
    if (auto e = validate(r)) throw ValidationError(*e);
    return r;
}

const std::vector<std::string_view>& route_modes() {
    static const std::vector<std::string_view> kModes{"bus", "walk", "boat", "train", "metro"};
    return kModes;
}

std::optional<Problem> validate_itinerary(const Route& r) {
    const std::string where = "route " + r.id;
    if (r.name.empty()) return located(problem(Code::required, "name", "the route needs a name"), where);
    if (r.stops.empty()) return located(problem(Code::trip_no_stops, "stops", "a route needs at least one stop"), where);
    if (r.stops.size() > kMaxStops)
        return located(problem(Code::too_many, "stops", "a route has at most {max} stops", {{"max", std::to_string(kMaxStops)}}), where);
    for (size_t i = 0; i < r.stops.size(); ++i) {
        const auto& s = r.stops[i];
        const std::string stop = std::to_string(i + 1);
        const std::string at = where + ", stop " + stop;
        auto fail = [&](Problem p) {
            p.params.emplace_back("stop", stop);
            return located(std::move(p), at);
        };
        if (!model::valid_id(s.base_id))
            return fail(problem(Code::not_an_id, "base_id", "base_id \"{value}\" is not a base id", {{"value", s.base_id}}));
        if (s.task.empty()) return fail(problem(Code::required, "task", "the task is empty; say what the students do there"));
        if (s.task.size() > kMaxTaskBytes) return fail(too_long("task", s.task.size(), kMaxTaskBytes));
        if (s.arrive_min < 0 || s.arrive_min >= kDayMin)
            return fail(problem(Code::out_of_range, "arrive", "arrive_min must be within the day (0..1439)",
                                {{"value", hhmm(s.arrive_min)}, {"min", "00:00"}, {"max", "23:59"}}));
        if (s.leave_min <= s.arrive_min)
            return fail(problem(Code::ends_before_start, "stop " + stop, "leaves at {end}, not after it arrives at {start}",
                                {{"start", hhmm(s.arrive_min)}, {"end", hhmm(s.leave_min)}}));
        if (s.leave_min > kDayMin)
            return fail(problem(Code::out_of_range, "leave", "leave_min must be within the day (at most 1440)",
                                {{"value", hhmm(s.leave_min)}, {"min", "00:00"}, {"max", "24:00"}}));
        if (!s.mode.empty() && !known_mode(s.mode))
            return fail(problem(Code::unknown_value, "mode", "unknown travel mode \"{value}\" ({allowed})",
                                {{"value", s.mode}, {"allowed", "bus, walk, boat, train, metro"}}));
        // The first stop's leg comes from school: it may be left unstated.
        if (i == 0) {
            if (s.travel_min < 0 || s.travel_min > kMaxLegMin)
                return fail(problem(Code::out_of_range, "travel_min", "travel_min must be {min}..{max} minutes",
                                    {{"value", std::to_string(s.travel_min)}, {"min", "0"}, {"max", std::to_string(kMaxLegMin)}}));
            continue;
        }
        const auto& prev = r.stops[i - 1];
        if (s.base_id == prev.base_id)
            return fail(problem(Code::stop_same_base, "base_id", "base {value} is visited twice in a row", {{"value", s.base_id}}));
        if (s.mode.empty())
            return fail(problem(Code::required, "mode", "the leg from the previous stop needs a travel mode ({allowed})",
                                {{"allowed", "bus, walk, boat, train, metro"}}));
        if (s.travel_min < 1 || s.travel_min > kMaxLegMin)
            return fail(problem(Code::out_of_range, "travel_min", "travel_min must be {min}..{max} minutes",
                                {{"value", std::to_string(s.travel_min)}, {"min", "1"}, {"max", std::to_string(kMaxLegMin)}}));
        if (s.arrive_min < prev.leave_min + s.travel_min)
            return fail(problem(Code::stop_too_early, "arrive",
                                "arrives at {arrive}, before the {travel}-minute leg from {leave} can get there",
                                {{"arrive", hhmm(s.arrive_min)}, {"travel", std::to_string(s.travel_min)}, {"leave", hhmm(prev.leave_min)}}));
    }
    return std::nullopt;
}

json route_fields(const Route& r) {
    return {{"name", r.name}, {"description", r.description}, {"stops", stops_to_json(r.stops)}};
}

}  // namespace zx
