#pragma once
// The study tours' synced records as types, like zx/space/records.hpp: a
// trip (研学行程), who takes part, and a teacher's rating of a base after a
// trip. `x_from_fields` never throws; `to_fields` is what a client writes.
// (Bases and routes have their own types: zx/tours/base.hpp, route.hpp.)
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace zx {

struct TripGroup {
    std::string name;
    std::string leader_id;
    bool operator==(const TripGroup&) const = default;
};

struct Trip {
    std::string id;
    std::string owner_id;
    std::string class_id;
    std::string route_id;
    std::string title;
    std::string date;  // "YYYY-MM-DD"
    std::string status;
    std::vector<std::string> bases;  // every base visited, in order
    std::vector<TripGroup> groups;
    std::vector<std::string> leaders;  // teacher user ids in charge
    int start_min = 0, end_min = 0;
    std::string meeting_point;  // where the students gather (schema 8; "" = not said)
};
// Older trips list stops as objects {base_id, …}; both forms are read.
Trip trip_from_fields(const std::string& id, const nlohmann::json& f);

struct TripParticipant {
    std::string id;
    std::string trip_id;
    std::string user_id;
    std::string group_name;
};
TripParticipant participant_from_fields(const std::string& id, const nlohmann::json& f);

// Overall and the four criteria, 1-5 stars each (see zx::validate_rating).
struct BaseRating {
    std::string id;
    std::string owner_id;
    std::string trip_id;
    std::string base_id;
    int overall = 0, safety = 0, course = 0, organisation = 0, value = 0;
    std::string comment;
    int64_t rated_at = 0;
};
BaseRating rating_from_fields(const std::string& id, const nlohmann::json& f);
nlohmann::json to_fields(const BaseRating& r);
// The one rating a teacher gives a base of a trip: its id is derived, so a
// second rating of the same base edits the first instead of counting twice.
std::string rating_id(const std::string& trip_id, const std::string& base_id, const std::string& teacher_id);

}  // namespace zx
