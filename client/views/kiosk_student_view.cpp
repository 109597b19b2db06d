// The answer to a scan or a tap: the student's name, checked in (or already,
// or why not), the time, their group and the task at this stop, and check
// out. Until the next scan, "Done" or the idle reset.
#include "views/kiosk_parts.hpp"

#include "style.hpp"
#include "zx/space/timetable.hpp"

#include <imgui.h>

namespace zx::client::kiosk_parts {

void draw_student(ViewContext& ctx, KioskUi& ui) {
    const Lang l = ctx.lang();
    const auto& k = ctx.state.kiosk;
    const float w = ImGui::GetContentRegionAvail().x;
    if (!k.result) {
        ImGui::TextUnformatted(tr(l, S::SyncOpening));  // the queue is being written
        return;
    }
    const auto& r = *k.result;
    using K = KioskResult::Kind;
    const bool good = r.kind == K::checked_in || r.kind == K::checked_out || r.kind == K::already_in ||
                      r.kind == K::already_out;
    S line = S::KioskUnreadable;
    switch (r.kind) {
        case K::checked_in: line = S::KioskCheckedIn; break;
        case K::already_in: line = S::KioskAlreadyIn; break;
        case K::checked_out: line = S::KioskCheckedOut; break;
        case K::already_out: line = S::KioskAlreadyOut; break;
        case K::unreadable: line = S::KioskUnreadable; break;
        case K::not_found: line = S::KioskNotFound; break;
        case K::other_school: line = S::KioskOtherSchool; break;
        case K::consent_missing: line = S::KioskConsentMissing; break;
        case K::not_saved: line = S::KioskNotSaved; break;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, im_vec4(good ? kOkRgb : kErrorRgb));
    heading(trf(l, line, {{"name", r.name}, {"code", r.typed}}).c_str());
    ImGui::PopStyleColor();
    note_item(ctx, "kiosk:result");
    if (good) {
        if (r.at) ImGui::TextUnformatted(trf(l, S::KioskAt, {{"time", timetable::format_date_time(r.at).substr(11)}}).c_str());
        const bool waiting = std::any_of(k.queue.begin(), k.queue.end(), [&](const AttendanceEvent& e) {
            return e.trip_id == r.trip_id && e.student_id == r.student_id;
        });
        if (waiting) ImGui::TextUnformatted(tr(l, S::KioskSavedHere));
        ImGui::TextUnformatted(
            trf(l, S::KioskTripGroup, {{"trip", r.trip_title}, {"group", r.group.empty() ? tr(l, S::DayNoGroup) : r.group}})
                .c_str());
        if (!r.task.empty()) {
            ImGui::Separator();
            ImGui::TextUnformatted(tr(l, S::KioskTask));
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(r.task.c_str());
            ImGui::PopTextWrapPos();
            note_item(ctx, "kiosk:task");
        }
    }
    ImGui::Spacing();
    scan_line(ctx, ui, w);  // a next student scans at once, without pressing Done first
    if (button(tr(l, S::KioskDone), w * 0.45f)) ctx.out.push(KioskShow{KioskScreen::attract});
    note_item(ctx, "kiosk:done");
    if (good && r.can_check_out) {
        ImGui::SameLine();
        if (button(tr(l, S::DayCheckOut), w * 0.45f)) ctx.out.push(KioskCheckOut{r.trip_id, r.student_id});
        note_item(ctx, "kiosk:check_out");
    }
    if (!good && k.today && !k.today->trips.empty()) {
        ImGui::SameLine();
        if (button(tr(l, S::KioskFindName), w * 0.45f)) ctx.out.push(KioskShow{KioskScreen::roster});
        note_item(ctx, "kiosk:find_name");
    }
}

}  // namespace zx::client::kiosk_parts
