#include "zx/tours/records.hpp"

#include "zx/core/hash.hpp"
#include "zx/sync/fields.hpp"

namespace zx {

using nlohmann::json;
namespace fl = fields;

Trip trip_from_fields(const std::string& id, const json& f) {
    Trip t;
    t.id = id;
    t.owner_id = fl::text(f, "owner_id");
    t.class_id = fl::text(f, "class_id");
    t.route_id = fl::text(f, "route_id");
    t.title = fl::text(f, "title");
    t.date = fl::text(f, "date");
    t.status = fl::text(f, "status");
    if (const auto bases = fl::json_value(f, "bases"); bases.is_array())
        for (const auto& b : bases) {
            if (b.is_string()) t.bases.push_back(b.get<std::string>());
            else if (b.is_object()) t.bases.push_back(fl::text(b, "base_id"));
        }
    if (const auto groups = fl::json_value(f, "groups"); groups.is_array())
        for (const auto& g : groups)
            if (g.is_object()) t.groups.push_back({fl::text(g, "name"), fl::text(g, "leader_id")});
    t.leaders = fl::strings(f, "leaders");
    t.start_min = static_cast<int>(fl::integer(f, "start_min"));
    t.end_min = static_cast<int>(fl::integer(f, "end_min"));
    t.meeting_point = fl::text(f, "meeting_point");
    return t;
}

TripParticipant participant_from_fields(const std::string& id, const json& f) {
    return {id, fl::text(f, "trip_id"), fl::text(f, "user_id"), fl::text(f, "group_name")};
}

BaseRating rating_from_fields(const std::string& id, const json& f) {
    BaseRating r;
    r.id = id;
    r.owner_id = fl::text(f, "owner_id");
    r.trip_id = fl::text(f, "trip_id");
    r.base_id = fl::text(f, "base_id");
    r.overall = static_cast<int>(fl::integer(f, "overall"));
    r.safety = static_cast<int>(fl::integer(f, "safety"));
    r.course = static_cast<int>(fl::integer(f, "course"));
    r.organisation = static_cast<int>(fl::integer(f, "organisation"));
    r.value = static_cast<int>(fl::integer(f, "value"));
    r.comment = fl::text(f, "comment");
    r.rated_at = fl::integer(f, "rated_at");
    return r;
}

json to_fields(const BaseRating& r) {
    return {{"trip_id", r.trip_id}, {"base_id", r.base_id},         {"overall", r.overall},
            {"safety", r.safety},   {"course", r.course},           {"organisation", r.organisation},
            {"value", r.value},     {"comment", r.comment},         {"rated_at", r.rated_at}};
}

std::string rating_id(const std::string& trip_id, const std::string& base_id, const std::string& teacher_id) {
    // Readable when short (as the first clients wrote them), a digest when
    // the parts would not fit a record id.
    std::string id = trip_id + "-r-" + base_id + "-" + teacher_id;
    if (id.size() <= 64) return id;
    return "r-" + hex64(fnv1a64(id));
}

}  // namespace zx
