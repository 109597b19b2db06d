// Finding a name without a card: today's groups, then the names of one trip
// by group as large buttons (names only: no numbers, no contacts). A tap
// checks that student in as a scan would.
#include "views/kiosk_parts.hpp"

#include <imgui.h>

#include <string>

namespace zx::client::kiosk_parts {

void draw_roster(ViewContext& ctx, KioskUi&) {
    const Lang l = ctx.lang();
    const auto& k = ctx.state.kiosk;
    const float w = ImGui::GetContentRegionAvail().x;
    if (button(tr(l, S::KioskBack), 220)) ctx.out.push(KioskShow{KioskScreen::attract});
    note_item(ctx, "kiosk:back");
    if (!k.today) return;
    const api::KioskTrip* trip = nullptr;
    for (const auto& t : k.today->trips)
        if (t.id == k.roster_trip) trip = &t;
    if (!trip) {
        heading(tr(l, S::KioskPickTrip));
        for (const auto& t : k.today->trips) {
            if (button((t.title + "（" + t.school_name + "）##" + t.id).c_str(), w)) ctx.out.push(KioskShow{KioskScreen::roster, t.id});
            note_item(ctx, "kiosk:trip:" + t.id);
        }
        return;
    }
    heading(tr(l, S::KioskPickName));
    ImGui::BeginChild("##kiosk_names", {0, 0});
    const float cell = 260;
    const int per_row = std::max(1, static_cast<int>((ImGui::GetContentRegionAvail().x + 16) / (cell + 16)));
    std::string group = "\x01";
    int col = 0;
    for (const auto& who : trip->roster) {
        if (who.group != group) {
            group = who.group;
            col = 0;
            ImGui::Separator();
            ImGui::TextUnformatted(group.empty() ? tr(l, S::DayNoGroup) : group.c_str());
        }
        if (col++ % per_row) ImGui::SameLine();
        const bool in = std::find(who.done.begin(), who.done.end(), "in") != who.done.end();
        if (button((who.name + (in ? " ✓" : "") + "##" + who.student_id).c_str(), cell))
            ctx.out.push(KioskPick{trip->id, who.student_id});
        note_item(ctx, "kiosk:name:" + who.student_id);
    }
    ImGui::EndChild();
}

}  // namespace zx::client::kiosk_parts
