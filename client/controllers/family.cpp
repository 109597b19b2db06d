#include "controllers/family.hpp"

#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"

namespace zx::client {

void FamilyController::report(const EditOutcome& o, S ok_text) {
    s_.state.report(s_.state.notices.family, o.ok ? Notice{tr(s_.lang(), ok_text), true} : Notice{describe(s_.lang(), o), false});
}

void FamilyController::handle(const SaveConsentForm& c) {
    const auto* data = s_.state.data;
    if (!data) return fail(tr(s_.lang(), S::SignInFirst));
    ConsentForm f = c.form;
    // A reminder already sent stays; the digest follows the text (to_fields).
    if (const auto* old = data->consent_form(f.trip_id)) f.reminded_at = old->reminded_at;
    f.text_hash = consent_text_hash(f);
    if (auto p = validate(f)) return fail(describe(s_.lang(), *p));
    s_.engine.edit({"consent_forms", consent_form_id(f.trip_id), to_fields(f)},
                   [this](const EditOutcome& o) { report(o, S::ConsentFormSaved); });
}

void FamilyController::handle(const RemindConsent& c) {
    const auto* data = s_.state.data;
    const ConsentForm* f = data ? data->consent_form(c.trip_id) : nullptr;
    if (!f) return fail(tr(s_.lang(), S::ConsentNoForm));
    s_.engine.edit({"consent_forms", f->id, {{"reminded_at", s_.state.now_ms}}},
                   [this](const EditOutcome& o) { report(o, S::ConsentReminded); });
}

void FamilyController::handle(const AnswerConsent& c) {
    const Lang l = s_.lang();
    const auto* data = s_.state.data;
    const ConsentForm* f = data ? data->consent_form(c.trip_id) : nullptr;
    const Trip* trip = data ? data->trip(c.trip_id) : nullptr;
    if (!f || !trip) return fail(tr(l, S::ConsentNoForm));
    // The text changed while it was on screen: say so, and let them read it.
    if (c.text_hash != f->text_hash)
        return fail(describe(l, problem(Code::consent_stale, "text_hash", "the form changed", {{"trip", trip->title}})));
    if (trip_started(*trip, s_.state.now_ms))
        return fail(describe(l, problem(Code::consent_closed, "", "the trip started", {{"trip", trip->title}, {"date", trip->date}})));
    const auto& me = s_.state.account.user;
    Consent a;
    a.id = consent_id(c.trip_id, c.student_id, me.id);
    a.trip_id = c.trip_id;
    a.student_id = c.student_id;
    a.answer = c.answer;
    a.text_hash = f->text_hash;
    a.signer_name = c.signer_name;
    a.relation = c.relation;
    a.medical_note = c.medical_note;
    // Which device answered: the kind of client and this replica's node.
    a.device = std::string(s_.platform.target()) + " " + s_.engine.replica().node();
    a.answered_at = s_.state.now_ms;
    if (auto p = validate(a)) return fail(describe(l, *p));
    const S ok = c.answer == ConsentAnswer::consented  ? S::ConsentGiven
                 : c.answer == ConsentAnswer::declined ? S::ConsentDeclinedDone
                                                       : S::ConsentWithdrawnDone;
    s_.engine.edit({"consents", a.id, to_fields(a)}, [this, ok](const EditOutcome& o) { report(o, ok); });
}

void FamilyController::handle(const SaveHomeResource& c) {
    HomeResource r = c.resource;
    if (auto p = validate(r)) return fail(describe(s_.lang(), *p));
    const std::string id = r.id.empty() ? "hr-" + s_.platform.random_hex(12) : r.id;
    s_.engine.edit({"home_resources", id, to_fields(r)}, [this](const EditOutcome& o) { report(o, S::ResourceSaved); });
}

void FamilyController::handle(const DeleteHomeResource& c) {
    s_.engine.edit({"home_resources", c.id, nlohmann::json::object(), true},
                   [this](const EditOutcome& o) { report(o, S::ResourceDeleted); });
}

}  // namespace zx::client
