// A trip's consent for its teachers, under the trip in the trips view: the
// form (itinerary, costs, insurance, risks, what to bring, medical notes to
// declare) to write and change, the counts of consented / declined / not
// answered, every participant with their guardian's answer (a child without
// consent marked), and a reminder for those who have not answered.
#include "data/space_data.hpp"
#include "messages.hpp"
#include "style.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include "zx/space/timetable.hpp"

#include <imgui.h>

namespace zx::client {

void draw_consent_panel(ViewContext& ctx, const SpaceData& data, const Trip& trip, ConsentEditUi& ui) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const ConsentRoster& roster = data.consent_roster(trip.id);
    // The buffers follow the trip shown, loaded from its saved form.
    if (ui.trip_id != trip.id) {
        ui = ConsentEditUi{};
        ui.trip_id = trip.id;
        if (const ConsentForm* f = roster.form) {
            ui.itinerary = f->itinerary;
            ui.costs = f->costs;
            ui.insurance = f->insurance;
            ui.risks = f->risks;
            ui.bring = f->bring;
            ui.medical = f->medical;
        }
    }
    ImGui::SeparatorText(tr(l, S::ConsentTitle));
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(l, S::ConsentEditTitle));
    ImGui::PopTextWrapPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = ImGui::GetTextLineHeight() * 3;
    const std::pair<S, std::string*> fields[] = {
        {S::ConsentItinerary, &ui.itinerary}, {S::ConsentCosts, &ui.costs}, {S::ConsentInsurance, &ui.insurance},
        {S::ConsentRisks, &ui.risks},         {S::ConsentBring, &ui.bring}, {S::ConsentMedical, &ui.medical}};
    const char* names[] = {"itinerary", "costs", "insurance", "risks", "bring", "medical"};
    const std::string form_id = consent_form_id(trip.id);
    int i = 0;
    for (const auto& [label, text] : fields) {
        ImGui::PushID(i);
        // Drafts under the form's record: the saved text is the form's (or none yet).
        static constexpr std::string ConsentForm::*kSaved[] = {&ConsentForm::itinerary, &ConsentForm::costs,
                                                                &ConsentForm::insurance, &ConsentForm::risks,
                                                                &ConsentForm::bring,     &ConsentForm::medical};
        const std::string saved = roster.form ? roster.form->*kSaved[i] : std::string();
        draft_text(ctx, {"consent_forms", form_id, names[i]}, *text, saved, "##section", tr(l, label), {w, h},
                   ui::kInputMultiline);
        note_item(ctx, std::string("consent:") + names[i]);
        ImGui::PopID();
        ++i;
    }
    if (ImGui::Button(tr(l, S::ConsentSaveForm), {w, 0})) {
        ConsentForm f;
        f.trip_id = trip.id;
        f.itinerary = ui.itinerary;
        f.costs = ui.costs;
        f.insurance = ui.insurance;
        f.risks = ui.risks;
        f.bring = ui.bring;
        f.medical = ui.medical;
        ctx.out.push(SaveConsentForm{f});
    }
    note_item(ctx, "consent:save");
    notice_line(s.notices.family);
    if (!roster.form) return;

    ImGui::SeparatorText(tr(l, S::ConsentRosterTitle));
    ImGui::TextUnformatted(trf(l, S::ConsentCounts, {{"consented", roster.consented},
                                                     {"declined", roster.declined},
                                                     {"unanswered", roster.unanswered}})
                               .c_str());
    note_item(ctx, "consent:counts");
    for (const auto& row : roster.rows) {
        ImGui::PushID(row.student_id.c_str());
        const bool ok = row.state == ConsentState::consented;
        ImGui::TextColored(im_vec4(ok ? kOkRgb : kErrorRgb), "%s", ok ? "✓" : "✗");
        ImGui::SameLine();
        std::string line = data.name_of(row.student_id);
        if (!ok) line += " · " + std::string(tr(l, S::ConsentNoConsentMark));
        const S state = row.state == ConsentState::consented  ? S::ConsentStateConsented
                        : row.state == ConsentState::declined ? S::ConsentStateDeclined
                        : row.state == ConsentState::withdrawn ? S::ConsentStateWithdrawn
                                                               : S::ConsentStateUnanswered;
        line += " · " + std::string(tr(l, state));
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(line.c_str());
        if (row.latest) {
            ImGui::TextDisabled("%s", trf(l, S::ConsentAnsweredBy, {{"name", row.latest->signer_name},
                                                                    {"relation", row.latest->relation},
                                                                    {"time", timetable::format_date_time(row.latest->answered_at)}})
                                          .c_str());
            if (!row.latest->medical_note.empty())
                ImGui::TextDisabled("%s: %s", tr(l, S::ConsentMedical), row.latest->medical_note.c_str());
        }
        ImGui::PopTextWrapPos();
        note_item(ctx, "consent:row:" + row.student_id);
        ImGui::PopID();
    }
    if (roster.form->reminded_at > 0)
        ImGui::TextDisabled("%s", trf(l, S::ConsentLastReminder, {{"time", timetable::format_date_time(roster.form->reminded_at)}}).c_str());
    ImGui::BeginDisabled(roster.unanswered == 0);
    if (ImGui::Button(tr(l, S::ConsentRemind), {w, 0})) ctx.out.push(RemindConsent{trip.id});
    note_item(ctx, "consent:remind");
    ImGui::EndDisabled();
}

}  // namespace zx::client
