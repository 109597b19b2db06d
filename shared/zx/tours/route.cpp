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

std::string stop_label(size_t i) { return "stop " + std::to_string(i + 1); }

bool known_mode(std::string_view m) {
    const auto& modes = route_modes();
    return std::find(modes.begin(), modes.end(), m) != modes.end();
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

std::optional<std::string> validate(const Route& r) {
    if (!model::valid_id(r.id)) return "route id \"" + r.id.substr(0, 80) + "\" must be 1-64 characters of A-Z, a-z, 0-9, '-' or '_'";
    if (blank(r.name)) return "a route's name must not be empty";
    if (r.name.size() > 200) return "a route's name is longer than 200 bytes";
    if (r.description.size() > 4000) return "a route's description is longer than 4000 bytes";
    if (r.stops.size() > 100) return "a route has at most 100 stops";
    for (size_t i = 0; i < r.stops.size(); ++i) {
        const auto& s = r.stops[i];
        const std::string at = "stops[" + std::to_string(i) + "]: ";
        if (!model::valid_id(s.base_id)) return at + "base_id \"" + s.base_id.substr(0, 80) + "\" is not a valid id";
        if (s.arrive_min < 0 || s.leave_min > 1440 || s.arrive_min > s.leave_min)
            return at + "times must satisfy 0 <= arrive_min <= leave_min <= 1440";
        if (s.travel_min < 0 || s.travel_min > 1440) return at + "travel_min must be 0 to 1440";
        if (s.task.size() > 1000) return at + "task is longer than 1000 bytes";
        if (s.mode.size() > 32) return at + "mode is longer than 32 bytes";
    }
    if (stops_to_json(r.stops).dump().size() > 64 * 1024) return "a route's stops take more than 64 KiB";
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
    if (!j.is_array()) throw ValidationError("stops must be an array, not " + std::string(j.type_name()));
    std::vector<RouteStop> out;
    for (size_t i = 0; i < j.size(); ++i) {
        const auto& s = j[i];
        const std::string at = "stops[" + std::to_string(i) + "]: ";
        if (!s.is_object()) throw ValidationError(at + "a stop must be an object");
        RouteStop r;
        const auto b = s.find("base_id");
        if (b == s.end() || !b->is_string()) throw ValidationError(at + "base_id is missing or not a string");
        r.base_id = b->get<std::string>();
        auto integer = [&](const char* key, int& into) {
            const auto it = s.find(key);
            if (it == s.end() || it->is_null()) return;
            if (!it->is_number_integer() || it->get<int64_t>() < -100000 || it->get<int64_t>() > 100000)
                throw ValidationError(at + key + " must be a whole number of minutes");
            into = it->get<int>();
        };
        auto text = [&](const char* key, std::string& into) {
            const auto it = s.find(key);
            if (it == s.end() || it->is_null()) return;
            if (!it->is_string()) throw ValidationError(at + key + " must be a string");
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
        if (!it->is_string()) throw ValidationError(std::string(key) + " must be a string (route " + id + ")");
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

std::optional<std::string> validate_itinerary(const Route& r) {
    const std::string where = "route " + r.id;
    if (r.name.empty()) return where + ": the route needs a name";
    if (r.stops.empty()) return where + ": a route needs at least one stop";
    if (r.stops.size() > kMaxStops) return where + ": a route has at most 20 stops";
    for (size_t i = 0; i < r.stops.size(); ++i) {
        const auto& s = r.stops[i];
        const std::string at = where + ", " + stop_label(i) + ": ";
        if (!model::valid_id(s.base_id)) return at + "base_id \"" + s.base_id + "\" is not a base id";
        if (s.task.empty()) return at + "the task is empty; say what the students do there";
        if (s.task.size() > kMaxTaskBytes) return at + "the task is longer than 120 bytes";
        if (s.arrive_min < 0 || s.arrive_min >= kDayMin) return at + "arrive_min must be within the day (0..1439)";
        if (s.leave_min <= s.arrive_min)
            return at + "leaves at " + hhmm(s.leave_min) + ", not after it arrives at " + hhmm(s.arrive_min);
        if (s.leave_min > kDayMin) return at + "leave_min must be within the day (at most 1440)";
        if (!s.mode.empty() && !known_mode(s.mode))
            return at + "unknown travel mode \"" + s.mode + "\" (bus, walk, boat, train or metro)";
        // The first stop's leg comes from school: it may be left unstated.
        if (i == 0) {
            if (s.travel_min < 0 || s.travel_min > kMaxLegMin) return at + "travel_min must be 0..720 minutes";
            continue;
        }
        const auto& prev = r.stops[i - 1];
        if (s.base_id == prev.base_id) return at + "base " + s.base_id + " is visited twice in a row";
        if (s.mode.empty()) return at + "the leg from the previous stop needs a travel mode (bus, walk, boat, train or metro)";
        if (s.travel_min < 1 || s.travel_min > kMaxLegMin) return at + "travel_min must be 1..720 minutes";
        if (s.arrive_min < prev.leave_min + s.travel_min)
            return at + "arrives at " + hhmm(s.arrive_min) + ", before the " + std::to_string(s.travel_min) +
                   "-minute leg from " + hhmm(prev.leave_min) + " can get there";
    }
    return std::nullopt;
}

json route_fields(const Route& r) {
    return {{"name", r.name}, {"description", r.description}, {"stops", stops_to_json(r.stops)}};
}

}  // namespace zx
