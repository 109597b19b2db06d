#include "controllers/trips.hpp"

#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"

#include "zx/space/timetable.hpp"
#include "zx/text/lists.hpp"

#include <algorithm>

namespace zx::client {

void TripsController::handle(const ToggleTripBase& c) {
    auto& plan = s_.state.trip_draft.bases;
    const auto it = std::find(plan.begin(), plan.end(), c.base_id);
    if (it != plan.end()) plan.erase(it);
    else plan.push_back(c.base_id);
}

void TripsController::handle(const PlanFromRoute& c) {
    s_.state.trip_draft.route_id = c.route_id;
    s_.state.view = ViewId::trips;
}

void TripsController::handle(const PlanTrip& c) {
    const Lang l = s_.lang();
    const auto* data = s_.state.data;
    if (!data || !s_.engine.ready()) return fail(tr(l, S::SignInFirst));
    auto& draft = s_.state.trip_draft;
    TripPlan plan;
    plan.trip_id = "trip-" + s_.platform.random_hex(8);
    plan.class_id = c.class_id;
    plan.title = c.title;
    plan.date = c.date;
    const auto from = timetable::parse_hhmm(c.start), until = timetable::parse_hhmm(c.end);
    if (!from) return fail(describe(l, problem(Code::not_a_time, "start", "{value} is not a time", {{"value", c.start}})));
    if (!until) return fail(describe(l, problem(Code::not_a_time, "end", "{value} is not a time", {{"value", c.end}})));
    plan.start_min = *from;
    plan.end_min = *until;
    plan.meeting_point = c.meeting_point;
    std::optional<Route> route;
    if (!draft.route_id.empty()) {
        const Route* r = s_.state.find_route(draft.route_id);
        if (!r) return fail(describe(l, problem(Code::route_unknown, "route", "route {value} is not a known route", {{"value", draft.route_id}})));
        route = *r;
        plan.route_id = draft.route_id;
    } else {
        plan.base_ids = draft.bases;
    }
    // Everyone in the class who is a student takes part.
    plan.student_ids = data->students_of(c.class_id);
    // Groups: one per line, "name" or "name, leader's user name"; the planner
    // leads a group whose leader is not named or not known here.
    const auto& me = s_.state.account.user;
    for (const auto& line : text::split_list(c.groups, text::kLines)) {
        const auto [name, who] = text::split_once(line, text::kCommas);
        if (name.empty()) continue;
        std::string leader = me.id;
        if (who && !who->empty())
            if (const Person* p = data->person_named(*who)) leader = p->id;
        plan.groups.emplace_back(name, leader);
    }
    plan.leaders = {me.id};
    if (auto p = validate_plan(plan, route, s_.state.bases.all)) return fail(describe(l, *p));
    std::vector<RecordWrite> writes;
    for (auto& rec : plan_trip(plan, route, s_.state.bases.all))
        writes.push_back({std::move(rec.collection), std::move(rec.id), std::move(rec.fields)});
    // The whole plan in one transaction: a refused record leaves nothing.
    s_.engine.edit(std::move(writes), [this, l, id = plan.trip_id](const EditOutcome& o) {
        if (!o.ok) return fail(describe(l, o));
        auto& d = s_.state.trip_draft;
        s_.state.report(s_.state.notices.trips, {tr(l, S::TripCreated), true});
        d.selected_trip = id;
        d.bases.clear();
        d.route_id.clear();
        ++d.planned;
        if (on_planned) on_planned();
    });
}

void TripsController::handle(const RateBase& c) {
    const Lang l = s_.lang();
    BaseRating r = c.rating;
    r.id = rating_id(r.trip_id, r.base_id, s_.state.account.user.id);
    r.rated_at = s_.state.now_ms;
    s_.engine.edit({"base_ratings", r.id, to_fields(r)}, [this, l](const EditOutcome& o) {
        s_.state.report(s_.state.notices.trips, o.ok ? Notice{tr(l, S::RatingSaved), true} : Notice{describe(l, o), false});
    });
}

}  // namespace zx::client
