#include "controllers/tools.hpp"

#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"

#include "zx/space/cards.hpp"
#include "zx/space/fsrs.hpp"

namespace zx::client {

void ToolsController::handle(const MakeCards& c) {
    const Lang l = s_.lang();
    const auto* data = s_.state.data;
    const NoteItem* note = data ? data->note(c.note_id) : nullptr;
    if (!note) return;
    int existing = 0;
    std::vector<RecordWrite> writes;
    for (const auto& d : cards::from_note(note->note.body)) {
        // A stable id per note and card text: making cards twice adds none.
        Card card;
        card.id = card_id(c.note_id, d.key);
        if (data->card(card.id)) {
            ++existing;
            continue;
        }
        card.note_id = c.note_id;
        card.kind = d.kind;
        card.front = d.front;
        card.back = d.back;
        card.schedule.due_ms = s_.state.now_ms;
        writes.push_back({"cards", card.id, to_fields(card)});
    }
    const int added = static_cast<int>(writes.size());
    if (added + existing == 0) {
        s_.state.notes.notice = {tr(l, S::NoCardText), false};
        return;
    }
    s_.engine.edit(std::move(writes), [this, l, added, existing](const EditOutcome& o) {
        s_.state.notes.notice = o.ok ? Notice{trf(l, S::CardsMade, {{"added", added}, {"existing", existing}}), true}
                                     : Notice{describe(l, o), false};
    });
}

void ToolsController::handle(const ReviewCard& c) {
    const auto* data = s_.state.data;
    const Card* card = data ? data->card(c.card_id) : nullptr;
    if (!card || c.grade < 1 || c.grade > 4) return;
    fsrs::ReviewLog log{};
    const auto next = fsrs::review(card->schedule, static_cast<fsrs::Grade>(c.grade), s_.state.now_ms, fsrs::Params{}, &log);
    ReviewLog entry{"", c.card_id, c.grade, log.reviewed_ms, log.elapsed_days, log.scheduled_days, log.stability, log.difficulty};
    // The new schedule and its log entry: both or neither.
    s_.engine.edit({{"cards", c.card_id, schedule_fields(next)},
                    {"review_logs", "r-" + s_.platform.random_hex(12), to_fields(entry)}},
                   [this](const EditOutcome& o) {
                       if (!o.ok) s_.state.report(s_.state.notices.tools, {describe(s_.lang(), o), false});
                   });
}

void ToolsController::handle(const AddLink& c) {
    s_.engine.edit({"tools", "too-" + s_.platform.random_hex(12), to_fields(c.link)}, [this](const EditOutcome& o) {
        s_.state.report(s_.state.notices.tools, o.ok ? Notice{tr(s_.lang(), S::SavedLocally), true} : Notice{describe(s_.lang(), o), false});
    });
}

void ToolsController::handle(const DeleteLink& c) {
    s_.engine.edit({"tools", c.id, nlohmann::json::object(), true}, [this](const EditOutcome& o) {
        if (!o.ok) s_.state.report(s_.state.notices.tools, {describe(s_.lang(), o), false});
    });
}

}  // namespace zx::client
