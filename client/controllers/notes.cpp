#include "controllers/notes.hpp"

#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"

#include "zx/text/markdown.hpp"
#include "zx/text/text.hpp"

namespace zx::client {

void NotesController::open(const std::string& id) {
    auto& ns = s_.state.notes;
    ns.open_id = id;
    ++ns.opened;
    ns.notice = {};
    s_.state.view = ViewId::knowledge;
}

void NotesController::reload(const std::string& id) {
    if (s_.state.notes.open_id == id) ++s_.state.notes.opened;
}

void NotesController::handle(const NewNote& c) {
    s_.state.notes.new_title = c.title;
    open(std::string(kNewRecord));
}

void NotesController::handle(const OpenNote& c) { open(c.id); }

void NotesController::save(const Note& n, uint64_t ticket) {
    const auto* data = s_.state.data;
    if (n.id == kNewRecord) return create(n, ticket);
    std::vector<RecordWrite> writes;
    // The text being replaced goes into the note's history, with the save.
    if (const NoteItem* old = data ? data->note(n.id) : nullptr;
        old && (old->note.body != n.body || old->note.title != n.title) && !(old->note.body.empty() && old->note.title.empty()))
        writes.push_back({"note_versions", "v-" + s_.platform.random_hex(12),
                          to_fields(NoteVersion{"", n.id, old->note.title, old->note.body, old->modified_ms})});
    writes.push_back({"notes", n.id, note_text_fields(n)});
    s_.engine.edit(std::move(writes), [this, ticket](const EditOutcome& o) {
        auto& ns = s_.state.notes;
        ns.saved_ticket = ticket;
        ns.saved_ok = o.ok;
        report(o.ok, o.ok ? tr(s_.lang(), S::SavedLocally) : describe(s_.lang(), o));
    });
}

void NotesController::create(Note n, uint64_t ticket) {
    auto& ns = s_.state.notes;
    if (n.title.empty() && n.body.empty() && n.subject.empty() && n.tags.empty()) {  // nothing to keep yet
        ns.saved_ticket = ticket;
        ns.saved_ok = true;
        return;
    }
    n.id = "n-" + s_.platform.random_hex(12);
    n.created_at = s_.platform.now_ms();
    s_.engine.edit({"notes", n.id, to_fields(n)}, [this, ticket, id = n.id](const EditOutcome& o) {
        auto& st = s_.state.notes;
        st.saved_ticket = ticket;
        st.saved_ok = o.ok;
        if (!o.ok) return report(false, describe(s_.lang(), o));
        st.created_id = id;
        if (st.open_id == kNewRecord) st.open_id = id;  // the editor goes on with the same text
        st.new_title.clear();
        report(true, tr(s_.lang(), S::SavedLocally));
        if (on_new_closed) on_new_closed();
    });
}

void NotesController::handle(const SaveNote& c) { save(c.note, c.ticket); }

void NotesController::handle(const DeleteNote& c) {
    if (c.id == kNewRecord) {  // a new note discarded: nothing was written
        if (s_.state.notes.open_id == kNewRecord) s_.state.notes.open_id.clear();
        s_.state.notes.new_title.clear();
        if (on_new_closed) on_new_closed();
        return;
    }
    s_.engine.edit({"notes", c.id, nlohmann::json::object(), true}, [this, id = c.id](const EditOutcome& o) {
        if (!o.ok) return report(false, describe(s_.lang(), o));
        if (s_.state.notes.open_id == id) s_.state.notes.open_id.clear();
        report(true, tr(s_.lang(), S::NoteDeleted));
    });
}

void NotesController::handle(const PinNote& c) {
    s_.engine.edit({"notes", c.id, pin_fields(c.pinned)}, [this](const EditOutcome& o) {
        if (!o.ok) report(false, describe(s_.lang(), o));
    });
}

void NotesController::handle(const RestoreVersion& c) {
    const auto* data = s_.state.data;
    const NoteVersion* v = data ? data->version(c.version_id) : nullptr;
    if (!v) return;
    // Restoring is itself a save, so the text it replaces goes into the history.
    Note n;
    n.id = v->note_id;
    n.title = v->title;
    n.body = v->body;
    if (const auto* current = data->note(v->note_id)) {
        n.subject = current->note.subject;
        n.tags = current->note.tags;
    }
    save(n, c.ticket);
    ++s_.state.notes.opened;  // the editor shows the restored text
}

void NotesController::handle(const SearchNotes& c) {
    auto& ns = s_.state.notes;
    if (text::match_expression(c.query).empty()) {
        ns.hits.clear();
        ns.searched = c.query;
        ns.searching.clear();
        return;
    }
    ns.searching = c.query;
    s_.engine.search(c.query, 100, [this, query = c.query](std::vector<SyncEngine::Hit> hits, const std::string& error) {
        auto& n = s_.state.notes;
        if (n.searching != query) return;  // the user typed on; a newer search is under way
        n.searching.clear();
        n.searched = query;
        n.hits.clear();
        if (!error.empty()) report(false, trf(s_.lang(), S::SearchFailed, {{"detail", error}}));
        const auto* data = s_.state.data;
        for (const auto& h : hits)
            if (const NoteItem* note = data ? data->note(h.note_id) : nullptr)
                n.hits.push_back({h.note_id, text::snippet(md::plain_text(note->note.body), query, 48).text});
    });
}

}  // namespace zx::client
