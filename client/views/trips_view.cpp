// 研学行程: study trips. Teachers plan one for a class from a curated route or
// from bases picked on the map; it lands in the class timetable and, stop by
// stop, in every student's activity library. After the trip its teachers rate
// each base. Students and parents see the trips that concern them.
#include "platform/platform.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include "zx/space/timetable.hpp"
#include "zx/tours/trips.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace zx::client {

namespace {

std::string text_of(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string hhmm(int minutes) { return timetable::format_hhmm(minutes); }

// Today in China, as the server decides "after the trip".
std::string today(int64_t now_ms) { return timetable::format(timetable::china_today(now_ms)); }

std::vector<std::string> trip_bases(const sync::Record& trip) {
    std::vector<std::string> out;
    const auto it = trip.fields.find("bases");
    if (it != trip.fields.end() && it->is_array()) {
        for (const auto& b : *it) {
            if (b.is_string()) out.push_back(b.get<std::string>());
            else if (b.is_object()) out.push_back(text_of(b, "base_id"));
        }
    }
    return out;
}

void draw_plan(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    auto& t = ctx.ui.trips;
    const auto& data = *s.data;
    ImGui::SeparatorText(tr(l, S::TripPlanTitle));
    // Classes this teacher teaches.
    std::vector<const sync::Record*> classes;
    for (const auto* c : data.list("classes"))
        if (text_of(c->fields, "teacher_id") == s.account.user.id) classes.push_back(c);
    if (classes.empty()) {
        ImGui::TextDisabled("%s", tr(l, S::TripNoClass));
        return;
    }
    if (t.class_id.empty()) t.class_id = classes.front()->id;
    if (t.date.empty()) t.date = today(s.now_ms);
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::TextDisabled("%s", tr(l, S::TripClass));
    ImGui::SetNextItemWidth(w);
    std::string class_name = t.class_id;
    for (const auto* c : classes)
        if (c->id == t.class_id) class_name = text_of(c->fields, "name");
    if (ImGui::BeginCombo("##class", class_name.c_str())) {
        for (const auto* c : classes)
            if (ImGui::Selectable(text_of(c->fields, "name").c_str(), c->id == t.class_id)) t.class_id = c->id;
        ImGui::EndCombo();
    }
    ui::input_text(ctx.platform, "##title", t.title, tr(l, S::TripTitleHint), {w, 0});
    note_item(ctx.ui, "trip:title");
    ImGui::TextDisabled("%s / %s", tr(l, S::TripDate), tr(l, S::TripTimes));
    ui::input_text(ctx.platform, "##date", t.date, "YYYY-MM-DD", {w * 0.4f, 0});
    note_item(ctx.ui, "trip:date");
    ImGui::SameLine();
    ui::input_text(ctx.platform, "##start", t.start, "08:30", {w * 0.25f, 0});
    ImGui::SameLine();
    ui::input_text(ctx.platform, "##end", t.end, "16:30", {w * 0.25f, 0});

    ImGui::TextDisabled("%s", tr(l, S::TripFromRoute));
    std::string route_name = tr(l, S::TripNoRoute);
    if (const Route* r = s.find_route(t.route_id)) route_name = r->name;
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##route", route_name.c_str())) {
        if (ImGui::Selectable(tr(l, S::TripNoRoute), t.route_id.empty())) t.route_id.clear();
        for (const auto& r : s.routes)
            if (ImGui::Selectable(r.name.c_str(), r.id == t.route_id)) t.route_id = r.id;
        ImGui::EndCombo();
    }
    note_item(ctx.ui, "trip:route");
    if (t.route_id.empty()) {
        ImGui::TextDisabled("%s", tr(l, S::TripFromBases));
        int remove = -1;
        for (size_t i = 0; i < t.bases.size(); ++i) {
            const Base* b = s.find_base(t.bases[i]);
            ImGui::PushID(static_cast<int>(i));
            ImGui::Text("%zu. %s", i + 1, b ? b->name.c_str() : t.bases[i].c_str());
            ImGui::SameLine();
            if (ImGui::SmallButton(tr(l, S::TripRemove))) remove = static_cast<int>(i);
            ImGui::PopID();
        }
        if (remove >= 0) ctx.out.push(ToggleTripBase{t.bases[static_cast<size_t>(remove)]});
        if (ImGui::SmallButton(tr(l, S::NavMap))) ctx.out.push(Navigate{ViewId::map});
    }
    ImGui::TextDisabled("%s", tr(l, S::TripGroups));
    ui::input_text(ctx.platform, "##groups", t.groups, "第一组\n第二组", {w, ImGui::GetTextLineHeight() * 4},
                   ui::kInputMultiline);
    note_item(ctx.ui, "trip:groups");
    if (ImGui::Button(tr(l, S::TripCreate), {w, 0})) ctx.out.push(PlanTrip{});
    note_item(ctx.ui, "trip:create");
    notice_line(s.space_notice, s.space_notice_ok);
}

void draw_rating(ViewContext& ctx, const sync::Record& trip, const std::string& base_id) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    auto& t = ctx.ui.trips;
    const auto rating_id = trip.id + "-r-" + base_id + "-" + s.account.user.id;
    if (const auto* done = s.data->find("base_ratings", rating_id); done && !done->deleted) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr(l, S::TripRated));
        return;
    }
    ImGui::SameLine();
    ImGui::PushID(base_id.c_str());
    if (t.rate_base != base_id) {
        if (ImGui::SmallButton(tr(l, S::TripRate))) t.rate_base = base_id;
        note_item(ctx.ui, "trip:rate:" + base_id);
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
    ui::input_text(ctx.platform, "##comment", t.comment, tr(l, S::TripRateComment));
    const nlohmann::json fields{{"trip_id", trip.id},        {"base_id", base_id},
                                {"overall", t.stars[0]},     {"safety", t.stars[1]},
                                {"course", t.stars[2]},      {"organisation", t.stars[3]},
                                {"value", t.stars[4]},       {"comment", t.comment},
                                {"rated_at", s.now_ms}};
    const auto problem = validate_rating(fields);
    if (problem) ImGui::TextColored({0.78f, 0.1f, 0.1f, 1}, "%s", problem->c_str());
    ImGui::BeginDisabled(problem.has_value());
    if (ImGui::Button(tr(l, S::TripRateSubmit))) {
        ctx.out.push(EditRecord{"base_ratings", rating_id, fields, std::nullopt});
        t.rate_base.clear();
        t.comment.clear();
    }
    note_item(ctx.ui, "trip:rate:submit");
    ImGui::EndDisabled();
    ImGui::PopID();
}

void draw_trip(ViewContext& ctx, const sync::Record& trip) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text_of(trip.fields, "title").c_str());
    ImGui::PopTextWrapPos();
    const auto date = text_of(trip.fields, "date");
    const int start = trip.fields.value("start_min", nlohmann::json()).is_number() ? trip.fields["start_min"].get<int>() : 0;
    const int end = trip.fields.value("end_min", nlohmann::json()).is_number() ? trip.fields["end_min"].get<int>() : 0;
    ImGui::TextDisabled("%s  %s – %s", date.c_str(), hhmm(start).c_str(), hhmm(end).c_str());
    int participants = 0;
    for (const auto* p : s.data->list("trip_participants"))
        if (text_of(p->fields, "trip_id") == trip.id) ++participants;
    char who[64];
    std::snprintf(who, sizeof who, tr(l, S::TripParticipants), participants);
    ImGui::TextDisabled("%s", who);
    ImGui::SeparatorText(tr(l, S::TripStops));
    const bool teacher = s.account.user.role == api::Role::teacher;
    const bool over = !date.empty() && date <= today(s.now_ms);
    int n = 0;
    for (const auto& id : trip_bases(trip)) {
        const Base* b = s.find_base(id);
        ImGui::PushID(n);
        char line[256];
        std::snprintf(line, sizeof line, "%d. %s", ++n, b ? b->name.c_str() : id.c_str());
        if (ImGui::Selectable(line, false, 0, {ImGui::GetContentRegionAvail().x * 0.6f, 0}) && b) {
            ctx.out.push(SelectBase{b->id, true});
            ctx.out.push(Navigate{ViewId::map});
        }
        if (teacher) {
            if (over) draw_rating(ctx, trip, id);
            else {
                ImGui::SameLine();
                ImGui::TextDisabled("%s", tr(l, S::TripRateAfter));
            }
        }
        ImGui::PopID();
    }
}

}  // namespace

void draw_trips_view(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    if (!s.account.signed_in || !s.data) {
        ImGui::TextDisabled("%s", tr(l, S::TripSignIn));
        return;
    }
    auto& t = ctx.ui.trips;
    const bool teacher = s.account.user.role == api::Role::teacher;
    const float w = ImGui::GetContentRegionAvail().x;
    const float left_w = teacher ? std::min(420.0f * s.settings.ui_scale, w * 0.45f) : w * 0.4f;
    if (teacher) {
        ImGui::BeginChild("##plan", {left_w, 0}, ImGuiChildFlags_Border);
        draw_plan(ctx);
        ImGui::EndChild();
        ImGui::SameLine();
    }
    ImGui::BeginChild("##trips", {teacher ? 0 : left_w, 0}, ImGuiChildFlags_Border);
    auto trips = s.data->list("trips");
    std::sort(trips.begin(), trips.end(), [](const auto* a, const auto* b) {
        return text_of(a->fields, "date") > text_of(b->fields, "date");
    });
    if (trips.empty()) ImGui::TextDisabled("%s", tr(l, S::TripsNone));
    const sync::Record* selected = nullptr;
    for (const auto* trip : trips) {
        ImGui::PushID(trip->id.c_str());
        const bool sel = t.selected_trip == trip->id;
        if (sel) selected = trip;
        char label[300];
        std::snprintf(label, sizeof label, "%s  %s", text_of(trip->fields, "date").c_str(),
                      text_of(trip->fields, "title").c_str());
        if (ImGui::Selectable(label, sel)) t.selected_trip = trip->id;
        note_item(ctx.ui, "trip:" + trip->id);
        ImGui::PopID();
    }
    if (selected) {
        ImGui::Separator();
        draw_trip(ctx, *selected);
    }
    ImGui::EndChild();
}

}  // namespace zx::client
