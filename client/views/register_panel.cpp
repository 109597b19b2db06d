// A trip's live register for its teachers, under the trip in the trips view
// (zx/tours/attendance.hpp): the stop counted (the one the trip is at, or
// any other), the counts for the trip and each group, the alert when the
// stop's end has passed with someone missing (it stays until each is found,
// checked in or marked absent), every student with their state and when they
// were last seen, and what a teacher does: check in or out, found, absent
// with a reason, a whole group at once, and closing the trip.
#include "data/space_data.hpp"
#include "messages.hpp"
#include "style.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include "zx/space/timetable.hpp"

#include <imgui.h>

namespace zx::client {

namespace {

std::string clock_of(int64_t ms) {
    if (ms <= 0) return "";
    const auto full = timetable::format_date_time(ms);  // "YYYY-MM-DD HH:MM"
    return full.size() > 11 ? full.substr(11) : full;
}

std::string state_text(Lang l, const StudentPresence& p, int stop) {
    switch (p.state) {
        case PresenceState::expected: return tr(l, S::DayStateExpected);
        case PresenceState::in: return tr(l, stop < 0 ? S::DayStateLeft : S::DayStateIn);
        case PresenceState::out: return tr(l, stop < 0 ? S::DayStateBack : S::DayStateOut);
        case PresenceState::found: return tr(l, S::DayStateFound);
        case PresenceState::absent: return trf(l, S::DayStateAbsent, {{"reason", p.reason}});
        case PresenceState::missing: return tr(l, S::DayStateMissing);
    }
    return "";
}

}  // namespace

void draw_register_panel(ViewContext& ctx, const SpaceData& data, const Trip& trip, RegisterUi& ui) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    if (ui.trip_id != trip.id) {
        ui = RegisterUi{};
        ui.trip_id = trip.id;
    }
    const int at = data.current_stop(trip.id);
    const int stop = ui.stop == RegisterUi::kFollow ? at : ui.stop;
    const HeadCount& hc = data.head_count(trip.id, stop, s.now_ms);
    ImGui::SeparatorText(tr(l, S::DayTitle));

    // Which stop: the school before leaving, then each stop of the trip.
    auto stop_name = [&](int i) {
        if (i < 0) return std::string(tr(l, S::DayAtSchool));
        const auto& id = trip.bases[static_cast<size_t>(i)];
        const Base* b = s.find_base(id);
        return trf(l, S::DayStop, {{"n", i + 1}, {"base", b ? b->name : id}});
    };
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 420.0f));
    if (ImGui::BeginCombo("##stop", stop_name(stop).c_str())) {
        for (int i = kSchoolStop; i < static_cast<int>(trip.bases.size()); ++i)
            if (ImGui::Selectable(stop_name(i).c_str(), i == stop)) ui.stop = i == at ? RegisterUi::kFollow : i;
        ImGui::EndCombo();
    }
    note_item(ctx, "day:stop");

    ImGui::TextUnformatted(trf(l, S::DayCounts, {{"expected", hc.total.expected}, {"in", hc.total.checked_in},
                                                 {"absent", hc.total.absent}, {"missing", hc.total.missing}})
                               .c_str());
    note_item(ctx, "day:counts");
    if (hc.overdue) {
        std::string names;
        for (const auto& p : hc.students)
            if (p.state == PresenceState::missing) names += (names.empty() ? "" : "、") + data.name_of(p.student_id);
        const Route* route = s.find_route(trip.route_id);
        const int end = stop_end_min(trip, route, stop);
        ImGui::PushStyleColor(ImGuiCol_Text, im_vec4(kErrorRgb));
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(trf(l, S::DayOverdue, {{"n", stop + 1}, {"time", timetable::format_hhmm(end)},
                                                      {"count", hc.total.missing}, {"names", names}})
                                   .c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        note_item(ctx, "day:alert");
    }

    // Per group, with the whole group's check-in.
    for (const auto& g : hc.groups) {
        ImGui::PushID(g.name.c_str());
        ImGui::TextDisabled("%s", trf(l, S::DayGroupCounts, {{"group", g.name.empty() ? tr(l, S::DayNoGroup) : g.name},
                                                             {"in", g.checked_in}, {"expected", g.expected},
                                                             {"missing", g.missing}})
                                      .c_str());
        if (stop >= 0 && g.missing > 0) {
            ImGui::SameLine();
            if (ui::small_button(tr(l, S::DayGroupIn))) {
                RecordAttendance c{trip.id, {}, stop, AttendanceKind::in};
                for (const auto& p : hc.students)
                    if (p.group == g.name && p.state == PresenceState::missing) c.student_ids.push_back(p.student_id);
                ctx.out.push(std::move(c));
            }
            note_item(ctx, "day:group:" + g.name);
        }
        ImGui::PopID();
    }

    // Every student: missing first.
    for (const auto& p : hc.students) {
        ImGui::PushID(p.student_id.c_str());
        const bool missing = p.state == PresenceState::missing;
        if (missing) ImGui::PushStyleColor(ImGuiCol_Text, im_vec4(kErrorRgb));
        ImGui::TextUnformatted((data.name_of(p.student_id) + "  " + state_text(l, p, stop)).c_str());
        if (missing) ImGui::PopStyleColor();
        note_item(ctx, "day:student:" + p.student_id);
        ImGui::SameLine();
        ImGui::TextDisabled("%s", p.last_seen ? trf(l, S::DayLastSeen, {{"time", clock_of(p.last_seen)}}).c_str()
                                              : tr(l, S::DayNeverSeen));
        if (p.state != PresenceState::absent) {
            auto act = [&](S label, AttendanceKind kind, const char* name, int where) {
                ui::same_line_if_fits(ImGui::CalcTextSize(tr(l, label)).x + 24);
                if (ui::small_button(tr(l, label))) ctx.out.push(RecordAttendance{trip.id, {p.student_id}, where, kind});
                note_item(ctx, std::string("day:") + name + ":" + p.student_id);
            };
            if (stop < 0) {
                // At school: leaving in the morning, coming back at the end.
                if (p.state == PresenceState::expected) act(S::DayLeft, AttendanceKind::left, "left", kSchoolStop);
                else if (p.state == PresenceState::in) act(S::DayBack, AttendanceKind::back, "back", kSchoolStop);
            } else if (missing || p.state == PresenceState::expected) {
                act(S::DayCheckIn, AttendanceKind::in, "in", stop);
                act(S::DayFound, AttendanceKind::found, "found", stop);
            } else if (p.state == PresenceState::in || p.state == PresenceState::found) {
                act(S::DayCheckOut, AttendanceKind::out, "out", stop);
            }
            ui::same_line_if_fits(ImGui::CalcTextSize(tr(l, S::DayAbsent)).x + 24);
            if (ui::small_button(tr(l, S::DayAbsent))) ui.absent_for = ui.absent_for == p.student_id ? "" : p.student_id;
            note_item(ctx, "day:absent:" + p.student_id);
            if (ui.absent_for == p.student_id) {
                ui::input_text(ctx.platform, "##reason", ui.reason, tr(l, S::DayAbsentReason), {-1, 0});
                note_item(ctx, "day:reason");
                if (ui::small_button(tr(l, S::DayAbsent)) && !ui.reason.empty()) {
                    ctx.out.push(RecordAttendance{trip.id, {p.student_id}, stop < 0 ? kSchoolStop : stop,
                                                  AttendanceKind::absent, ui.reason});
                    ui.absent_for.clear();
                    ui.reason.clear();
                }
                note_item(ctx, "day:absent-save");
            }
        }
        ImGui::PopID();
    }

    if (trip.status != "closed") {
        if (ImGui::Button(tr(l, S::DayClose))) ctx.out.push(CloseTrip{trip.id});
        note_item(ctx, "day:close");
    } else {
        ImGui::TextDisabled("%s", tr(l, S::DayClosed));
    }
}

}  // namespace zx::client
