#pragma once
// Study-tour routes (精品线路) and trip planning (研学行程).
//
// A route is a public template: an ordered list of stops at bases, each with
// arrival and departure times, a task for the students and the leg to the next
// stop. A teacher plans a trip for a class from a route (or from a plain list
// of bases); plan_trip() turns that plan into every record the teacher's
// client writes in one sync batch: the trip, one participant per student, one
// entry in the class timetable and one study-tour activity per stop.
//
// Everything here is pure (no clock, no storage): the same plan always gives
// the same records with the same ids, so planning again (after an edit, or
// on a second device) overwrites instead of duplicating.
#include "zx/core/problem.hpp"
#include "zx/tours/base.hpp"
#include "zx/tours/route.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zx {

// What a teacher decides when planning a trip.
struct TripPlan {
    std::string trip_id;   // a record id of at most kMaxTripIdChars characters
    std::string class_id;
    std::string title;
    std::string date;      // "YYYY-MM-DD"
    std::optional<std::string> route_id;  // from a route: its stops
    std::vector<std::string> base_ids;    // when not from a route: the bases, in order
    std::vector<std::pair<std::string, std::string>> groups;  // (group name, leader teacher user id)
    std::vector<std::string> leaders;     // teacher user ids in charge besides the planner
    std::vector<std::string> student_ids;
    int start_min = 8 * 60;   // leaving school / coming back, minutes after midnight
    int end_min = 17 * 60;
    std::string meeting_point;  // where the students gather ("" = not said; not written)
};

// Derived record ids append up to 21 characters to the trip id (see
// plan_trip), and record ids are at most 64 characters.
inline constexpr size_t kMaxTripIdChars = 40;

// One record of a planned batch: write `fields` to `collection`/`id`.
struct PlannedRecord {
    std::string collection;
    std::string id;
    nlohmann::json fields;
    bool operator==(const PlannedRecord&) const = default;
};

// The first problem with the plan (zx/core/problem.hpp), or nothing. `route` must
// be the route named by plan.route_id (nothing when the plan has none);
// `bases` must hold every base the trip visits (others are ignored). Checks:
// the trip id; class, title; a real date; either a route or bases, not both;
// a route that passes validate() and validate_itinerary(); at least one stop;
// at least one student, none twice; 0 <= start < end <= 24:00 and, from a
// route, start <= first arrival and last departure <= end;
// every base known, plannable() (not suspended or delisted), open_on() the
// date (status, closed weekday, closed date) and open during its stop's times
// (a base-list trip: open at some time between start and end); group names
// present and distinct, each with a leader; no empty leader id.
std::optional<Problem> validate_plan(const TripPlan& plan, const std::optional<Route>& route,
                                     const std::vector<Base>& bases);

// The records the planning teacher's client writes in one batch, in an order
// the server accepts (the trip before what refers to it):
//   trips/<trip_id>: class_id, route_id ("" without a route), title, date,
//     status "planned", bases (every base visited, in order: a copy of the
//     route's stops, so that later edits of the route do not change what the
//     trip visited), groups [{name, leader_id}], leaders (plan.leaders, then
//     the group leaders not already listed), start_min, end_min;
//   trip_participants/<trip_id>-p-<16 hex of the student id>: trip_id,
//     user_id (group_name is left to the teacher's later edits);
//   timetable_entries/<trip_id>-tt: the class's one-off entry: class_id,
//     title "研学：<title>", weekday 0, date, start_min, end_min, location
//     (the first base's name), kind "trip";
//   activities/<trip_id>-act-<n> (n = 1.. per stop): kind "study_tour",
//     class_id, published true, title "<base name>：<task>", body (Markdown:
//     the stop's times, address, task and the base's safety notes), steps (a
//     JSON list of strings derived from the task), due_date = the trip date.
// Throws zx::ValidationError with validate_plan()'s message when invalid.
std::vector<PlannedRecord> plan_trip(const TripPlan& plan, const std::optional<Route>& route,
                                     const std::vector<Base>& bases);

// Checks the fields of a `base_ratings` change as the client is about to
// write them: trip_id and base_id present; overall, safety, course,
// organisation and value whole numbers from 1 to 5; a comment of at most
// 4000 bytes. The server checks the same and more (who led the trip, whether
// the base was on it, whether the trip is over). Nothing when fine.
std::optional<Problem> validate_rating(const nlohmann::json& fields);

}  // namespace zx
