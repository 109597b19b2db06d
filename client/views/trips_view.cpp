// 研学行程: study trips. Teachers plan one for a class from a curated route or
// from bases picked on the map; it lands in the class timetable and, stop by
// stop, in every student's activity library. After the trip its teachers rate
// each base. Students and parents see the trips that concern them.
#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"
#include "ui/layout.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include "zx/space/timetable.hpp"
#include "zx/tours/trips.hpp"

#include <imgui.h>

#include <algorithm>

namespace zx::client {

namespace {

std::string hhmm(int minutes) { return timetable::format_hhmm(minutes); }

// Today in China, as the server decides "after the trip".
std::string today(int64_t now_ms) { return timetable::format(timetable::china_today(now_ms)); }

void draw_plan(ViewContext& ctx, TripsViewUi& t, const SpaceData& data) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const auto& draft = s.trip_draft;
    if (t.planned_seen != draft.planned) {  // a trip was written: the form starts afresh
        t.planned_seen = draft.planned;
        t.title.clear();
        t.groups.clear();
        t.meeting_point.clear();
    }
    ImGui::SeparatorText(tr(l, S::TripPlanTitle));
    // Classes this teacher teaches.
    const auto classes = data.classes_taught_by(s.account.user.id);
    if (classes.empty()) {
        ImGui::TextDisabled("%s", tr(l, S::TripNoClass));
        return;
    }
    if (!data.school_class(t.class_id)) t.class_id = classes.front()->id;
    if (t.date.empty()) t.date = today(s.now_ms);
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::TextDisabled("%s", tr(l, S::TripClass));
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##class", data.school_class(t.class_id)->name.c_str())) {
        for (const SchoolClass* c : classes)
            if (ui::selectable(c->name.c_str(), c->id == t.class_id)) t.class_id = c->id;
        ImGui::EndCombo();
    }
    // The form's drafts: a trip not planned yet (its defaults count as saved).
    const std::string default_date = today(s.now_ms);
    draft_text(ctx, {"trips", kNewRecord, "title"}, t.title, "", "##title", tr(l, S::TripTitleHint), {w, 0});
    note_item(ctx, "trip:title");
    ImGui::TextDisabled("%s / %s", tr(l, S::TripDate), tr(l, S::TripTimes));
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const bool narrow = ui::layout().phone && w < 480;  // the date on its own line
    draft_text(ctx, {"trips", kNewRecord, "date"}, t.date, default_date, "##date", "YYYY-MM-DD", {narrow ? w : w * 0.4f, 0});
    note_item(ctx, "trip:date");
    if (!narrow) ImGui::SameLine();
    const float time_w = narrow ? (w - gap) / 2 : w * 0.25f;
    draft_text(ctx, {"trips", kNewRecord, "start"}, t.start, kTripStart, "##start", "08:30", {time_w, 0});
    ImGui::SameLine();
    draft_text(ctx, {"trips", kNewRecord, "end"}, t.end, kTripEnd, "##end", "16:30", {time_w, 0});

    ImGui::TextDisabled("%s", tr(l, S::TripFromRoute));
    const Route* route = s.find_route(draft.route_id);
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##route", route ? route->name.c_str() : tr(l, S::TripNoRoute))) {
        if (ui::selectable(tr(l, S::TripNoRoute), draft.route_id.empty())) ctx.out.push(PlanFromRoute{""});
        for (const auto& r : s.routes)
            if (ui::selectable(r.name.c_str(), r.id == draft.route_id)) ctx.out.push(PlanFromRoute{r.id});
        ImGui::EndCombo();
    }
    note_item(ctx, "trip:route");
    if (draft.route_id.empty()) {
        ImGui::TextDisabled("%s", tr(l, S::TripFromBases));
        for (size_t i = 0; i < draft.bases.size(); ++i) {
            const Base* b = s.find_base(draft.bases[i]);
            ImGui::PushID(static_cast<int>(i));
            ImGui::TextUnformatted(trf(l, S::TripStopLine, {{"n", i + 1}, {"base", b ? b->name : draft.bases[i]}}).c_str());
            ImGui::SameLine();
            if (ui::small_button(tr(l, S::TripRemove))) ctx.out.push(ToggleTripBase{draft.bases[i]});
            ImGui::PopID();
        }
        if (ui::small_button(tr(l, S::NavMap))) ctx.out.push(Navigate{ViewId::map});
    }
    ImGui::TextDisabled("%s", tr(l, S::TripGroups));
    draft_text(ctx, {"trips", kNewRecord, "groups"}, t.groups, "", "##groups", tr(l, S::TripGroupsHint),
               {w, ImGui::GetTextLineHeight() * 4}, ui::kInputMultiline);
    note_item(ctx, "trip:groups");
    draft_text(ctx, {"trips", kNewRecord, "meeting_point"}, t.meeting_point, "", "##meeting", tr(l, S::MeetingPointLabel),
               {w, 0});
    note_item(ctx, "trip:meeting");
    // Nothing to write without a title and stops (a route or picked bases):
    // after a trip is written both are reset, so a second press cannot write
    // a trip the person did not plan. The shared rules refuse it too.
    const bool ready = !t.title.empty() && (!draft.route_id.empty() || !draft.bases.empty());
    ImGui::BeginDisabled(!ready);
    if (ImGui::Button(tr(l, S::TripCreate), {w, 0}))
        ctx.out.push(PlanTrip{t.class_id, t.title, t.date, t.start, t.end, t.groups, t.meeting_point});
    ImGui::EndDisabled();
    note_item(ctx, "trip:create");
    notice_line(s.notices.trips);
}

void draw_rating(ViewContext& ctx, TripsViewUi& t, const SpaceData& data, const Trip& trip, const std::string& base_id) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    if (data.rating(rating_id(trip.id, base_id, s.account.user.id))) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr(l, S::TripRated));
        return;
    }
    ImGui::SameLine();
    ImGui::PushID(base_id.c_str());
    if (t.rate_base != base_id) {
        if (ui::small_button(tr(l, S::TripRate))) t.rate_base = base_id;
        note_item(ctx, "trip:rate:" + base_id);
        ImGui::PopID();
        return;
    }
    ImGui::NewLine();
    const S names[] = {S::TripRateOverall, S::TripRateSafety, S::TripRateCourse, S::TripRateOrganisation,
                       S::TripRateValue};
    for (int k = 0; k < 5; ++k) {
        ImGui::PushID(k);
        ImGui::SetNextItemWidth(160);
        ImGui::SliderInt(tr(l, names[k]), &t.stars[k], 1, 5, "%d ★");
        ImGui::PopID();
    }
    const std::string rid = rating_id(trip.id, base_id, s.account.user.id);
    draft_text(ctx, {"base_ratings", rid, "comment"}, t.comment, "", "##comment", tr(l, S::TripRateComment));
    BaseRating r;
    r.trip_id = trip.id;
    r.base_id = base_id;
    r.overall = t.stars[0];
    r.safety = t.stars[1];
    r.course = t.stars[2];
    r.organisation = t.stars[3];
    r.value = t.stars[4];
    r.comment = t.comment;
    const auto problem = validate_rating(to_fields(r));
    if (problem) notice_line(describe(l, *problem), false);
    ImGui::BeginDisabled(problem.has_value());
    if (ImGui::Button(tr(l, S::TripRateSubmit))) {
        ctx.out.push(RateBase{r});
        ctx.out.push(DiscardDrafts{"base_ratings", rid});
        t.rate_base.clear();
        t.comment.clear();
    }
    note_item(ctx, "trip:rate:submit");
    ImGui::EndDisabled();
    ImGui::PopID();
}

void draw_trip(ViewContext& ctx, TripsViewUi& t, const SpaceData& data, const Trip& trip) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(trip.title.c_str());
    ImGui::PopTextWrapPos();
    ImGui::TextDisabled("%s", trf(l, S::TripWhen, {{"date", trip.date}, {"start", hhmm(trip.start_min)}, {"end", hhmm(trip.end_min)}})
                                  .c_str());
    ImGui::TextDisabled("%s", trf(l, S::TripParticipants, {{"count", data.participants(trip.id)}}).c_str());
    ImGui::SeparatorText(tr(l, S::TripStops));
    const bool teacher = s.account.user.role == api::Role::teacher;
    const bool over = !trip.date.empty() && trip.date <= today(s.now_ms);
    int n = 0;
    for (const auto& id : trip.bases) {
        const Base* b = s.find_base(id);
        ImGui::PushID(n);
        const auto line = trf(l, S::TripStopLine, {{"n", ++n}, {"base", b ? b->name : id}});
        const float line_w = ImGui::GetContentRegionAvail().x * (ui::layout().phone ? 1.0f : 0.6f);
        if (ui::selectable(line.c_str(), false, 0, {line_w, 0}) && b) {
            ctx.out.push(SelectBase{b->id, true});
            ctx.out.push(Navigate{ViewId::map});
        }
        if (teacher) {
            if (over) {
                draw_rating(ctx, t, data, trip, id);
            } else {
                ImGui::SameLine();
                ImGui::TextDisabled("%s", tr(l, S::TripRateAfter));
            }
        }
        ImGui::PopID();
    }
    if (!trip.meeting_point.empty())
        ImGui::TextDisabled("%s", trf(l, S::FamilyMeetingPoint, {{"place", trip.meeting_point}}).c_str());
    // Its teachers (planner and leaders) write its consent form and follow the answers.
    const bool leads = trip.owner_id == s.account.user.id ||
                       std::find(trip.leaders.begin(), trip.leaders.end(), s.account.user.id) != trip.leaders.end();
    if (teacher && leads) {
        draw_register_panel(ctx, data, trip, t.day);
        draw_consent_panel(ctx, data, trip, t.consent);
    }
}

}  // namespace

void draw_trips_view(ViewContext& ctx, TripsViewUi& t) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    if (!s.account.signed_in || !s.data) {
        ImGui::TextDisabled("%s", tr(l, S::TripSignIn));
        return;
    }
    const SpaceData& data = *s.data;
    const bool teacher = s.account.user.role == api::Role::teacher;
    const float w = ImGui::GetContentRegionAvail().x;
    const float left_w = teacher ? std::min(420.0f * s.settings.ui_scale, w * 0.45f) : w * 0.4f;
    if (teacher) {
        ui::begin_pane("##plan", {left_w, 0});
        draw_plan(ctx, t, data);
        ui::end_pane();
        ui::next_pane();
    }
    ui::begin_pane("##trips", {teacher ? 0 : left_w, 0});
    if (data.trips().empty()) ImGui::TextDisabled("%s", tr(l, S::TripsNone));
    const Trip* selected = nullptr;
    for (const auto& trip : data.trips()) {  // latest first
        ImGui::PushID(trip.id.c_str());
        const bool sel = s.trip_draft.selected_trip == trip.id;
        if (sel) selected = &trip;
        if (ui::selectable(trf(l, S::TripListLine, {{"date", trip.date}, {"title", trip.title}}).c_str(), sel))
            ctx.out.push(SelectTrip{trip.id});
        note_item(ctx, "trip:" + trip.id);
        ImGui::PopID();
    }
    if (selected) {
        ImGui::Separator();
        draw_trip(ctx, t, data, *selected);
    }
    ui::end_pane();
}

}  // namespace zx::client
