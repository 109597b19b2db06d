// The kiosk at rest: the base's name, today's visiting groups, and the scan
// line. A USB or Bluetooth QR scanner is a keyboard: it types the card's
// code and presses Enter, so the line keeps the keyboard focus whenever
// nothing else has it, and Enter hands the line over as a scan.
#include "views/kiosk_parts.hpp"

#include "zx/space/timetable.hpp"

#include <imgui.h>

namespace zx::client::kiosk_parts {

void draw_attract(ViewContext& ctx, KioskUi& ui) {
    const Lang l = ctx.lang();
    const auto& k = ctx.state.kiosk;
    const std::string base = k.today ? k.today->base_name : (k.enrolment ? k.enrolment->base_name : "");
    heading(trf(l, S::KioskWelcome, {{"base", base}}).c_str());
    note_item(ctx, "kiosk:welcome");
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(l, S::KioskScanHint));
    const float w = ImGui::GetContentRegionAvail().x;
    scan_line(ctx, ui, w);
    const bool trips = k.today && !k.today->trips.empty();
    ImGui::BeginDisabled(!trips);
    if (button(tr(l, S::KioskFindName), w * 0.6f)) ctx.out.push(KioskShow{KioskScreen::roster});
    note_item(ctx, "kiosk:find_name");
    ImGui::EndDisabled();
    ImGui::SameLine(w - 220);
    if (button(tr(l, S::KioskStaff), 220)) ctx.out.push(KioskShow{KioskScreen::staff_pin});
    note_item(ctx, "kiosk:staff");

    ImGui::Separator();
    ImGui::TextUnformatted(tr(l, S::KioskTodayTrips));
    if (!trips) {
        ImGui::TextUnformatted(tr(l, S::KioskNoTrips));
        return;
    }
    for (const auto& t : k.today->trips)
        ImGui::BulletText("%s", trf(l, S::KioskTripLine,
                                    {{"start", timetable::format_hhmm(t.start_min)},
                                     {"end", timetable::format_hhmm(t.end_min)},
                                     {"title", t.title},
                                     {"school", t.school_name},
                                     {"count", static_cast<int64_t>(t.roster.size())}})
                                    .c_str());
}

}  // namespace zx::client::kiosk_parts
