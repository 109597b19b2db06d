// 研学地图: the study-tour bases and curated routes beside the map. The list
// and the map always show the same filtered set (one BaseFilter, applied by
// the app) and say how many; picking in either selects in both.
#include "platform/platform.hpp"
#include "style.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include "zx/space/timetable.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace zx::client {

namespace {

constexpr float kPanelWidth = 360.0f;
constexpr double kRadiusChoices[] = {0, 5, 10, 20, 50, 100, 200};
constexpr double kRatingChoices[] = {0, 3, 4, 4.5};

std::string grade_label(int g, Lang l) {
    static const char* const zh[] = {"一年级", "二年级", "三年级", "四年级", "五年级", "六年级",
                                     "初一",   "初二",   "初三",   "高一",   "高二",   "高三"};
    if (g < 1 || g > 12) return tr(l, S::FilterAny);
    if (l == Lang::zh) return zh[g - 1];
    return "Grade " + std::to_string(g);
}

// A string field of a synced record or JSON object; "" when absent, null or
// not a string (records from older servers, half-synced ones).
std::string text_of(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string hhmm(int minutes) { return timetable::format_hhmm(minutes); }

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
    return out;
}

std::string travel_mode(const std::string& mode, Lang l) {
    const bool zh = l == Lang::zh;
    if (mode == "bus") return zh ? "乘车" : "Bus";
    if (mode == "walk") return zh ? "步行" : "Walk";
    if (mode == "boat") return zh ? "乘船" : "Boat";
    if (mode == "train") return zh ? "乘火车" : "Train";
    if (mode == "metro") return zh ? "乘地铁" : "Metro";
    return mode;
}

// How many filter conditions are set, for the toggle's label.
int active_filters(const BaseFilter& f) {
    return (f.categories != 0) + (f.levels != 0) + (f.min_rating > 0) + (f.grade != 0) + !f.open_date.empty() +
           f.near.has_value();
}

// The filter as the controls below the search field describe it. Returns
// true when the user changed something this frame.
bool draw_filters(ViewContext& ctx, BaseFilter& f, float width) {
    const AppState& s = ctx.state;
    auto& ui = ctx.ui.map;
    const Lang l = s.lang();
    const bool zh = l == Lang::zh;
    bool changed = false;
    ImGui::BeginChild("##filters", {width, 0}, ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImGui::TextDisabled("%s", tr(l, S::FilterCategory));
    int i = 0;
    for (auto c : all_categories()) {
        const uint32_t bit = 1u << static_cast<unsigned>(c);
        bool on = (f.categories & bit) != 0;
        if (i++ % 3) ImGui::SameLine(width / 3 * static_cast<float>((i - 1) % 3) + 8);
        ImGui::PushID(static_cast<int>(c));
        if (ImGui::Checkbox(std::string(label(c, zh)).c_str(), &on)) {
            f.categories = on ? (f.categories | bit) : (f.categories & ~bit);
            changed = true;
        }
        note_item(ctx.ui, "filter:category:" + std::string(to_code(c)));
        ImGui::PopID();
    }
    ImGui::TextDisabled("%s", tr(l, S::FilterLevel));
    i = 0;
    for (auto v : all_levels()) {
        const uint32_t bit = 1u << static_cast<unsigned>(v);
        bool on = (f.levels & bit) != 0;
        if (i++) ImGui::SameLine();
        ImGui::PushID(100 + static_cast<int>(v));
        if (ImGui::Checkbox(std::string(label(v, zh)).c_str(), &on)) {
            f.levels = on ? (f.levels | bit) : (f.levels & ~bit);
            changed = true;
        }
        note_item(ctx.ui, "filter:level:" + std::string(to_code(v)));
        ImGui::PopID();
    }

    const float half = (width - 28) / 2;
    ImGui::PushItemWidth(half);
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", tr(l, S::FilterRating));
    int rating = 0;
    for (size_t k = 0; k < std::size(kRatingChoices); ++k)
        if (f.min_rating == kRatingChoices[k]) rating = static_cast<int>(k);
    auto rating_label = [&](int k) {
        if (k == 0) return std::string(tr(l, S::FilterAny));
        char b[32];
        std::snprintf(b, sizeof b, zh ? "%.1f 星以上" : "%.1f stars +", kRatingChoices[k]);
        return std::string(b);
    };
    if (ImGui::BeginCombo("##rating", rating_label(rating).c_str())) {
        for (int k = 0; k < static_cast<int>(std::size(kRatingChoices)); ++k)
            if (ImGui::Selectable(rating_label(k).c_str(), k == rating)) {
                f.min_rating = kRatingChoices[k];
                changed = true;
            }
        ImGui::EndCombo();
    }
    note_item(ctx.ui, "filter:rating");
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", tr(l, S::FilterGrade));
    if (ImGui::BeginCombo("##grade", grade_label(f.grade, l).c_str())) {
        for (int g = 0; g <= 12; ++g)
            if (ImGui::Selectable(grade_label(g, l).c_str(), g == f.grade)) {
                f.grade = g;
                changed = true;
            }
        ImGui::EndCombo();
    }
    note_item(ctx.ui, "filter:grade");
    ImGui::EndGroup();
    ImGui::PopItemWidth();

    ImGui::TextDisabled("%s", tr(l, S::FilterOpenOn));
    if (ui::input_text(ctx.platform, "##open", ui.open_date, tr(l, S::FilterDateHint), {half, 0})) {
        // Applied once it is a whole date (or empty), so typing does not flicker.
        if (ui.open_date.empty() || timetable::parse_date(ui.open_date)) {
            f.open_date = ui.open_date;
            changed = true;
        }
    }
    note_item(ctx.ui, "filter:open");
    ImGui::SameLine();
    if (ImGui::Button(tr(l, S::FilterToday))) {
        ui.open_date = timetable::format(timetable::china_today(s.now_ms));
        f.open_date = ui.open_date;
        changed = true;
    }
    if (!ui.open_date.empty() && !timetable::parse_date(ui.open_date))
        ImGui::TextColored({0.78f, 0.1f, 0.1f, 1}, "\"%s\" %s", ui.open_date.c_str(),
                           zh ? "不是有效日期（YYYY-MM-DD）" : "is not a date (YYYY-MM-DD)");

    ImGui::TextDisabled("%s", tr(l, S::FilterDistance));
    auto radius_label = [&](int k) {
        if (k == 0) return std::string(tr(l, S::FilterAny));
        return std::to_string(static_cast<int>(kRadiusChoices[k])) + " km";
    };
    ImGui::SetNextItemWidth(half * 0.7f);
    if (ImGui::BeginCombo("##radius", radius_label(ui.radius_choice).c_str())) {
        for (int k = 0; k < static_cast<int>(std::size(kRadiusChoices)); ++k)
            if (ImGui::Selectable(radius_label(k).c_str(), k == ui.radius_choice)) ui.radius_choice = k;
        ImGui::EndCombo();
    }
    note_item(ctx.ui, "filter:radius");
    ImGui::SameLine();
    const S from[] = {S::FilterFromCentre, S::FilterFromSelected, S::FilterFromMe};
    ImGui::SetNextItemWidth(width - half * 0.7f - 36);
    if (ImGui::BeginCombo("##from", tr(l, from[ui.near_choice]))) {
        for (int k = 0; k < 3; ++k)
            if (ImGui::Selectable(tr(l, from[k]), k == ui.near_choice)) {
                ui.near_choice = k;
                if (k == 2 && !ui.my_location) ctx.out.push(Locate{});
            }
        ImGui::EndCombo();
    }
    note_item(ctx.ui, "filter:from");
    // The point is fixed when the filter is set, not followed: a distance
    // filter refits the map, which would otherwise move its own centre.
    std::optional<geo::LatLon> point;
    if (ui.radius_choice > 0) {
        if (ui.near_choice == 0) {
            if (f.near && f.radius_km > 0) point = f.near;  // keep the centre chosen before
            else if (auto v = ctx.platform.map_view())
                point = geo::LatLon{(v->north + v->south) / 2, (v->east + v->west) / 2};
        } else if (ui.near_choice == 1) {
            if (const Base* b = s.find_base(s.selected_base)) point = geo::LatLon{b->lat, b->lon};
            else ImGui::TextDisabled("%s", tr(l, S::FilterNoSelected));
        } else {
            if (ui.my_location) point = ui.my_location;
            else if (!ui.location_error.empty()) ImGui::TextColored({0.78f, 0.1f, 0.1f, 1}, "%s", ui.location_error.c_str());
            else ImGui::TextDisabled("%s", tr(l, S::FilterLocating));
        }
    }
    const double radius = point ? kRadiusChoices[ui.radius_choice] : 0;
    if (f.near != point || f.radius_km != radius) {
        f.near = point;
        f.radius_km = radius;
        changed = true;
    }
    if (active_filters(f) > 0 && ImGui::Button(tr(l, S::FilterClear))) {
        const std::string q = f.query;
        f = {};
        f.query = q;
        ui.open_date.clear();
        ui.radius_choice = 0;
        changed = true;
    }
    note_item(ctx.ui, "filter:clear");
    ImGui::EndChild();
    return changed;
}

void stars(double v) {
    char buf[64] = "";
    const int full = static_cast<int>(v + 0.25);
    for (int i = 0; i < 5; ++i) std::strcat(buf, i < full ? "★" : "☆");
    ImGui::TextColored({0.85f, 0.55f, 0.05f, 1}, "%s", buf);
}

// Routes that stop at `base_id`.
std::vector<const Route*> routes_through(const AppState& s, const std::string& base_id) {
    std::vector<const Route*> out;
    for (const auto& r : s.routes)
        if (std::any_of(r.stops.begin(), r.stops.end(), [&](const RouteStop& x) { return x.base_id == base_id; }))
            out.push_back(&r);
    return out;
}

void draw_manage(ViewContext& ctx, const Base& b) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const bool zh = l == Lang::zh;
    const auto role = s.account.user.role;
    const bool admin = role == api::Role::admin;
    const sync::Record* me = s.data ? s.data->find("users", s.account.user.id) : nullptr;
    const bool staff = role == api::Role::base_staff && me && text_of(me->fields, "base_id") == b.id;
    if (!s.account.signed_in || !(admin || staff)) return;
    auto& ui = ctx.ui.map;
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
    if (ImGui::BeginCombo("##status", std::string(label(all_statuses()[ui.edit_status], zh)).c_str())) {
        for (int k = 0; k < choices; ++k)
            if (ImGui::Selectable(std::string(label(all_statuses()[k], zh)).c_str(), k == ui.edit_status))
                ui.edit_status = k;
        ImGui::EndCombo();
    }
    note_item(ctx.ui, "manage:status");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt(tr(l, S::FieldCapacity), &ui.edit_capacity, 50, 200);
    ui.edit_capacity = std::clamp(ui.edit_capacity, 0, 1000000);
    ui::input_text(ctx.platform, "##reason", ui.edit_reason, tr(l, S::ManageReason));
    note_item(ctx.ui, "manage:reason");
    const auto status = all_statuses()[ui.edit_status];
    const bool needs_reason = status == BaseStatus::suspended || status == BaseStatus::delisted;
    ImGui::BeginDisabled(needs_reason && ui.edit_reason.empty());
    if (ImGui::Button(tr(l, S::ManageSave))) {
        ctx.out.push(EditRecord{"bases", b.id,
                                {{"status", to_code(status)},
                                 {"capacity", ui.edit_capacity},
                                 {"status_reason", ui.edit_reason}},
                                std::nullopt});
    }
    note_item(ctx.ui, "manage:save");
    ImGui::EndDisabled();
    ImGui::EndDisabled();
}

void draw_details(ViewContext& ctx, const Base& b) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const bool zh = l == Lang::zh;
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(b.name.c_str());
    ImGui::PopTextWrapPos();
    if (b.rating > 0) {
        stars(b.rating);
        ImGui::SameLine();
        ImGui::TextDisabled(tr(l, S::FieldRatingValue), b.rating, b.rating_count);
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
        row(tr(l, S::FieldStatus),
            std::string(label(b.status, zh)) + (b.status_reason.empty() ? "" : "（" + b.status_reason + "）"));
        row(tr(l, S::FieldCategory), std::string(label(b.category, zh)) + " · " + std::string(label(b.level, zh)));
        row(tr(l, S::FieldRegion), b.city + " " + b.district);
        row(tr(l, S::FieldAddress), b.address);
        if (b.rating > 0) {
            char d[160];
            std::snprintf(d, sizeof d, tr(l, S::FieldRatingDetail), b.rating_detail.safety, b.rating_detail.course,
                          b.rating_detail.organisation, b.rating_detail.value);
            row(tr(l, S::FieldRating), d);
        } else {
            row(tr(l, S::FieldRating), tr(l, S::FieldNotRated));
        }
        if (b.capacity > 0) {
            char c[64];
            std::snprintf(c, sizeof c, tr(l, S::FieldCapacityValue), b.capacity);
            row(tr(l, S::FieldCapacity), c);
        }
        row(tr(l, S::FieldGrades), grade_label(b.grade_min, l) + " – " + grade_label(b.grade_max, l));
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
        if (ImGui::SmallButton(url.c_str())) ctx.out.push(OpenUrl{url});
        ImGui::PopID();
    }
    const auto routes = routes_through(s, b.id);
    if (!routes.empty()) {
        ImGui::TextDisabled("%s", tr(l, S::FieldRoutes));
        for (const auto* r : routes) {
            ImGui::PushID(r->id.c_str());
            if (ImGui::SmallButton(r->name.c_str())) {
                ctx.ui.map.tab = 1;
                ctx.ui.map.route = r->id;
            }
            ImGui::PopID();
        }
    }
    if (ImGui::Button(tr(l, S::MapShowOnMap))) ctx.out.push(SelectBase{b.id, true});
    note_item(ctx.ui, "base:show");
    if (s.account.signed_in && s.account.user.role == api::Role::teacher && plannable(b)) {
        ImGui::SameLine();
        const auto& plan = ctx.ui.trips.bases;
        const bool in_plan = std::find(plan.begin(), plan.end(), b.id) != plan.end();
        if (ImGui::Button(tr(l, in_plan ? S::TripInPlan : S::TripAddBase))) ctx.out.push(ToggleTripBase{b.id});
        note_item(ctx.ui, "base:plan");
    }
    if (b.demo) ImGui::TextDisabled("%s", tr(l, S::MapDemoNotice));
    draw_manage(ctx, b);
}

void draw_list(ViewContext& ctx, float width, float height) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const bool zh = l == Lang::zh;
    ImGui::BeginChild("##bases", {width, height}, ImGuiChildFlags_Border);
    if (s.bases.shown.empty()) ImGui::TextDisabled("%s", tr(l, S::MapNoMatch));
    // Only the visible rows are laid out, so 100,000 bases cost what 30 do.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(s.bases.shown.size()));
    int selected_row = -1;
    if (ctx.ui.map.scroll_to_selected) {
        for (size_t r = 0; r < s.bases.shown.size(); ++r)
            if (s.bases.all[s.bases.shown[r]].id == s.selected_base) selected_row = static_cast<int>(r);
        if (selected_row >= 0) clipper.IncludeItemByIndex(selected_row);
    }
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const Base& b = s.bases.all[s.bases.shown[static_cast<size_t>(r)]];
            ImGui::PushID(b.id.c_str());
            const bool sel = b.id == s.selected_base;
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float line = ImGui::GetTextLineHeight();
            if (ImGui::Selectable("##row", sel, 0, {0, line * 2 + 4})) ctx.out.push(SelectBase{b.id, true});
            note_item(ctx.ui, "base:" + b.id);
            if (sel && r == selected_row) ImGui::SetScrollHereY(0.5f);
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddCircleFilled({p.x + 6, p.y + line / 2 + 1}, 5, im_color(category_rgb(b.category)));
            dl->AddText({p.x + 18, p.y}, ImGui::GetColorU32(ImGuiCol_Text), b.name.c_str());
            char sub[200];
            char rating[24] = "";
            if (b.rating > 0) std::snprintf(rating, sizeof rating, " · ★%.1f", b.rating);
            std::snprintf(sub, sizeof sub, "%s · %s · %s%s%s%s", std::string(label(b.category, zh)).c_str(),
                          std::string(label(b.level, zh)).c_str(), b.city.c_str(), b.district.c_str(), rating,
                          b.status == BaseStatus::open ? "" : (" · " + std::string(label(b.status, zh))).c_str());
            dl->AddText({p.x + 18, p.y + line + 2}, ImGui::GetColorU32(ImGuiCol_TextDisabled), sub);
            ImGui::PopID();
        }
    }
    if (selected_row >= 0) ctx.ui.map.scroll_to_selected = false;
    ImGui::EndChild();
}

void draw_routes(ViewContext& ctx, float width, float height) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::BeginChild("##routes", {width, height}, ImGuiChildFlags_Border);
    if (s.routes.empty()) ImGui::TextWrapped("%s", tr(l, S::RouteNone));
    for (const auto& r : s.routes) {
        ImGui::PushID(r.id.c_str());
        const bool sel = ctx.ui.map.route == r.id;
        const float line = ImGui::GetTextLineHeight();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (ImGui::Selectable("##route", sel, 0, {0, line * 2 + 4})) ctx.ui.map.route = sel ? "" : r.id;
        note_item(ctx.ui, "route:" + r.id);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddText({p.x + 4, p.y}, ImGui::GetColorU32(ImGuiCol_Text), r.name.c_str());
        std::string first;
        if (!r.stops.empty())
            if (const Base* b = s.find_base(r.stops.front().base_id)) first = b->city + b->district;
        char sub[160];
        std::snprintf(sub, sizeof sub, tr(l, S::RouteStops), static_cast<int>(r.stops.size()), first.c_str());
        dl->AddText({p.x + 4, p.y + line + 2}, ImGui::GetColorU32(ImGuiCol_TextDisabled), sub);
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void draw_route_details(ViewContext& ctx, const Route& r) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(r.name.c_str());
    ImGui::TextDisabled("%s", r.description.c_str());
    ImGui::PopTextWrapPos();
    // Actions first: a long list of stops may scroll.
    if (ImGui::Button(tr(l, S::RouteHide))) ctx.ui.map.route.clear();
    if (s.account.signed_in && s.account.user.role == api::Role::teacher) {
        ImGui::SameLine();
        if (ImGui::Button(tr(l, S::RoutePlan))) {
            ctx.ui.trips.route_id = r.id;
            ctx.out.push(Navigate{ViewId::trips});
        }
        note_item(ctx.ui, "route:plan");
    }
    int n = 0;
    for (const auto& stop : r.stops) {
        const Base* b = s.find_base(stop.base_id);
        // A stop's travel fields describe the leg that reaches it.
        if (n > 0 && stop.travel_min > 0) {
            char leg[96];
            std::snprintf(leg, sizeof leg, tr(l, S::RouteLeg), travel_mode(stop.mode, l).c_str(), stop.travel_min);
            ImGui::TextDisabled("   ↓ %s", leg);
        }
        ImGui::PushID(n);
        char head[256];
        std::snprintf(head, sizeof head, "%d. %s – %s  %s", ++n, hhmm(stop.arrive_min).c_str(),
                      hhmm(stop.leave_min).c_str(), b ? b->name.c_str() : stop.base_id.c_str());
        if (ImGui::Selectable(head) && b) ctx.out.push(SelectBase{b->id, true});
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

}  // namespace

void draw_map_view(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const float scale = s.settings.ui_scale;
    const float panel_w = kPanelWidth * scale;
    const ImVec2 region = ImGui::GetContentRegionAvail();
    auto& ui = ctx.ui.map;

    ImGui::BeginGroup();
    BaseFilter f = s.bases.filter;
    bool changed = false;
    if (ui::input_text(ctx.platform, "##query", ui.query, tr(l, S::MapSearchHint), {panel_w, 0}) && f.query != ui.query) {
        f.query = ui.query;
        changed = true;
    }
    note_item(ctx.ui, "map:search");

    char toggle[64];
    const int n_on = active_filters(f);
    if (n_on) std::snprintf(toggle, sizeof toggle, tr(l, S::MapFiltersOn), n_on);
    else std::snprintf(toggle, sizeof toggle, "%s", tr(l, S::MapFilters));
    if (ImGui::Button(toggle)) ui.show_filters = !ui.show_filters;
    note_item(ctx.ui, "map:filters");
    ImGui::SameLine();
    for (int t = 0; t < 2; ++t) {
        if (t) ImGui::SameLine();
        const bool on = ui.tab == t;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(tr(l, t == 0 ? S::MapTabBases : S::MapTabRoutes))) ui.tab = t;
        if (on) ImGui::PopStyleColor();
        note_item(ctx.ui, t == 0 ? "map:tab:bases" : "map:tab:routes");
    }
    if (ui.show_filters) changed = draw_filters(ctx, f, panel_w) || changed;
    if (changed && !validate(f)) ctx.out.push(SetBaseFilter{f});

    char count[96];
    const int total = static_cast<int>(s.bases.all.size());
    const int shown = static_cast<int>(s.bases.shown.size());
    switch (s.bases.status) {
        case LoadStatus::idle:
        case LoadStatus::loading: ImGui::TextDisabled("%s", tr(l, S::MapLoading)); break;
        case LoadStatus::error:
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + panel_w);
            ImGui::TextColored({0.78f, 0.1f, 0.1f, 1}, tr(l, S::MapLoadFailed), s.bases.error.c_str());
            ImGui::PopTextWrapPos();
            if (ImGui::Button(tr(l, S::MapRetry))) ctx.out.push(ReloadBases{});
            break;
        case LoadStatus::ready:
            if (shown == total)
                std::snprintf(count, sizeof count, tr(l, S::MapCountAll), total);
            else
                std::snprintf(count, sizeof count, tr(l, S::MapCountFiltered), shown, total);
            ImGui::TextUnformatted(count);
            note_item(ctx.ui, "map:count");
            if (s.bases.demo) {
                ImGui::SameLine();
                ImGui::TextDisabled("· %s", tr(l, S::StatusDemo));
            }
            break;
    }

    if (s.account.signed_in && s.account.user.role == api::Role::admin) {
        // Admins bring bases and routes in from GeoJSON or CSV files.
        if (ctx.platform.target() == "desktop") {
            ui::input_text(ctx.platform, "##import", ui.import_path, "/path/to/bases.geojson", {panel_w * 0.6f, 0});
            ImGui::SameLine();
        }
        if (ImGui::Button(l == Lang::zh ? "导入 GeoJSON / CSV" : "Import GeoJSON / CSV"))
            ctx.out.push(ImportBases{ui.import_path});
        note_item(ctx.ui, "map:import");
        if (!ui.import_report.empty()) {
            // Wrapped inside the panel: a long report must not push the map aside.
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + panel_w);
            ImGui::TextColored(ui.import_ok ? ImVec4{0.18f, 0.55f, 0.3f, 1} : ImVec4{0.78f, 0.1f, 0.1f, 1}, "%s",
                               ui.import_report.c_str());
            ImGui::PopTextWrapPos();
        }
    }

    const Base* sel = s.find_base(s.selected_base);
    const Route* route = s.find_route(ui.route);
    const bool details_route = ui.tab == 1 && route;
    const float avail_h = ImGui::GetContentRegionAvail().y;
    const float details_h = (sel || details_route) ? avail_h * 0.55f : ImGui::GetTextLineHeight() * 3;
    const float list_h = avail_h - details_h - ImGui::GetStyle().ItemSpacing.y;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {8, 6});
    if (ui.tab == 0) draw_list(ctx, panel_w, list_h);
    else draw_routes(ctx, panel_w, list_h);
    ImGui::BeginChild("##details", {panel_w, 0}, ImGuiChildFlags_Border);
    if (details_route)
        draw_route_details(ctx, *route);
    else if (sel)
        draw_details(ctx, *sel);
    else
        ImGui::TextWrapped("%s", tr(l, S::MapSelectHint));
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::EndGroup();

    ImGui::SameLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float map_w = region.x - panel_w - ImGui::GetStyle().ItemSpacing.x;
    const float map_h = ImGui::GetContentRegionAvail().y;
    if (map_w > 10 && map_h > 10) {
        ctx.platform.map_draw({p.x, p.y, map_w, map_h});
        note_item(ctx.ui, "map:region");
    }
}

}  // namespace zx::client
