// 活动库: homework, project-based learning, study-tour tasks and clubs. A
// teacher publishes an activity to a class with steps, a due date, links and
// a rubric; students work through the steps and submit text (offline too);
// the teacher scores it against the rubric and writes feedback; the student
// sees the result. Finished activities stay in the student's record.
#include "platform/platform.hpp"
#include "ui/widgets.hpp"
#include "views/records.hpp"
#include "views/views.hpp"

#include "zx/text/markdown.hpp"
#include "zx/space/timetable.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace zx::client {

namespace {

using nlohmann::json;

constexpr const char* kKinds[] = {"homework", "project", "study_tour", "club"};
const S kKindNames[] = {S::KindHomework, S::KindProject, S::KindStudyTour, S::KindClub};

const char* kind_name(Lang l, const std::string& kind) {
    for (size_t i = 0; i < std::size(kKinds); ++i)
        if (kind == kKinds[i]) return tr(l, kKindNames[i]);
    return kind.c_str();
}

const sync::Record* submission_of(const Replica& data, const std::string& activity, const std::string& student) {
    for (const auto* s : data.list("submissions"))
        if (rec::str(*s, "activity_id") == activity && rec::str(*s, "owner_id") == student) return s;
    return nullptr;
}

// Status of a student's work on an activity, for badges and filters.
S status_of(const sync::Record* sub, const sync::Record& act, int64_t now_ms) {
    const auto st = sub ? rec::str(*sub, "status") : std::string();
    if (st == "reviewed") return S::StatusReviewed;
    if (st == "submitted") return S::StatusSubmitted;
    if (auto due = timetable::parse_date(rec::str(act, "due_date"))) {
        const int64_t due_end = (timetable::to_days(*due) + 1) * 86'400'000 - 8 * 3'600'000;
        if (now_ms > due_end) return S::StatusOverdue;
    }
    return sub ? S::StatusInProgress : S::StatusNotStarted;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos <= text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        auto line = text.substr(pos, end - pos);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) out.push_back(line);
        pos = end + 1;
    }
    return out;
}

void draw_activity_body(ViewContext& ctx, const sync::Record& a) {
    const Lang l = ctx.state.lang();
    ImGui::TextUnformatted(rec::str(a, "title").c_str());
    ImGui::TextDisabled("%s · %s %s", kind_name(l, rec::str(a, "kind")), tr(l, S::DueDate), rec::str(a, "due_date").c_str());
    ui::markdown(md::parse(rec::str(a, "body")), nullptr, [&](const std::string& url) { ctx.out.push(OpenUrl{url}); });
    const auto att = rec::json_of(a, "attachments");
    if (att.is_array() && !att.empty()) {
        ImGui::TextUnformatted(tr(l, S::Attachments));
        for (const auto& x : att) {
            if (!x.is_object()) continue;
            const auto name = x.value("name", ""), url = x.value("url", "");
            ImGui::PushID(url.c_str());
            if (ImGui::SmallButton(name.empty() ? url.c_str() : name.c_str())) ctx.out.push(OpenUrl{url});
            ImGui::PopID();
        }
    }
}

void draw_result(const sync::Record& sub, const sync::Record& act, Lang l) {
    if (rec::str(sub, "status") != "reviewed") return;
    ImGui::Separator();
    ImGui::Text("%s: %.1f", tr(l, S::Score), rec::real(sub, "score"));
    const auto rubric = rec::json_of(act, "rubric"), scores = rec::json_of(sub, "rubric_scores");
    if (rubric.is_array() && scores.is_array())
        for (size_t i = 0; i < rubric.size() && i < scores.size(); ++i)
            ImGui::BulletText("%s: %g / %g", rubric[i].value("criterion", "").c_str(), scores[i].get<double>(),
                              rubric[i].value("max", 0.0));
    ImGui::TextUnformatted(tr(l, S::Feedback));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(rec::str(sub, "feedback").c_str());
    ImGui::PopTextWrapPos();
}

void draw_student(ViewContext& ctx, const Replica& data) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    auto& ui = ctx.ui.activities;
    // Parents follow their child's work here, read-only.
    const bool parent = s.account.user.role == api::Role::parent;
    std::string me = s.account.user.id;
    if (parent)
        for (const auto* g : data.list("guardian_links"))
            if (rec::str(*g, "parent_id") == s.account.user.id) me = rec::str(*g, "student_id");
    auto acts = data.list("activities");
    std::erase_if(acts, [](const sync::Record* a) { return !rec::flag(*a, "published"); });
    std::sort(acts.begin(), acts.end(), [](const sync::Record* a, const sync::Record* b) {
        return rec::str(*a, "due_date") < rec::str(*b, "due_date");
    });
    const float list_w = std::clamp(ImGui::GetContentRegionAvail().x * 0.3f, 220.0f, 340.0f);
    ImGui::BeginChild("##acts", {list_w, 0}, ImGuiChildFlags_Border);
    if (acts.empty()) ImGui::TextDisabled("%s", tr(l, S::NoActivities));
    for (const auto* a : acts) {
        ImGui::PushID(a->id.c_str());
        const auto st = status_of(submission_of(data, a->id, me), *a, s.now_ms);
        const std::string label = rec::str(*a, "title") + "  [" + tr(l, st) + "]";
        if (ImGui::Selectable(label.c_str(), ui.selected == a->id)) ui.selected = a->id;
        note_item(ctx.ui, "activity:" + a->id);
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##act", {0, 0}, ImGuiChildFlags_Border);
    const auto* a = ui.selected.empty() ? nullptr : data.find("activities", ui.selected);
    if (!a || a->deleted) {
        ImGui::TextDisabled("%s", tr(l, S::PickActivity));
        ImGui::EndChild();
        return;
    }
    draw_activity_body(ctx, *a);
    const auto* sub = submission_of(data, a->id, me);
    const bool locked =
        parent || (sub && (rec::str(*sub, "status") == "submitted" || rec::str(*sub, "status") == "reviewed"));
    const auto steps = rec::json_of(*a, "steps");
    if (ui.draft_for != a->id) {  // load this activity's work into the editor
        ui.draft_for = a->id;
        ui.draft = sub ? rec::str(*sub, "body") : "";
        ui.steps.assign(steps.is_array() ? steps.size() : 0, false);
        const auto done = sub ? rec::json_of(*sub, "steps_done") : json();
        if (done.is_array())
            for (size_t i = 0; i < done.size() && i < ui.steps.size(); ++i) ui.steps[i] = done[i].is_boolean() && done[i].get<bool>();
    }
    if (steps.is_array() && !steps.empty()) {
        ImGui::Separator();
        ImGui::TextUnformatted(tr(l, S::Steps));
        ImGui::BeginDisabled(locked);
        for (size_t i = 0; i < steps.size(); ++i) {
            bool v = ui.steps[i];
            if (ImGui::Checkbox((steps[i].is_string() ? steps[i].get<std::string>() : "").c_str(), &v)) ui.steps[i] = v;
            note_item(ctx.ui, "step:" + std::to_string(i));
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
        ui::input_text(ctx.platform, "##answer", ui.draft, tr(l, S::MyAnswer), {-1, 160}, ui::kInputMultiline);
        note_item(ctx.ui, "submission:body");
        json steps_done = json::array();
        for (bool b : ui.steps) steps_done.push_back(b);
        const std::string id = sub ? sub->id : "";
        if (ImGui::Button(tr(l, S::SaveDraft)))
            ctx.out.push(EditRecord{"submissions", id,
                                    {{"activity_id", a->id}, {"body", ui.draft}, {"status", "draft"}, {"steps_done", steps_done}},
                                    std::nullopt});
        note_item(ctx.ui, "submission:save");
        ImGui::SameLine();
        if (ImGui::Button(tr(l, S::Submit)))
            ctx.out.push(EditRecord{"submissions", id,
                                    {{"activity_id", a->id},
                                     {"body", ui.draft},
                                     {"status", "submitted"},
                                     {"steps_done", steps_done},
                                     {"submitted_at", s.now_ms}},
                                    std::nullopt});
        note_item(ctx.ui, "submission:submit");
    }
    if (sub) {
        ImGui::TextDisabled("%s", tr(l, status_of(sub, *a, s.now_ms)));
        note_item(ctx.ui, "submission:status");
        draw_result(*sub, *a, l);
    }
    notice_line(s.space_notice, s.space_notice_ok);
    ImGui::EndChild();
}

void draw_create(ViewContext& ctx, const Replica& data) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    auto& ui = ctx.ui.activities;
    ImGui::TextUnformatted(tr(l, S::NewActivity));
    ui::input_text(ctx.platform, "##atitle", ui.title, tr(l, S::NoteTitle), {-1, 0});
    note_item(ctx.ui, "activity:title");
    for (int i = 0; i < 4; ++i) {
        if (i) ImGui::SameLine();
        ImGui::RadioButton(tr(l, kKindNames[i]), &ui.kind, i);
    }
    std::string class_name = tr(l, S::PickClass);
    for (const auto* c : data.list("classes"))
        if (c->id == ui.class_id) class_name = rec::str(*c, "name");
    ImGui::SetNextItemWidth(220);
    if (ImGui::BeginCombo("##aclass", class_name.c_str())) {
        for (const auto* c : data.list("classes"))
            if (rec::str(*c, "teacher_id") == s.account.user.id && ImGui::Selectable(rec::str(*c, "name").c_str()))
                ui.class_id = c->id;
        ImGui::EndCombo();
    }
    note_item(ctx.ui, "activity:class");
    if (ui.class_id.empty())
        for (const auto* c : data.list("classes"))
            if (rec::str(*c, "teacher_id") == s.account.user.id) ui.class_id = c->id;  // the first class by default
    ImGui::SameLine();
    ui::input_text(ctx.platform, "##adue", ui.due, tr(l, S::DueDateHint), {160, 0});
    note_item(ctx.ui, "activity:due");
    ui::input_text(ctx.platform, "##abody", ui.body, tr(l, S::ActivityBody), {-1, 90}, ui::kInputMultiline);
    note_item(ctx.ui, "activity:body");
    ui::input_text(ctx.platform, "##asteps", ui.steps_text, tr(l, S::StepsHint), {-1, 70}, ui::kInputMultiline);
    note_item(ctx.ui, "activity:steps");
    ui::input_text(ctx.platform, "##aatt", ui.attachments_text, tr(l, S::AttachmentsHint), {-1, 50}, ui::kInputMultiline);
    ui::input_text(ctx.platform, "##arubric", ui.rubric_text, tr(l, S::RubricHint), {-1, 70}, ui::kInputMultiline);
    note_item(ctx.ui, "activity:rubric");

    // Check the form here, where the teacher can fix it, and write nothing otherwise.
    std::string problem;
    if (ui.title.empty()) problem = tr(l, S::NeedTitle);
    else if (ui.class_id.empty()) problem = tr(l, S::PickClass);
    else if (!ui.due.empty() && !timetable::parse_date(ui.due)) problem = std::string(tr(l, S::BadDate)) + ui.due;
    json steps = json::array(), att = json::array(), rubric = json::array();
    for (const auto& line : lines_of(ui.steps_text)) steps.push_back(line);
    for (const auto& line : lines_of(ui.attachments_text)) {
        const auto bar = line.find('|');
        const auto url = bar == std::string::npos ? line : line.substr(bar + 1);
        if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) problem = tr(l, S::LinkNeedsHttp);
        att.push_back({{"name", bar == std::string::npos ? url : line.substr(0, bar)}, {"url", url}});
    }
    for (const auto& line : lines_of(ui.rubric_text)) {
        const auto bar = line.find('|');
        char* end = nullptr;
        const double max = bar == std::string::npos ? 0 : std::strtod(line.c_str() + bar + 1, &end);
        if (bar == std::string::npos || max <= 0) problem = std::string(tr(l, S::BadRubric)) + line;
        rubric.push_back({{"criterion", line.substr(0, bar)}, {"max", max}});
    }
    ImGui::BeginDisabled(!problem.empty());
    if (ImGui::Button(tr(l, S::Publish))) {
        ctx.out.push(EditRecord{"activities", "",
                                {{"title", ui.title},
                                 {"kind", kKinds[ui.kind]},
                                 {"class_id", ui.class_id},
                                 {"due_date", ui.due},
                                 {"body", ui.body},
                                 {"steps", steps},
                                 {"attachments", att},
                                 {"rubric", rubric},
                                 {"published", true}},
                                std::nullopt});
        ui.creating = false;
        ui.title.clear();
        ui.body.clear();
        ui.steps_text.clear();
        ui.attachments_text.clear();
    }
    ImGui::EndDisabled();
    note_item(ctx.ui, "activity:publish");
    ImGui::SameLine();
    if (ImGui::Button(tr(l, S::Cancel))) ui.creating = false;
    if (!problem.empty()) notice_line(problem, false);
}

void draw_review(ViewContext& ctx, const Replica& data, const sync::Record& a) {
    const Lang l = ctx.state.lang();
    auto& ui = ctx.ui.activities;
    const auto* sub = data.find("submissions", ui.reviewing);
    if (!sub) return;
    const auto* student = data.find("users", rec::str(*sub, "owner_id"));
    ImGui::Separator();
    ImGui::Text("%s · %s", student ? rec::str(*student, "display_name").c_str() : "?", tr(l, status_of(sub, a, ctx.state.now_ms)));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(rec::str(*sub, "body").c_str());
    ImGui::PopTextWrapPos();
    const auto rubric = rec::json_of(a, "rubric");
    const size_t n = rubric.is_array() ? rubric.size() : 0;
    ui.rubric_scores.resize(n);
    double total = 0;
    bool valid = true;
    for (size_t i = 0; i < n; ++i) {
        const auto label = rubric[i].value("criterion", "") + " (/" + std::to_string(static_cast<int>(rubric[i].value("max", 0.0))) + ")";
        ui::input_text(ctx.platform, ("##r" + std::to_string(i)).c_str(), ui.rubric_scores[i], label.c_str(), {220, 0});
        note_item(ctx.ui, "rubric:" + std::to_string(i));
        char* end = nullptr;
        const double v = std::strtod(ui.rubric_scores[i].c_str(), &end);
        if (ui.rubric_scores[i].empty() || *end != '\0' || v < 0 || v > rubric[i].value("max", 0.0)) valid = false;
        else total += v;
    }
    ui::input_text(ctx.platform, "##feedback", ui.feedback, tr(l, S::Feedback), {-1, 80}, ui::kInputMultiline);
    note_item(ctx.ui, "review:feedback");
    ImGui::BeginDisabled(!valid);
    if (ImGui::Button(tr(l, S::SendReview))) {
        json scores = json::array();
        for (const auto& x : ui.rubric_scores) scores.push_back(std::strtod(x.c_str(), nullptr));
        ctx.out.push(EditRecord{"submissions", sub->id,
                                {{"score", total}, {"rubric_scores", scores}, {"feedback", ui.feedback}, {"status", "reviewed"}},
                                std::nullopt});
        ui.reviewing.clear();
    }
    ImGui::EndDisabled();
    note_item(ctx.ui, "review:save");
    if (!valid) ImGui::TextDisabled("%s", tr(l, S::RubricRange));
}

void draw_teacher(ViewContext& ctx, const Replica& data) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    auto& ui = ctx.ui.activities;
    auto acts = data.list("activities");
    std::erase_if(acts, [&](const sync::Record* a) { return rec::str(*a, "owner_id") != s.account.user.id; });
    const float list_w = std::clamp(ImGui::GetContentRegionAvail().x * 0.3f, 220.0f, 340.0f);
    ImGui::BeginChild("##acts", {list_w, 0}, ImGuiChildFlags_Border);
    if (ImGui::Button(tr(l, S::NewActivity), {-1, 0})) ui.creating = true;
    note_item(ctx.ui, "activity:new");
    if (acts.empty()) ImGui::TextDisabled("%s", tr(l, S::NoActivities));
    for (const auto* a : acts) {
        ImGui::PushID(a->id.c_str());
        if (ImGui::Selectable(rec::str(*a, "title").c_str(), ui.selected == a->id && !ui.creating)) {
            ui.selected = a->id;
            ui.creating = false;
            ui.reviewing.clear();
        }
        note_item(ctx.ui, "activity:" + a->id);
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##act", {0, 0}, ImGuiChildFlags_Border);
    const auto* a = ui.selected.empty() ? nullptr : data.find("activities", ui.selected);
    if (ui.creating) {
        draw_create(ctx, data);
    } else if (!a || a->deleted) {
        ImGui::TextDisabled("%s", tr(l, S::PickActivity));
    } else {
        draw_activity_body(ctx, *a);
        ImGui::Separator();
        ImGui::TextUnformatted(tr(l, S::Submissions));
        // Every student of the class, with their status.
        for (const auto* m : data.list("memberships")) {
            if (rec::str(*m, "class_id") != rec::str(*a, "class_id") || rec::str(*m, "role") != "student") continue;
            const auto student = rec::str(*m, "user_id");
            const auto* u = data.find("users", student);
            const auto* sub = submission_of(data, a->id, student);
            ImGui::PushID(student.c_str());
            const std::string label = (u ? rec::str(*u, "display_name") : student) + "  [" + tr(l, status_of(sub, *a, s.now_ms)) + "]";
            if (ImGui::Selectable(label.c_str(), sub && ui.reviewing == sub->id, sub ? 0 : ImGuiSelectableFlags_Disabled) && sub) {
                ui.reviewing = sub->id;
                ui.rubric_scores.clear();
                ui.feedback = rec::str(*sub, "feedback");
            }
            note_item(ctx.ui, "review:" + student);
            ImGui::PopID();
        }
        if (!ui.reviewing.empty()) draw_review(ctx, data, *a);
    }
    notice_line(s.space_notice, s.space_notice_ok);
    ImGui::EndChild();
}

}  // namespace

void draw_activities_view(ViewContext& ctx) {
    if (!data_ready(ctx)) return;
    if (ctx.state.account.user.role == api::Role::teacher) draw_teacher(ctx, *ctx.state.data);
    else draw_student(ctx, *ctx.state.data);
}

}  // namespace zx::client
