// 活动库: homework, project-based learning, study-tour tasks and clubs. A
// teacher publishes an activity to a class with steps, a due date, links and
// a rubric; students work through the steps and submit text (offline too);
// the teacher scores it against the rubric and writes feedback; the student
// sees the result. Finished activities stay in the student's record.
#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"
#include "ui/layout.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdlib>

namespace zx::client {

namespace {

void draw_activity_body(ViewContext& ctx, const SpaceData& data, const Activity& a) {
    const Lang l = ctx.lang();
    ImGui::TextUnformatted(a.title.c_str());
    ImGui::TextDisabled("%s", trf(l, S::ActivityLine, {{"kind", label(l, a.kind)}, {"due", a.due_date}}).c_str());
    ui::markdown(data.activity_body(a.id), nullptr, [&](const std::string& url) { ctx.out.push(OpenUrl{url}); });
    draw_conflicts(ctx, data, a.id, "body", ImGui::GetContentRegionAvail().x);
    if (!a.attachments.empty()) {
        ImGui::TextUnformatted(tr(l, S::Attachments));
        for (const auto& x : a.attachments) {
            ImGui::PushID(x.url.c_str());
            if (ui::small_button(x.name.empty() ? x.url.c_str() : x.name.c_str())) ctx.out.push(OpenUrl{x.url});
            ImGui::PopID();
        }
    }
}

void draw_result(const Submission& sub, const Activity& act, Lang l) {
    if (sub.status != SubmissionStatus::reviewed) return;
    ImGui::Separator();
    ImGui::TextUnformatted(trf(l, S::ScoreLine, {{"score", Arg("", sub.score).value}}).c_str());
    for (size_t i = 0; i < act.rubric.size() && i < sub.rubric_scores.size(); ++i)
        ImGui::BulletText("%s", trf(l, S::RubricScore, {{"criterion", act.rubric[i].criterion},
                                                        {"score", Arg("", sub.rubric_scores[i]).value},
                                                        {"max", Arg("", act.rubric[i].max).value}})
                                    .c_str());
    ImGui::TextUnformatted(tr(l, S::Feedback));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(sub.feedback.c_str());
    ImGui::PopTextWrapPos();
}

// On a phone the details are stacked under the list: a newly picked
// activity (or submission) is scrolled into view.
void scroll_to_details(ActivitiesViewUi& ui, const ActivityFocus& focus) {
    const std::string shown = focus.id + "/" + focus.review + (focus.creating ? "/new" : "");
    if (shown == ui.scrolled_to) return;
    ui.scrolled_to = shown;
    if (ui::layout().phone && (!focus.id.empty() || focus.creating)) ImGui::SetScrollHereY(0.0f);
}

// The student whose work is shown: the signed-in student, or a parent's
// child (read-only). A parent with several children picks one.
std::string whose_work(ViewContext& ctx, const SpaceData& data) {
    const AppState& s = ctx.state;
    if (s.account.user.role != api::Role::parent) return s.account.user.id;
    const auto children = data.children_of(s.account.user.id);
    if (children.empty()) return s.account.user.id;
    const auto& f = s.activity;
    const std::string child =
        std::find(children.begin(), children.end(), f.child) == children.end() ? children.front() : f.child;
    if (children.size() > 1) {
        ImGui::SetNextItemWidth(std::min(220.0f, ImGui::GetContentRegionAvail().x));
        if (ImGui::BeginCombo("##child", data.name_of(child).c_str())) {
            for (const auto& c : children)
                if (ui::selectable(data.name_of(c).c_str(), c == child)) ctx.out.push(FocusActivity{{f.id, c, "", false}});
            ImGui::EndCombo();
        }
        note_item(ctx, "activity:child");
    }
    return child;
}

void draw_student(ViewContext& ctx, ActivitiesViewUi& ui, const SpaceData& data) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    // Parents follow their child's work here, read-only.
    const bool parent = s.account.user.role == api::Role::parent;
    const std::string me = whose_work(ctx, data);
    const auto& focus = s.activity;
    std::vector<const Activity*> acts;
    for (const auto& a : data.activities())
        if (a.published) acts.push_back(&a);
    std::stable_sort(acts.begin(), acts.end(), [](const Activity* a, const Activity* b) { return a->due_date < b->due_date; });
    const float list_w = std::clamp(ImGui::GetContentRegionAvail().x * 0.3f, 220.0f, 340.0f);
    ui::begin_pane("##acts", {list_w, 0});
    if (acts.empty()) ImGui::TextDisabled("%s", tr(l, S::NoActivities));
    for (const Activity* a : acts) {
        ImGui::PushID(a->id.c_str());
        const auto st = work_state(data.submission_of(a->id, me), *a, s.now_ms);
        const std::string text = a->title + "  [" + label(l, st) + "]";
        if (ui::selectable(text.c_str(), focus.id == a->id)) ctx.out.push(FocusActivity{{a->id, focus.child, "", false}});
        note_item(ctx, "activity:" + a->id);
        ImGui::PopID();
    }
    ui::end_pane();
    ui::next_pane();
    ui::begin_pane("##act", {0, 0});
    const Activity* a = focus.id.empty() ? nullptr : data.activity(focus.id);
    scroll_to_details(ui, focus);
    if (!a) {
        ImGui::TextDisabled("%s", tr(l, S::PickActivity));
        ui::end_pane();
        return;
    }
    draw_activity_body(ctx, data, *a);
    const Submission* sub = data.submission_of(a->id, me);
    const bool locked = parent || (sub && sub->status != SubmissionStatus::draft);
    if (ui.draft_for != a->id + "/" + me) {  // load this activity's work into the editor
        ui.draft_for = a->id + "/" + me;
        ui.draft = sub ? sub->body : "";
        ui.steps.assign(a->steps.size(), false);
        if (sub)
            for (size_t i = 0; i < sub->steps_done.size() && i < ui.steps.size(); ++i) ui.steps[i] = sub->steps_done[i];
    }
    if (!a->steps.empty()) {
        ImGui::Separator();
        ImGui::TextUnformatted(tr(l, S::Steps));
        ImGui::BeginDisabled(locked);
        for (size_t i = 0; i < a->steps.size(); ++i) {
            bool v = ui.steps[i];
            if (ImGui::Checkbox(a->steps[i].c_str(), &v)) ui.steps[i] = v;
            note_item(ctx, "step:" + std::to_string(i));
        }
        ImGui::EndDisabled();
    }
    ImGui::Separator();
    ImGui::TextUnformatted(tr(l, S::MyAnswer));
    if (locked) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(ui.draft.c_str());
        ImGui::PopTextWrapPos();
    } else {
        // The student's own work on an activity is one submission: its draft
        // is kept by the activity, before and after the submission exists.
        draft_text(ctx, {"submissions", a->id, "body"}, ui.draft, sub ? std::string_view(sub->body) : "", "##answer",
                   tr(l, S::MyAnswer), {-1, 160}, ui::kInputMultiline);
        note_item(ctx, "submission:body");
        if (sub)
            if (auto kept = draw_conflicts(ctx, data, sub->id, "body", ImGui::GetContentRegionAvail().x)) ui.draft = *kept;
        if (ImGui::Button(tr(l, S::SaveDraft))) ctx.out.push(SaveWork{a->id, ui.draft, ui.steps, false});
        note_item(ctx, "submission:save");
        ImGui::SameLine();
        if (ImGui::Button(tr(l, S::Submit))) ctx.out.push(SaveWork{a->id, ui.draft, ui.steps, true});
        note_item(ctx, "submission:submit");
    }
    if (sub) {
        ImGui::TextDisabled("%s", label(l, work_state(sub, *a, s.now_ms)));
        note_item(ctx, "submission:status");
        draw_result(*sub, *a, l);
    }
    notice_line(s.notices.activities);
    ui::end_pane();
}

void draw_create(ViewContext& ctx, ActivitiesViewUi& ui, const SpaceData& data) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::TextUnformatted(tr(l, S::NewActivity));
    const DraftOf title{"activities", kNewRecord, "title"}, due{"activities", kNewRecord, "due_date"},
        body{"activities", kNewRecord, "body"}, steps{"activities", kNewRecord, "steps"},
        attachments{"activities", kNewRecord, "attachments"}, rubric{"activities", kNewRecord, "rubric"};
    draft_text(ctx, title, ui.title, "", "##atitle", tr(l, S::NoteTitle), {-1, 0});
    note_item(ctx, "activity:title");
    for (int i = 0; i < static_cast<int>(std::size(kActivityKinds)); ++i) {
        if (i) ui::same_line_if_fits(ui::check_width(label(l, kActivityKinds[i])));
        ImGui::RadioButton(label(l, kActivityKinds[i]), &ui.kind, i);
    }
    const auto classes = data.classes_taught_by(s.account.user.id);
    if (ui.class_id.empty() && !classes.empty()) ui.class_id = classes.front()->id;  // the first class by default
    const SchoolClass* chosen = data.school_class(ui.class_id);
    ImGui::SetNextItemWidth(std::min(220.0f, ImGui::GetContentRegionAvail().x));
    if (ImGui::BeginCombo("##aclass", chosen ? chosen->name.c_str() : tr(l, S::PickClass))) {
        for (const SchoolClass* c : classes)
            if (ui::selectable(c->name.c_str(), c->id == ui.class_id)) ui.class_id = c->id;
        ImGui::EndCombo();
    }
    note_item(ctx, "activity:class");
    ui::same_line_if_fits(160);
    draft_text(ctx, due, ui.due, "", "##adue", tr(l, S::DueDateHint), {160, 0});
    note_item(ctx, "activity:due");
    draft_text(ctx, body, ui.body, "", "##abody", tr(l, S::ActivityBody), {-1, 90}, ui::kInputMultiline);
    note_item(ctx, "activity:body");
    draft_text(ctx, steps, ui.steps_text, "", "##asteps", tr(l, S::StepsHint), {-1, 70}, ui::kInputMultiline);
    note_item(ctx, "activity:steps");
    draft_text(ctx, attachments, ui.attachments_text, "", "##aatt", tr(l, S::AttachmentsHint), {-1, 50},
               ui::kInputMultiline);
    draft_text(ctx, rubric, ui.rubric_text, kDefaultRubric, "##arubric", tr(l, S::RubricHint), {-1, 70},
               ui::kInputMultiline);
    note_item(ctx, "activity:rubric");

    // The form as the shared rules see it: checked here, where the teacher
    // can fix it, and again by the controller before anything is written.
    Activity a;
    a.title = ui.title;
    a.kind = kActivityKinds[std::clamp(ui.kind, 0, static_cast<int>(std::size(kActivityKinds)) - 1)];
    a.class_id = ui.class_id;
    a.due_date = ui.due;
    a.body = ui.body;
    a.published = true;
    std::optional<Problem> problem;
    if (ui.class_id.empty()) problem = zx::problem(Code::required, "class", "pick a class");
    if (!problem) problem = parse_attachments(ui.attachments_text, a.attachments);
    if (!problem) problem = parse_rubric(ui.rubric_text, a.rubric);
    if (!problem) problem = validate(a);
    ImGui::BeginDisabled(problem.has_value());
    if (ImGui::Button(tr(l, S::Publish))) {
        ctx.out.push(PublishActivity{a, ui.steps_text, ui.attachments_text, ui.rubric_text});
        ctx.out.push(FocusActivity{});
        ctx.out.push(DiscardDrafts{"activities", std::string(kNewRecord)});
        ui.title.clear();
        ui.body.clear();
        ui.steps_text.clear();
        ui.attachments_text.clear();
    }
    ImGui::EndDisabled();
    note_item(ctx, "activity:publish");
    ImGui::SameLine();
    if (ImGui::Button(tr(l, S::Cancel))) {  // the form is discarded, and its drafts with it
        ctx.out.push(FocusActivity{});
        ctx.out.push(DiscardDrafts{"activities", std::string(kNewRecord)});
        ui.title.clear();
        ui.body.clear();
        ui.due.clear();
        ui.steps_text.clear();
        ui.attachments_text.clear();
        ui.rubric_text = kDefaultRubric;
    }
    if (problem) notice_line(describe(l, *problem), false);
}

// A score as typed: a number within 0..max, or nothing.
std::optional<double> score_of(const std::string& typed, double max) {
    char* end = nullptr;
    const double v = std::strtod(typed.c_str(), &end);
    if (typed.empty() || *end != '\0' || v < 0 || v > max) return std::nullopt;
    return v;
}

void draw_review(ViewContext& ctx, ActivitiesViewUi& ui, const SpaceData& data, const Activity& a) {
    const Lang l = ctx.lang();
    const Submission* sub = data.submission(ctx.state.activity.review);
    if (!sub) return;
    if (ui.review_loaded != sub->id) {  // a review opened (from the list or a link): its buffers start afresh
        ui.review_loaded = sub->id;
        ui.rubric_scores.clear();
        ui.feedback = sub->feedback;
    }
    ImGui::Separator();
    ImGui::TextUnformatted((data.name_of(sub->owner_id) + " · " + label(l, work_state(sub, a, ctx.state.now_ms))).c_str());
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(sub->body.c_str());
    ImGui::PopTextWrapPos();
    const size_t n = a.rubric.size();
    ui.rubric_scores.resize(n);
    std::vector<double> scores;
    for (size_t i = 0; i < n; ++i) {
        // The label stays beside the field once a number is typed (a hint
        // alone disappears with the first digit).
        const auto label_text = trf(l, S::RubricField, {{"criterion", a.rubric[i].criterion}, {"max", Arg("", a.rubric[i].max).value}});
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(label_text.c_str());
        note_item(ctx, "rubric:" + std::to_string(i) + ":label");
        ui::same_line_if_fits(160);
        const std::string field = "score:" + std::to_string(i);
        draft_text(ctx, {"submissions", sub->id, field}, ui.rubric_scores[i], "", ("##r" + std::to_string(i)).c_str(),
                   label_text.c_str(), {160, 0});
        note_item(ctx, "rubric:" + std::to_string(i));
        if (const auto v = score_of(ui.rubric_scores[i], a.rubric[i].max)) scores.push_back(*v);
    }
    draft_text(ctx, {"submissions", sub->id, "feedback"}, ui.feedback, sub->feedback, "##feedback", tr(l, S::Feedback),
               {-1, 80}, ui::kInputMultiline);
    note_item(ctx, "review:feedback");
    if (auto kept = draw_conflicts(ctx, data, sub->id, "feedback", ImGui::GetContentRegionAvail().x)) ui.feedback = *kept;
    const bool valid = scores.size() == n;
    ImGui::BeginDisabled(!valid);
    if (ImGui::Button(tr(l, S::SendReview))) {
        ctx.out.push(ReviewWork{sub->id, scores, ui.feedback});
        ctx.out.push(DiscardDrafts{"submissions", sub->id});  // checked on the device first: it is saved
        ctx.out.push(FocusActivity{{a.id, "", "", false}});
    }
    ImGui::EndDisabled();
    note_item(ctx, "review:save");
    if (!valid) ImGui::TextDisabled("%s", tr(l, S::RubricRange));
}

void draw_teacher(ViewContext& ctx, ActivitiesViewUi& ui, const SpaceData& data) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const float list_w = std::clamp(ImGui::GetContentRegionAvail().x * 0.3f, 220.0f, 340.0f);
    ui::begin_pane("##acts", {list_w, 0});
    const auto& focus = s.activity;
    if (ImGui::Button(tr(l, S::NewActivity), {-1, 0})) ctx.out.push(FocusActivity{{"", "", "", true}});
    note_item(ctx, "activity:new");
    bool any = false;
    for (const auto& a : data.activities()) {
        if (a.owner_id != s.account.user.id) continue;
        any = true;
        ImGui::PushID(a.id.c_str());
        if (ui::selectable(a.title.c_str(), focus.id == a.id && !focus.creating))
            ctx.out.push(FocusActivity{{a.id, "", "", false}});
        note_item(ctx, "activity:" + a.id);
        ImGui::PopID();
    }
    if (!any) ImGui::TextDisabled("%s", tr(l, S::NoActivities));
    ui::end_pane();
    ui::next_pane();
    ui::begin_pane("##act", {0, 0});
    scroll_to_details(ui, focus);
    const Activity* a = focus.id.empty() ? nullptr : data.activity(focus.id);
    if (focus.creating) {
        draw_create(ctx, ui, data);
    } else if (!a) {
        ImGui::TextDisabled("%s", tr(l, S::PickActivity));
    } else {
        draw_activity_body(ctx, data, *a);
        ImGui::Separator();
        ImGui::TextUnformatted(tr(l, S::Submissions));
        // Every student of the class, with their status.
        for (const auto& student : data.students_of(a->class_id)) {
            const Submission* sub = data.submission_of(a->id, student);
            ImGui::PushID(student.c_str());
            const std::string text = data.name_of(student) + "  [" + label(l, work_state(sub, *a, s.now_ms)) + "]";
            if (ui::selectable(text.c_str(), sub && focus.review == sub->id, sub ? 0 : ImGuiSelectableFlags_Disabled) && sub) {
                ctx.out.push(FocusActivity{{a->id, "", sub->id, false}});
                ui.review_loaded.clear();  // load its buffers again, even for the same one
            }
            note_item(ctx, "review:" + student);
            ImGui::PopID();
        }
        if (!focus.review.empty()) draw_review(ctx, ui, data, *a);
    }
    notice_line(s.notices.activities);
    ui::end_pane();
}

}  // namespace

void draw_activities_view(ViewContext& ctx, ActivitiesViewUi& ui) {
    const SpaceData* data = data_ready(ctx);
    if (!data) return;
    if (ctx.state.account.user.role == api::Role::teacher) draw_teacher(ctx, ui, *data);
    else draw_student(ctx, ui, *data);
}

}  // namespace zx::client
