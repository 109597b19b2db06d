#include "controllers/activities.hpp"

#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"

#include "zx/text/lists.hpp"

namespace zx::client {

void ActivitiesController::report(const EditOutcome& o, S ok_text) {
    s_.state.report(s_.state.notices.activities, o.ok ? Notice{tr(s_.lang(), ok_text), true} : Notice{describe(s_.lang(), o), false});
}

void ActivitiesController::handle(const PublishActivity& c) {
    Activity a = c.activity;
    a.published = true;
    a.steps = text::split_list(c.steps, text::kLines);
    if (auto p = parse_attachments(c.attachments, a.attachments)) return report({false, p, {}}, S::Published);
    if (auto p = parse_rubric(c.rubric, a.rubric)) return report({false, p, {}}, S::Published);
    s_.engine.edit({"activities", "act-" + s_.platform.random_hex(12), to_fields(a)},
                   [this](const EditOutcome& o) { report(o, S::Published); });
}

void ActivitiesController::handle(const SaveWork& c) {
    const auto* data = s_.state.data;
    if (!data) return;
    const Submission* existing = data->submission_of(c.activity_id, s_.state.account.user.id);
    Submission s;
    s.activity_id = c.activity_id;
    s.body = c.body;
    s.steps_done = c.steps_done;
    s.status = c.submit ? SubmissionStatus::submitted : SubmissionStatus::draft;
    s.submitted_at = s_.state.now_ms;
    const std::string id = existing ? existing->id : "sub-" + s_.platform.random_hex(12);
    s_.engine.edit({"submissions", id, work_fields(s)},
                   [this, submit = c.submit](const EditOutcome& o) { report(o, submit ? S::Submitted : S::SavedLocally); });
}

void ActivitiesController::handle(const ReviewWork& c) {
    const auto* data = s_.state.data;
    const Submission* existing = data ? data->submission(c.submission_id) : nullptr;
    const Activity* act = existing ? data->activity(existing->activity_id) : nullptr;
    if (!existing || !act) return;
    // Each score within its criterion's points; the total is their sum.
    Submission s = *existing;
    s.rubric_scores = c.rubric_scores;
    s.rubric_scores.resize(act->rubric.size());
    s.score = 0;
    for (size_t i = 0; i < act->rubric.size(); ++i) {
        const double v = s.rubric_scores[i];
        if (!(v >= 0 && v <= act->rubric[i].max))
            return report({false,
                           problem(Code::out_of_range, act->rubric[i].criterion, "{field}: {value} is not within {min}..{max}",
                                   {{"value", std::to_string(v)}, {"min", "0"}, {"max", Arg("", act->rubric[i].max).value}}),
                           {}},
                          S::ReviewSent);
        s.score += v;
    }
    s.feedback = c.feedback;
    s.status = SubmissionStatus::reviewed;
    s_.engine.edit({"submissions", s.id, review_fields(s)}, [this](const EditOutcome& o) { report(o, S::ReviewSent); });
}

}  // namespace zx::client
