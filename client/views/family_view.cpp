// 家长首页, the parents' home: every linked child with today's timetable,
// this week's and upcoming trips (stops and times, meeting point, teachers
// in charge, the consent form to read and answer), activities with status,
// score and feedback, and what waits for the guardian; then the digital
// parent school. Teachers and administrators see the parent school here to
// curate it. One column at every width: each block takes the width there is.
// Everything comes from the synced records (SpaceData::family), so it reads
// offline once synced.
#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"
#include "style.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include "zx/space/timetable.hpp"

#include <imgui.h>

#include <algorithm>

namespace zx::client {

namespace {

using api::Role;

std::string hhmm(int minutes) { return timetable::format_hhmm(minutes); }

S state_text(ConsentState s) {
    switch (s) {
        case ConsentState::not_asked: return S::ConsentStateNotAsked;
        case ConsentState::unanswered: return S::ConsentStateUnanswered;
        case ConsentState::consented: return S::ConsentStateConsented;
        case ConsentState::declined: return S::ConsentStateDeclined;
        case ConsentState::withdrawn: return S::ConsentStateWithdrawn;
    }
    return S::ConsentStateNotAsked;
}

uint32_t state_rgb(ConsentState s) {
    return s == ConsentState::consented ? kOkRgb : s == ConsentState::declined ? kErrorRgb : kWarnRgb;
}

S topic_text(ResourceTopic t) {
    switch (t) {
        case ResourceTopic::study: return S::TopicStudy;
        case ResourceTopic::health: return S::TopicHealth;
        case ResourceTopic::safety: return S::TopicSafety;
        case ResourceTopic::tour: return S::TopicTour;
        case ResourceTopic::family: return S::TopicFamily;
    }
    return S::TopicStudy;
}

void wrapped(const std::string& text) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
}

void wrapped_dim(const std::string& text) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", text.c_str());
    ImGui::PopTextWrapPos();
}

// The form's text, section by section, then the answer: signature, relation,
// medical notes, and consent / decline (or withdraw what was given).
void draw_consent(ViewContext& ctx, FamilyViewUi& ui, const ChildHome& child, const ChildTrip& ct) {
    const Lang l = ctx.lang();
    const ConsentForm& f = *ct.form;
    ImGui::SeparatorText(tr(l, S::ConsentTitle));
    const std::pair<S, const std::string*> sections[] = {
        {S::ConsentItinerary, &f.itinerary}, {S::ConsentCosts, &f.costs}, {S::ConsentInsurance, &f.insurance},
        {S::ConsentRisks, &f.risks},         {S::ConsentBring, &f.bring}, {S::ConsentMedical, &f.medical}};
    for (const auto& [title, text] : sections) {
        if (text->empty()) continue;
        ImGui::TextColored(im_vec4(kLinkRgb), "%s", tr(l, title));
        wrapped(*text);
    }
    ImGui::Spacing();
    if (!ct.open) {
        notice_line(tr(l, S::ConsentClosed), false);
        return;
    }
    const float w = ImGui::GetContentRegionAvail().x;
    // Signed as last time, or with the account's name.
    if (ui.signer_name.empty()) ui.signer_name = ct.mine ? ct.mine->signer_name : ctx.state.account.user.display_name;
    if (ui.relation.empty() && ct.mine) ui.relation = ct.mine->relation;
    ui::input_text(ctx.platform, "##signer", ui.signer_name, tr(l, S::ConsentSignerName), {w, 0});
    note_item(ctx, "family:consent:signer");
    ui::input_text(ctx.platform, "##relation", ui.relation, tr(l, S::ConsentRelation), {w, 0});
    note_item(ctx, "family:consent:relation");
    const std::string answer_key = ct.trip->id + "/" + child.id;  // a draft per trip and child
    draft_text(ctx, {"consents", answer_key, "medical_note"}, ui.medical_note, ct.mine ? ct.mine->medical_note : "",
               "##medical", tr(l, S::ConsentMedicalNote), {w, ImGui::GetTextLineHeight() * 3}, ui::kInputMultiline);
    note_item(ctx, "family:consent:medical");
    const auto answer = [&](ConsentAnswer a) {
        ctx.out.push(AnswerConsent{ct.trip->id, child.id, a, f.text_hash, ui.signer_name, ui.relation, ui.medical_note});
        ctx.out.push(DiscardDrafts{"consents", answer_key});  // checked on the device first: it is kept in the answer
    };
    // Side by side when there is room for both, else one above the other.
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const bool row = w > 360;
    const float bw = row ? (w - gap) / 2 : w;
    // White on a darker green than "done" (kOkRgb under white is 4.2:1).
    ImGui::PushStyleColor(ImGuiCol_Button, im_vec4(kYesButtonRgb));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, im_vec4(kYesButtonRgb));
    ImGui::PushStyleColor(ImGuiCol_Text, im_vec4(kNavTextRgb));
    if (ImGui::Button(tr(l, S::ConsentAgree), {bw, 0})) answer(ConsentAnswer::consented);
    ImGui::PopStyleColor(3);
    note_item(ctx, "family:consent:agree");
    if (row) ImGui::SameLine();
    if (ImGui::Button(tr(l, S::ConsentDecline), {bw, 0})) answer(ConsentAnswer::declined);
    note_item(ctx, "family:consent:decline");
    if (ct.mine && ct.mine->answer == ConsentAnswer::consented) {
        if (ImGui::Button(tr(l, S::ConsentWithdraw), {w, 0})) answer(ConsentAnswer::withdrawn);
        note_item(ctx, "family:consent:withdraw");
    }
}

void draw_trip(ViewContext& ctx, FamilyViewUi& ui, const SpaceData& data, const ChildHome& child, const ChildTrip& ct) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const Trip& t = *ct.trip;
    ImGui::PushID(t.id.c_str());
    wrapped(t.title);
    std::string when = trf(l, S::FamilyTripWhen, {{"date", t.date}, {"start", hhmm(t.start_min)}, {"end", hhmm(t.end_min)}});
    if (ct.this_week) when += " · " + std::string(tr(l, S::FamilyThisWeek));
    wrapped_dim(when);
    if (!t.meeting_point.empty()) wrapped(trf(l, S::FamilyMeetingPoint, {{"place", t.meeting_point}}));
    // The teachers in charge: the planner, then every leader once.
    std::vector<std::string> teachers{t.owner_id};
    for (const auto& id : t.leaders)
        if (std::find(teachers.begin(), teachers.end(), id) == teachers.end()) teachers.push_back(id);
    std::string names;
    for (const auto& id : teachers)
        if (!id.empty()) names += (names.empty() ? "" : "、") + data.name_of(id);
    if (!names.empty()) wrapped_dim(trf(l, S::FamilyTeachers, {{"names", names}}));
    // The itinerary: each stop with its times when the trip follows a route.
    const Route* route = s.find_route(t.route_id);
    for (size_t i = 0; i < t.bases.size(); ++i) {
        const Base* b = s.find_base(t.bases[i]);
        std::string time;
        if (route && i < route->stops.size() && route->stops[i].base_id == t.bases[i])
            time = hhmm(route->stops[i].arrive_min) + "–" + hhmm(route->stops[i].leave_min);
        wrapped_dim(trf(l, S::FamilyStopLine, {{"n", i + 1}, {"time", time}, {"base", b ? b->name : t.bases[i]}}));
    }
    // The day as it happens: this child's events only (the server sends a
    // guardian nothing of other children), newest last, with who recorded each.
    const auto day = timeline_of(data.attendance_of(t.id), child.id);
    if (!day.empty()) {
        ImGui::SeparatorText(tr(l, S::DayTimeline));
        for (const auto& e : day) {
            const Base* b = e.base_id.empty() ? nullptr : s.find_base(e.base_id);
            const std::string base = b ? b->name : e.base_id;
            const auto full = timetable::format_date_time(e.at);
            const std::string time = full.size() > 11 ? full.substr(11) : full;
            static constexpr S kLines[] = {S::DayEventLeft, S::DayEventIn, S::DayEventOut,
                                           S::DayEventFound, S::DayEventAbsent, S::DayEventBack};
            std::string line = trf(l, kLines[static_cast<int>(e.kind)], {{"time", time}, {"base", base}, {"reason", e.reason}});
            if (!e.by_name.empty()) line += " " + trf(l, S::DayEventBy, {{"name", e.by_name}});
            wrapped(line);
            note_item(ctx, "family:day:" + e.id);
        }
    }
    if (ct.form) {
        ImGui::TextColored(im_vec4(state_rgb(ct.state)), "%s · %s", tr(l, S::ConsentTitle), tr(l, state_text(ct.state)));
        if (ct.mine)
            wrapped_dim(trf(l, S::ConsentAnsweredBy, {{"name", ct.mine->signer_name},
                                                      {"relation", ct.mine->relation},
                                                      {"time", timetable::format_date_time(ct.mine->answered_at)}}));
        if (ct.stale) notice_line(tr(l, S::ConsentAskedAgain), false);
        const bool waiting = ct.state == ConsentState::unanswered || ct.state == ConsentState::withdrawn;
        if (waiting && ct.open && ct.form->reminded_at > 0)
            notice_line(trf(l, S::ConsentReminder, {{"time", timetable::format_date_time(ct.form->reminded_at)}}), false);
        const bool shown = ui.open_trip == t.id && ui.open_child == child.id;
        if (ImGui::Button(tr(l, shown ? S::ConsentHide : S::ConsentRead), {ImGui::GetContentRegionAvail().x, 0})) {
            ui.open_trip = shown ? "" : t.id;
            ui.open_child = shown ? "" : child.id;
        }
        note_item(ctx, "family:consent:" + t.id + ":" + child.id);
        if (shown) draw_consent(ctx, ui, child, ct);
    }
    ImGui::Separator();
    ImGui::PopID();
}

void draw_activity(ViewContext& ctx, const ChildHome& child, const ChildActivity& ca) {
    const Lang l = ctx.lang();
    const Activity& a = *ca.activity;
    ImGui::PushID(a.id.c_str());
    wrapped(a.title);
    note_item(ctx, "family:activity:" + a.id + ":" + child.id);
    std::string status;
    const Submission* sub = ca.submission;
    if (!sub) status = tr(l, S::FamilyNotStarted);
    else if (sub->status == SubmissionStatus::draft) status = tr(l, S::FamilyInProgress);
    else if (sub->status == SubmissionStatus::submitted) status = tr(l, S::FamilySubmitted);
    else status = trf(l, S::FamilyReviewed, {{"score", Arg("", sub->score).value}});
    if (!a.due_date.empty()) status += " · " + trf(l, S::FamilyDue, {{"date", a.due_date}});
    ImGui::TextColored(im_vec4(sub && sub->status == SubmissionStatus::reviewed ? kOkRgb : kWarnRgb), "%s", status.c_str());
    if (sub && !sub->feedback.empty()) wrapped(trf(l, S::FamilyFeedback, {{"text", sub->feedback}}));
    ImGui::Spacing();
    ImGui::PopID();
}

void draw_child(ViewContext& ctx, FamilyViewUi& ui, const SpaceData& data, const ChildHome& child) {
    const Lang l = ctx.lang();
    std::string classes;
    for (const SchoolClass* k : child.classes) classes += (classes.empty() ? "" : "、") + k->name;
    ImGui::PushID(child.id.c_str());
    ImGui::SeparatorText(trf(l, S::FamilyChildClass, {{"name", child.name}, {"classes", classes}}).c_str());
    note_item(ctx, "family:child:" + child.id);
    if (child.actions > 0)
        notice_line(trf(l, S::FamilyActions, {{"count", child.actions}}), false);
    else
        wrapped_dim(tr(l, S::FamilyNoActions));

    ImGui::TextColored(im_vec4(kLinkRgb), "%s", tr(l, S::FamilyToday));
    if (child.today.empty()) wrapped_dim(tr(l, S::FamilyNoLessons));
    for (const auto& o : child.today)
        wrapped(trf(l, S::FamilyLesson, {{"start", hhmm(o.start_min)}, {"end", hhmm(o.end_min)}, {"title", o.title}, {"location", o.location}}));
    ImGui::Spacing();

    ImGui::TextColored(im_vec4(kLinkRgb), "%s", tr(l, S::FamilyTrips));
    if (child.trips.empty()) wrapped_dim(tr(l, S::FamilyNoTrips));
    for (const auto& ct : child.trips) draw_trip(ctx, ui, data, child, ct);
    ImGui::Spacing();

    ImGui::TextColored(im_vec4(kLinkRgb), "%s", tr(l, S::FamilyActivities));
    if (child.activities.empty()) wrapped_dim(tr(l, S::FamilyNoActivities));
    for (const auto& ca : child.activities) draw_activity(ctx, child, ca);
    ImGui::PopID();
}

// The parent school: the resources for these grades (empty: all); teachers
// and administrators publish here and delete their own (admins any).
void draw_parent_school(ViewContext& ctx, FamilyViewUi& ui, const SpaceData& data, const std::vector<int>& grades) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const auto role = s.account.user.role;
    const bool curator = role == Role::teacher || role == Role::admin;
    ImGui::SeparatorText(tr(l, S::ParentSchool));
    wrapped_dim(tr(l, S::ParentSchoolIntro));
    const float w = ImGui::GetContentRegionAvail().x;
    if (curator) {
        ImGui::TextColored(im_vec4(kLinkRgb), "%s", tr(l, S::ParentSchoolCurate));
        const std::string fresh(kNewRecord);
        draft_text(ctx, {"home_resources", fresh, "title"}, ui.res_title, "", "##rtitle", tr(l, S::ResourceTitle), {w, 0});
        note_item(ctx, "family:res:title");
        draft_text(ctx, {"home_resources", fresh, "url"}, ui.res_url, "", "##rurl", tr(l, S::ResourceUrl), {w, 0});
        note_item(ctx, "family:res:url");
        draft_text(ctx, {"home_resources", fresh, "body"}, ui.res_body, "", "##rbody", tr(l, S::ResourceBody),
                   {w, ImGui::GetTextLineHeight() * 4}, ui::kInputMultiline);
        note_item(ctx, "family:res:body");
        ImGui::SetNextItemWidth(w);
        ImGui::SliderInt("##rgrade", &ui.res_grade, 0, 12,
                         ui.res_grade == 0 ? tr(l, S::ResourceAllGrades) : grade_label(l, ui.res_grade).c_str(),
                         ImGuiSliderFlags_NoInput);
        ImGui::SetNextItemWidth(w);
        if (ImGui::BeginCombo("##rtopic", tr(l, topic_text(kResourceTopics[ui.res_topic])))) {
            for (int i = 0; i < static_cast<int>(std::size(kResourceTopics)); ++i)
                if (ui::selectable(tr(l, topic_text(kResourceTopics[i])), i == ui.res_topic)) ui.res_topic = i;
            ImGui::EndCombo();
        }
        if (ImGui::Button(tr(l, S::ResourcePublish), {w, 0})) {
            HomeResource r;
            r.title = ui.res_title;
            r.url = ui.res_url;
            r.body = ui.res_body;
            r.grade = ui.res_grade;
            r.topic = kResourceTopics[ui.res_topic];
            ctx.out.push(SaveHomeResource{r});
            ctx.out.push(DiscardDrafts{"home_resources", std::string(kNewRecord)});
            ui.res_title.clear();
            ui.res_url.clear();
            ui.res_body.clear();
        }
        note_item(ctx, "family:res:publish");
        notice_line(s.notices.family);
        ImGui::Spacing();
    }
    const auto list = data.home_resources(grades);
    if (list.empty()) wrapped_dim(tr(l, S::ParentSchoolEmpty));
    for (const HomeResource* r : list) {
        ImGui::PushID(r->id.c_str());
        const bool open = ui.open_resource == r->id;
        ImGui::PushTextWrapPos(0);
        if (ui::selectable(r->title.c_str(), open)) ui.open_resource = open ? "" : r->id;
        ImGui::PopTextWrapPos();
        note_item(ctx, "family:resource:" + r->id);
        wrapped_dim(trf(l, S::ResourceMeta, {{"topic", tr(l, topic_text(r->topic))},
                                             {"grade", r->grade == 0 ? tr(l, S::ResourceAllGrades) : grade_label(l, r->grade)}}));
        if (open && !r->body.empty()) wrapped(r->body);
        if (open && !r->url.empty() && ui::small_button(tr(l, S::ResourceOpen))) ctx.out.push(OpenUrl{r->url});
        if (curator && (role == Role::admin || r->owner_id == s.account.user.id)) {
            if (open) ImGui::SameLine();
            if (open && ui::small_button(tr(l, S::ResourceDelete))) ctx.out.push(DeleteHomeResource{r->id});
        }
        ImGui::Spacing();
        ImGui::PopID();
    }
}

}  // namespace

void draw_family_view(ViewContext& ctx, FamilyViewUi& ui) {
    const SpaceData* data = data_ready(ctx);
    if (!data) return;
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    if (s.account.user.role != Role::parent) {
        draw_parent_school(ctx, ui, *data, {});
        return;
    }
    wrapped_dim(tr(l, S::FamilyIntro));
    const auto& family = data->family(s.now_ms);
    if (family.empty()) wrapped(tr(l, S::NoChildren));
    std::vector<int> grades;
    for (const auto& child : family) {
        draw_child(ctx, ui, *data, child);
        if (child.grade > 0) grades.push_back(child.grade);
        ImGui::Spacing();
    }
    notice_line(s.notices.family);
    draw_parent_school(ctx, ui, *data, grades);
    // Another child: the guardian code the class teacher gives.
    ImGui::SeparatorText(tr(l, S::LinkChild));
    const float w = ImGui::GetContentRegionAvail().x;
    ui::input_text(ctx.platform, "##gcode", ui.guardian_code, tr(l, S::GuardianCodeLabel), {w, 0},
                   ui::kInputUppercase | ui::kInputNoBlank);
    note_item(ctx, "family:guardian:code");
    if (ImGui::Button(tr(l, S::LinkChild), {w, 0})) ctx.out.push(LinkGuardian{ui.guardian_code});
    note_item(ctx, "family:guardian:link");
    notice_line(s.account_notice);
}

}  // namespace zx::client
