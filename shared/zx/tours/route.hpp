#pragma once
// Study-tour routes (精品线路): the synced `routes` record as a type, its
// structural check, its JSON form, and whether a class can follow it in a
// day. A route is a public template a teacher plans trips from
// (zx/tours/trips.hpp); routes arrive by import (zx/tours/base_io.hpp).
//
// On a stop, travel_min and mode describe the leg that reaches it: from the
// previous stop (or, on the first stop, from school; 0 and "" when not stated).
#include "zx/core/problem.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx {

// One stop of a route (the JSON form synced in routes.stops):
// {"base_id","arrive_min","leave_min","task","travel_min","mode"}.
struct RouteStop {
    std::string base_id;   // a base's id; required
    int arrive_min = 0;    // minutes after midnight, 0..1440
    int leave_min = 0;     // arrive_min..1440
    std::string task;      // what students do there
    int travel_min = 0;    // minutes from the previous stop, 0..1440
    std::string mode;      // how they get there ("bus", "walk", …), free text up to 32 bytes
    bool operator==(const RouteStop&) const = default;
};

// A study-tour route (collection "routes"); owner_id is the server's business.
struct Route {
    std::string id;  // model::valid_id
    std::string name;
    std::string description;
    std::vector<RouteStop> stops;
    bool operator==(const Route&) const = default;
};

// The first problem with `r` (field and why), or nothing.
std::optional<Problem> validate(const Route& r);
// The synced JSON form of the stops, and back. stops_from_json throws
// ValidationError naming the stop and field for anything it cannot use.
nlohmann::json stops_to_json(const std::vector<RouteStop>& stops);
std::vector<RouteStop> stops_from_json(const nlohmann::json& j);
// A route from a synced record's id and fields; throws ValidationError when
// it is not a valid route (see validate).
Route route_from_fields(const std::string& id, const nlohmann::json& fields);

// The travel modes a leg between two stops may use.
const std::vector<std::string_view>& route_modes();

// Whether a class can actually follow the route in one day: the first problem (which stop, which field, why), or nothing. On top of
// validate(const Route&): a name; 1..20 stops; each stop a task of 1..120
// bytes and arrive < leave; every leg between stops a known mode and 1..720
// minutes, and the stop reached no earlier than the previous departure plus
// that leg; no base twice in a row.
std::optional<Problem> validate_itinerary(const Route& r);

// The `routes` record fields {"name", "description", "stops"}. No id and no
// owner_id: the id is the record's, the owner is set by the server.
nlohmann::json route_fields(const Route& r);

}  // namespace zx
