#include "controllers/attention.hpp"

#include "data/space_data.hpp"
#include "messages.hpp"

namespace zx::client {

void AttentionController::report(bool ok, std::string text) {
    s_.state.report(s_.state.notices.attention, {std::move(text), ok});
}

void AttentionController::handle(const ResolveConflict& c) {
    const auto* data = s_.state.data;
    const Conflict* found = data ? data->conflict(c.conflict_id) : nullptr;
    if (!found) return;
    const Conflict conflict = *found;  // the data layer may rebuild before the answer
    // Taking the other side and closing the conflict go together.
    std::vector<RecordWrite> writes;
    if (c.adopt) writes.push_back({conflict.target_collection, conflict.target_id, adopt_fields(conflict)});
    writes.push_back({"conflicts", conflict.id, resolved_fields()});
    s_.engine.edit(std::move(writes), [this, adopt = c.adopt, conflict](const EditOutcome& o) {
        if (!o.ok) return report(false, describe(s_.lang(), o));
        report(true, tr(s_.lang(), adopt ? S::ConflictAdopted : S::ConflictKept));
        if (adopt && on_adopted) on_adopted(conflict);
    });
}

void AttentionController::handle(const RetryRefused& c) {
    s_.engine.retry_refused(c.change_id, [this](const EditOutcome& o) {
        report(o.ok, o.ok ? tr(s_.lang(), S::RefusedRetried) : describe(s_.lang(), o));
    });
}

void AttentionController::handle(const DiscardRefused& c) {
    s_.engine.discard_refused(c.change_id, [this](const EditOutcome& o) {
        report(o.ok, o.ok ? tr(s_.lang(), S::RefusedDiscarded) : describe(s_.lang(), o));
    });
}

}  // namespace zx::client
