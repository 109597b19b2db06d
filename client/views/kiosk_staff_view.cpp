// The staff's menu (after the PIN): what waits to be sent and what the
// server refused, sending now, checking in whole groups, unenrolling this
// device and leaving the kiosk (where the device can quit).
#include "views/kiosk_parts.hpp"

#include "platform/platform.hpp"
#include "zx/space/timetable.hpp"

#include <imgui.h>

#include <map>

namespace zx::client::kiosk_parts {

void draw_staff(ViewContext& ctx, KioskUi&) {
    const Lang l = ctx.lang();
    const auto& k = ctx.state.kiosk;
    const float w = ImGui::GetContentRegionAvail().x;
    heading(tr(l, S::KioskStaffTitle));
    if (button(tr(l, S::KioskClose), 220)) ctx.out.push(KioskShow{KioskScreen::attract});
    note_item(ctx, "kiosk:close");
    ImGui::TextUnformatted(k.queue.empty() ? tr(l, S::KioskQueueEmpty)
                                           : trf(l, S::KioskQueue, {{"count", static_cast<int64_t>(k.queue.size())}}).c_str());
    if (k.sent_at)
        ImGui::TextUnformatted(trf(l, S::KioskLastSent, {{"time", timetable::format_date_time(k.sent_at)}}).c_str());
    if (button(tr(l, S::KioskSendNow), w * 0.5f)) ctx.out.push(KioskSendNow{});
    note_item(ctx, "kiosk:send_now");
    if (!k.refused.empty()) {
        ImGui::TextUnformatted(tr(l, S::KioskRefused));
        for (const auto& r : k.refused) ImGui::BulletText("%s", r.c_str());
    }
    notice_line(k.notice);
    if (k.today && k.revoked.empty()) {
        ImGui::Separator();
        ImGui::TextUnformatted(tr(l, S::KioskGroupsTitle));
        for (const auto& t : k.today->trips) {
            std::map<std::string, int> missing;  // by group: not in yet, consent given
            for (const auto& who : t.roster)
                if (!who.consent_missing && std::find(who.done.begin(), who.done.end(), "in") == who.done.end())
                    ++missing[who.group];
            for (const auto& [group, n] : missing) {
                const std::string label =
                    trf(l, S::KioskGroupButton,
                        {{"trip", t.title}, {"group", group.empty() ? tr(l, S::DayNoGroup) : group}, {"missing", n}}) +
                    "##" + t.id + group;
                if (button(label.c_str(), w)) ctx.out.push(KioskGroupIn{t.id, group});
                note_item(ctx, "kiosk:group:" + t.id + ":" + group);
            }
        }
    }
    ImGui::Separator();
    if (button(tr(l, S::KioskForget), w * 0.45f)) ctx.out.push(KioskForget{});
    note_item(ctx, "kiosk:forget");
    if (ctx.platform.has_quit()) {
        ImGui::SameLine();
        if (button(tr(l, S::KioskQuit), w * 0.45f)) ctx.out.push(KioskQuit{});
        note_item(ctx, "kiosk:quit");
    }
}

}  // namespace zx::client::kiosk_parts
