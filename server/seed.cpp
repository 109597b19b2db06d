#include "seed.hpp"

#include "sync_service.hpp"

#include "zx/tours/demo_data.hpp"
#include "zx/core/error.hpp"
#include "zx/geo/geo.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace zx::server {

using nlohmann::json;

SeedResult seed_demo_bases(Store& store, ServerClock& clock, const std::vector<Base>& bases) {
    for (const auto& b : bases)
        if (auto e = validate(b)) throw ValidationError(located(*e, "refusing to store base"));
    SeedResult result;
    store.write([&](db::Connection& c) {
        std::set<std::string> listed;
        for (const auto& file_base : bases) {
            listed.insert(file_base.id);
            const auto current = repo::load(c, "bases", file_base.id);
            Base b = file_base;
            add_demo_details(b);
            json fields = b;  // the API's JSON form has exactly the model's field names
            fields.erase("id");
            fields["demo"] = true;
            // Ratings come from teachers and status and capacity from staff
            // and admins: a restart with the demo file must not undo them.
            // An existing base only takes the fields the file itself has.
            // (A base stored before these fields existed gets them once.)
            const bool has_details = current && current->fields.contains("grade_min") &&
                                     !current->fields.at("grade_min").is_null();
            if (has_details) {
                static const std::set<std::string> kFromFile{"name", "category", "level", "city", "district",
                                                             "address", "lat", "lon", "demo"};
                for (auto it = fields.begin(); it != fields.end();)
                    it = kFromFile.count(it.key()) ? std::next(it) : fields.erase(it);
            } else {
                fields.erase("rating");
                fields.erase("rating_count");
                fields.erase("rating_detail");
            }
            json changed = json::object();
            for (const auto& [k, v] : fields.items())
                if (!current || !current->fields.contains(k) || current->fields.at(k) != v) changed[k] = v;
            const bool revive = current && current->deleted;
            if (changed.empty() && !revive) continue;
            server_write(c, clock, "bases", file_base.id, changed, revive ? std::optional<bool>(false) : std::nullopt);
            (current ? result.changed : result.added)++;
        }
        for (const auto& row : c.query("SELECT id FROM bases WHERE demo = 1 AND deleted = 0")) {
            const auto id = row[0].get<std::string>();
            if (listed.count(id)) continue;
            server_write(c, clock, "bases", id, json::object(), true);
            ++result.removed;
        }
    });
    return result;
}

namespace {

// Where each demo route starts: one base in each of six cities. Everything
// else about a route is computed from the bases, so the routes follow the
// demo data file when it is regenerated.
struct RouteStart {
    const char* base_id;
    size_t stops;
};
constexpr RouteStart kRouteStarts[] = {
    {"zj-0003", 3},  // 杭州 西湖区
    {"zj-0001", 4},  // 杭州 上城区 and 滨江区
    {"zj-0014", 3},  // 宁波 海曙区
    {"zj-0047", 3},  // 绍兴 越城区
    {"zj-0043", 3},  // 湖州 南浔区
    {"zj-0024", 2},  // 温州 鹿城区
};
constexpr double kRouteRadiusKm = 8;
constexpr double kRoadFactor = 1.4;  // road distance over straight-line distance in town
constexpr double kWalkMaxKm = 1.5;   // by road; farther, the class takes the bus

std::string_view theme(BaseCategory c) {
    switch (c) {
    case BaseCategory::nature: return "生态";
    case BaseCategory::history: return "人文";
    case BaseCategory::red: return "红色";
    case BaseCategory::science: return "科创";
    case BaseCategory::labor: return "劳动";
    case BaseCategory::defense: return "安全";
    case BaseCategory::arts: return "艺术";
    }
    return "研学";
}

// "西湖区" -> "西湖": the district without its last character (区, 县, 市),
// which is one UTF-8 character of three bytes.
std::string short_district(const std::string& d) { return d.size() > 6 ? d.substr(0, d.size() - 3) : d; }

double km(const Base& a, const Base& b) { return geo::distance_m({a.lat, a.lon}, {b.lat, b.lon}) / 1000; }

int round_up5(double minutes) { return static_cast<int>(std::ceil(minutes / 5)) * 5; }

}  // namespace

std::vector<Route> demo_routes(const std::vector<Base>& bases) {
    std::map<std::string, Base> demo;  // with their demo details (hours, courses)
    for (const auto& b : bases)
        if (b.demo && plannable(b)) {
            Base d = b;
            add_demo_details(d);
            demo.emplace(d.id, std::move(d));
        }
    std::vector<Route> out;
    for (const auto& start : kRouteStarts) {
        const auto first = demo.find(start.base_id);
        if (first == demo.end()) continue;
        // Greedy nearest neighbour from the first base, among the same
        // city's bases near it: a day's route with short legs.
        std::vector<const Base*> stops{&first->second};
        std::vector<const Base*> candidates;
        for (const auto& [id, b] : demo)
            if (id != first->first && b.city == first->second.city && km(b, first->second) <= kRouteRadiusKm)
                candidates.push_back(&b);
        while (stops.size() < start.stops && !candidates.empty()) {
            const auto next = std::min_element(candidates.begin(), candidates.end(), [&](const Base* a, const Base* b) {
                const double da = km(*a, *stops.back()), db = km(*b, *stops.back());
                return da != db ? da < db : a->id < b->id;
            });
            stops.push_back(*next);
            candidates.erase(next);
        }
        if (stops.size() < 2) continue;

        Route r;
        r.id = std::string("route-demo-") + start.base_id;
        // Longer visits when there are fewer stops; the day runs 09:00 to
        // about 16:00, within every demo base's hours (08:30/09:00-16:30/17:00).
        const int visit = stops.size() == 2 ? 120 : stops.size() == 3 ? 90 : 70;
        int t = 9 * 60;
        bool lunch = false;
        double total_km = 0;
        for (size_t i = 0; i < stops.size(); ++i) {
            const Base& b = *stops[i];
            RouteStop s;
            s.base_id = b.id;
            // travel_min and mode: the leg that reaches this stop (from
            // school for the first one, which the route leaves unstated).
            if (i > 0) {
                const double road = km(*stops[i - 1], b) * kRoadFactor;
                total_km += road;
                const bool walk = road <= kWalkMaxKm;
                s.mode = walk ? "walk" : "bus";
                // Walking at 4 km/h; the bus at 25 km/h in town plus 10
                // minutes to board and count heads.
                s.travel_min = std::max(5, round_up5(walk ? road / 4 * 60 : road / 25 * 60 + 10));
                t += s.travel_min;
                // Lunch (an hour) after the first visit that ends at 11:30 or later.
                if (!lunch && t - s.travel_min >= 11 * 60 + 30) {
                    t += 60;
                    lunch = true;
                }
            }
            s.arrive_min = t;
            s.leave_min = t + visit;
            s.task = b.courses.empty() ? "研学参观" : b.courses.front();
            t = s.leave_min;
            r.stops.push_back(std::move(s));
        }
        std::set<std::string_view> themes;
        std::string theme_text;
        for (const Base* b : stops)
            if (themes.size() < 2 && themes.insert(theme(b->category)).second)
                theme_text += (theme_text.empty() ? "" : "·") + std::string(theme(b->category));
        r.name = short_district(first->second.district) + theme_text + "研学线";
        std::string path;
        for (const Base* b : stops) path += (path.empty() ? "" : " → ") + b->name;
        char distance[32];
        std::snprintf(distance, sizeof distance, "%.1f", total_km);
        r.description = first->second.city + first->second.district + "一日研学（" + std::to_string(stops.size()) +
                        " 站）：" + path + "。站间步行或乘大巴，全程约 " + distance + " 公里，午餐约一小时。";

        if (auto e = validate(r)) throw ValidationError(located(*e, "demo route " + r.id));
        if (auto e = validate_itinerary(r)) throw ValidationError(located(*e, "demo"));
        for (size_t i = 0; i < stops.size(); ++i)
            if (r.stops[i].arrive_min < stops[i]->open_min || r.stops[i].leave_min > stops[i]->close_min)
                throw ValidationError("demo route " + r.id + ": stop " + std::to_string(i + 1) +
                                      " is outside the opening hours of base " + stops[i]->id);
        out.push_back(std::move(r));
    }
    return out;
}

SeedResult seed_demo_routes(Store& store, ServerClock& clock, const std::vector<Base>& bases) {
    const auto routes = demo_routes(bases);
    SeedResult result;
    store.write([&](db::Connection& c) {
        std::set<std::string> made;
        for (const auto& r : routes) {
            made.insert(r.id);
            const auto current = repo::load(c, "routes", r.id);
            const json fields = route_fields(r);
            json changed = json::object();
            for (const auto& [k, v] : fields.items())
                if (!current || current->fields.value(k, json()) != v) changed[k] = v;
            const bool revive = current && current->deleted;
            if (changed.empty() && !revive) continue;
            server_write(c, clock, "routes", r.id, changed, revive ? std::optional<bool>(false) : std::nullopt);
            (current ? result.changed : result.added)++;
        }
        for (const auto& row : c.query("SELECT id FROM routes WHERE id LIKE 'route-demo-%' AND deleted = 0")) {
            const auto id = row[0].get<std::string>();
            if (made.count(id)) continue;
            server_write(c, clock, "routes", id, json::object(), true);
            ++result.removed;
        }
    });
    return result;
}

}  // namespace zx::server
