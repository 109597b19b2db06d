// 研学地图, the filter panel: category, level, rating, grade, open on a date,
// distance from the map's centre, the selected base or the device.
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
constexpr double kRadiusChoices[] = {0, 5, 10, 20, 50, 100, 200};
constexpr double kRatingChoices[] = {0, 3, 4, 4.5};
}  // namespace

int active_filters(const BaseFilter& f) {
    return (f.categories != 0) + (f.levels != 0) + (f.min_rating > 0) + (f.grade != 0) + !f.open_date.empty() +
           f.near.has_value();
}

bool draw_filters(ViewContext& ctx, MapViewUi& ui, BaseFilter& f, float width) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    bool changed = false;
    ImGui::BeginChild("##filters", {width, 0}, ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImGui::TextDisabled("%s", tr(l, S::FilterCategory));
    int i = 0;
    for (auto c : all_categories()) {
        const uint32_t bit = 1u << static_cast<unsigned>(c);
        bool on = (f.categories & bit) != 0;
        if (i++ % 3) ImGui::SameLine(width / 3 * static_cast<float>((i - 1) % 3) + 8);
        ImGui::PushID(static_cast<int>(c));
        if (ImGui::Checkbox(label(l, c), &on)) {
            f.categories = on ? (f.categories | bit) : (f.categories & ~bit);
            changed = true;
        }
        note_item(ctx, "filter:category:" + std::string(to_code(c)));
        ImGui::PopID();
    }
    ImGui::TextDisabled("%s", tr(l, S::FilterLevel));
    i = 0;
    for (auto v : all_levels()) {
        const uint32_t bit = 1u << static_cast<unsigned>(v);
        bool on = (f.levels & bit) != 0;
        if (i++) ImGui::SameLine();
        ImGui::PushID(100 + static_cast<int>(v));
        if (ImGui::Checkbox(label(l, v), &on)) {
            f.levels = on ? (f.levels | bit) : (f.levels & ~bit);
            changed = true;
        }
        note_item(ctx, "filter:level:" + std::string(to_code(v)));
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
        return trf(l, S::RatingAtLeast, {Arg("stars", kRatingChoices[k])});
    };
    if (ImGui::BeginCombo("##rating", rating_label(rating).c_str())) {
        for (int k = 0; k < static_cast<int>(std::size(kRatingChoices)); ++k)
            if (ui::selectable(rating_label(k).c_str(), k == rating)) {
                f.min_rating = kRatingChoices[k];
                changed = true;
            }
        ImGui::EndCombo();
    }
    note_item(ctx, "filter:rating");
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", tr(l, S::FilterGrade));
    if (ImGui::BeginCombo("##grade", grade_label(l, f.grade).c_str())) {
        for (int g = 0; g <= 12; ++g)
            if (ui::selectable(grade_label(l, g).c_str(), g == f.grade)) {
                f.grade = g;
                changed = true;
            }
        ImGui::EndCombo();
    }
    note_item(ctx, "filter:grade");
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
    note_item(ctx, "filter:open");
    ImGui::SameLine();
    if (ImGui::Button(tr(l, S::FilterToday))) {
        ui.open_date = timetable::format(timetable::china_today(s.now_ms));
        f.open_date = ui.open_date;
        changed = true;
    }
    if (const auto p = timetable::check_date("open_date", ui.open_date, false)) notice_line(describe(l, *p), false);

    ImGui::TextDisabled("%s", tr(l, S::FilterDistance));
    auto radius_label = [&](int k) {
        if (k == 0) return std::string(tr(l, S::FilterAny));
        return std::to_string(static_cast<int>(kRadiusChoices[k])) + " km";
    };
    ImGui::SetNextItemWidth(half * 0.7f);
    if (ImGui::BeginCombo("##radius", radius_label(ui.radius_choice).c_str())) {
        for (int k = 0; k < static_cast<int>(std::size(kRadiusChoices)); ++k)
            if (ui::selectable(radius_label(k).c_str(), k == ui.radius_choice)) ui.radius_choice = k;
        ImGui::EndCombo();
    }
    note_item(ctx, "filter:radius");
    ImGui::SameLine();
    const S from[] = {S::FilterFromCentre, S::FilterFromSelected, S::FilterFromMe};
    ImGui::SetNextItemWidth(width - half * 0.7f - 36);
    if (ImGui::BeginCombo("##from", tr(l, from[ui.near_choice]))) {
        for (int k = 0; k < 3; ++k)
            if (ui::selectable(tr(l, from[k]), k == ui.near_choice)) {
                ui.near_choice = k;
                if (k == 2 && !s.map.my_location) ctx.out.push(Locate{});
            }
        ImGui::EndCombo();
    }
    note_item(ctx, "filter:from");
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
            if (s.map.my_location) point = s.map.my_location;
            else if (!s.map.location_error.empty()) notice_line(s.map.location_error, false);
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
    note_item(ctx, "filter:clear");
    ImGui::EndChild();
    return changed;
}

}  // namespace zx::client::map_parts
