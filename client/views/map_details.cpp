// 研学地图, the details panel: a base's record, the routes through it,
// planning it into a trip and its management; a route's stops and legs.
#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"
#include "style.hpp"
#include "ui/widgets.hpp"
#include "views/map_parts.hpp"

#include "zx/space/timetable.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace zx::client::map_parts {

namespace {

std::string hhmm(int minutes) { return timetable::format_hhmm(minutes); }

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
    return out;
}

// How many filter conditions are set, for the toggle's label.
void stars(double v) {
    char buf[64] = "";
    const int full = static_cast<int>(v + 0.25);
    for (int i = 0; i < 5; ++i) std::strcat(buf, i < full ? "★" : "☆");
    ImGui::TextColored(im_vec4(kStarRgb), "%s", buf);
}

// Routes that stop at `base_id`.
std::vector<const Route*> routes_through(const AppState& s, const std::string& base_id) {
    std::vector<const Route*> out;
    for (const auto& r : s.routes)
        if (std::any_of(r.stops.begin(), r.stops.end(), [&](const RouteStop& x) { return x.base_id == base_id; }))
            out.push_back(&r);
    return out;
}

void draw_manage(ViewContext& ctx, MapViewUi& ui, const Base& b) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const auto role = s.account.user.role;
    const bool admin = role == api::Role::admin;
    const Person* me = s.data ? s.data->person(s.account.user.id) : nullptr;
    const bool staff = role == api::Role::base_staff && me && me->base_id == b.id;
    if (!s.account.signed_in || !(admin || staff)) return;
    if (ui.edit_base != b.id) {
        ui.edit_base = b.id;
        ui.edit_status = static_cast<int>(b.status);
        ui.edit_capacity = b.capacity;
        ui.edit_reason = b.status_reason;
    }
    ImGui::SeparatorText(tr(l, S::ManageTitle));
    // Staff run the day to day; suspending and delisting is for admins.
    const int choices = admin ? 5 : 3;
    const bool locked = !admin && (b.status == BaseStatus::suspended || b.status == BaseStatus::delisted);
    ImGui::BeginDisabled(locked);
    ImGui::SetNextItemWidth(140);
    if (ImGui::BeginCombo("##status", label(l, all_statuses()[ui.edit_status]))) {
        for (int k = 0; k < choices; ++k)
            if (ui::selectable(label(l, all_statuses()[k]), k == ui.edit_status))
                ui.edit_status = k;
        ImGui::EndCombo();
    }
    note_item(ctx, "manage:status");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt(tr(l, S::FieldCapacity), &ui.edit_capacity, 50, 200);
    ui.edit_capacity = std::clamp(ui.edit_capacity, 0, 1000000);
    draft_text(ctx, {"bases", b.id, "status_reason"}, ui.edit_reason, b.status_reason, "##reason", tr(l, S::ManageReason));
    note_item(ctx, "manage:reason");
    const auto status = all_statuses()[ui.edit_status];
    const bool needs_reason = status == BaseStatus::suspended || status == BaseStatus::delisted;
    ImGui::BeginDisabled(needs_reason && ui.edit_reason.empty());
    if (ImGui::Button(tr(l, S::ManageSave))) {
        ctx.out.push(SetBaseStatus{b.id, status, ui.edit_capacity, ui.edit_reason});
    }
    note_item(ctx, "manage:save");
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    notice_line(s.notices.bases);
}

}  // namespace

void draw_details(ViewContext& ctx, MapViewUi& ui, const Base& b) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(b.name.c_str());
    ImGui::PopTextWrapPos();
    if (b.rating > 0) {
        stars(b.rating);
        ImGui::SameLine();
        ImGui::TextDisabled("%s", trf(l, S::FieldRatingValue, {Arg("rating", b.rating), Arg("count", b.rating_count)}).c_str());
    }
    if (ImGui::BeginTable("##details", 2, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
        auto row = [](const char* k, const std::string& v) {
            if (v.empty()) return;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", k);
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(v.c_str());
            ImGui::PopTextWrapPos();
        };
        row(tr(l, S::FieldStatus), b.status_reason.empty() ? std::string(label(l, b.status))
                                                            : trf(l, S::StatusWithReason, {{"status", label(l, b.status)},
                                                                                           {"reason", b.status_reason}}));
        row(tr(l, S::FieldCategory), std::string(label(l, b.category)) + " · " + label(l, b.level));
        row(tr(l, S::FieldRegion), b.city + " " + b.district);
        row(tr(l, S::FieldAddress), b.address);
        if (b.rating > 0) {
            const auto& d = b.rating_detail;
            row(tr(l, S::FieldRating), trf(l, S::FieldRatingDetail, {Arg("safety", d.safety), Arg("course", d.course),
                                                                     Arg("organisation", d.organisation), Arg("value", d.value)}));
        } else {
            row(tr(l, S::FieldRating), tr(l, S::FieldNotRated));
        }
        if (b.capacity > 0) row(tr(l, S::FieldCapacity), trf(l, S::FieldCapacityValue, {{"count", b.capacity}}));
        row(tr(l, S::FieldGrades), grade_label(l, b.grade_min) + " – " + grade_label(l, b.grade_max));
        std::string closed;
        const S days[] = {S::Mon, S::Tue, S::Wed, S::Thu, S::Fri, S::Sat, S::Sun};
        for (int d : b.closed_weekdays)
            if (d >= 1 && d <= 7) closed += (closed.empty() ? "" : "、") + std::string(tr(l, days[d - 1]));
        for (const auto& d : b.closed_dates) closed += (closed.empty() ? "" : "、") + d;
        row(tr(l, S::FieldHours), hhmm(b.open_min) + " – " + hhmm(b.close_min));
        row(tr(l, S::FieldClosedDays), closed);
        row(tr(l, S::FieldCourses), join(b.courses, "、"));
        row(tr(l, S::FieldSafety), b.safety);
        row(tr(l, S::FieldContact), b.contact);
        if (!b.photos.empty()) row(tr(l, S::FieldPhotos), std::to_string(b.photos.size()));
        char coords[64];
        std::snprintf(coords, sizeof coords, "%.5f, %.5f", b.lat, b.lon);
        row(tr(l, S::FieldCoordinates), coords);
        row(tr(l, S::FieldId), b.id);
        ImGui::EndTable();
    }
    for (const auto& url : b.photos) {
        ImGui::PushID(url.c_str());
        if (ui::small_button(url.c_str())) ctx.out.push(OpenUrl{url});
        ImGui::PopID();
    }
    const auto routes = routes_through(s, b.id);
    if (!routes.empty()) {
        ImGui::TextDisabled("%s", tr(l, S::FieldRoutes));
        for (const auto* r : routes) {
            ImGui::PushID(r->id.c_str());
            if (ui::small_button(r->name.c_str())) {
                ui.tab = 1;
                ctx.out.push(ShowRoute{r->id});
            }
            ImGui::PopID();
        }
    }
    if (ImGui::Button(tr(l, S::MapShowOnMap))) ctx.out.push(SelectBase{b.id, true});
    note_item(ctx, "base:show");
    if (s.account.signed_in && s.account.user.role == api::Role::teacher && plannable(b)) {
        ImGui::SameLine();
        const auto& plan = s.trip_draft.bases;
        const bool in_plan = std::find(plan.begin(), plan.end(), b.id) != plan.end();
        if (ImGui::Button(tr(l, in_plan ? S::TripInPlan : S::TripAddBase))) ctx.out.push(ToggleTripBase{b.id});
        note_item(ctx, "base:plan");
    }
    if (b.demo) ImGui::TextDisabled("%s", tr(l, S::MapDemoNotice));
    draw_manage(ctx, ui, b);
}

void draw_route_details(ViewContext& ctx, const Route& r) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(r.name.c_str());
    ImGui::TextDisabled("%s", r.description.c_str());
    ImGui::PopTextWrapPos();
    // Actions first: a long list of stops may scroll.
    if (ImGui::Button(tr(l, S::RouteHide))) ctx.out.push(ShowRoute{""});
    if (s.account.signed_in && s.account.user.role == api::Role::teacher) {
        ImGui::SameLine();
        if (ImGui::Button(tr(l, S::RoutePlan))) ctx.out.push(PlanFromRoute{r.id});
        note_item(ctx, "route:plan");
    }
    int n = 0;
    for (const auto& stop : r.stops) {
        const Base* b = s.find_base(stop.base_id);
        // A stop's travel fields describe the leg that reaches it.
        if (n > 0 && stop.travel_min > 0) {
            ImGui::TextDisabled("   ↓ %s", trf(l, S::RouteLeg, {{"mode", travel_mode_label(l, stop.mode)}, {"minutes", stop.travel_min}}).c_str());
        }
        ImGui::PushID(n);
        const auto head = trf(l, S::RouteStopLine, {{"n", ++n}, {"arrive", hhmm(stop.arrive_min)}, {"leave", hhmm(stop.leave_min)},
                                                    {"base", b ? b->name : stop.base_id}});
        if (ui::selectable(head.c_str()) && b) ctx.out.push(SelectBase{b->id, true});
        if (!stop.task.empty()) {
            ImGui::Indent();
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("%s", stop.task.c_str());
            ImGui::PopTextWrapPos();
            ImGui::Unindent();
        }
        ImGui::PopID();
    }
}

}  // namespace zx::client::map_parts
