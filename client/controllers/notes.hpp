#pragma once
// 知识库: notes, their version history, concurrent-edit conflicts and search.
//
// A new note is written only when it is first saved with some text (so no
// empty note is ever left behind); until then it is the editor's buffers and
// their drafts (DraftsController). A save writes the note and, when its text changes, a version holding the
// text it replaces, in one local transaction (both or neither). Every write
// is checked by the shared record rules first, so an invalid note is refused
// in the editor with the reason and nothing is written. Search runs in the
// local store (full text, offline).
#include "controllers/services.hpp"

#include <functional>
#include <string>

namespace zx::client {

class NotesController {
public:
    explicit NotesController(Services& s) : s_(s) {}

    void handle(const NewNote& c);
    void handle(const OpenNote& c);
    void handle(const SaveNote& c);
    void handle(const DeleteNote& c);
    void handle(const PinNote& c);
    void handle(const RestoreVersion& c);
    void handle(const SearchNotes& c);
    // The note's text was replaced from elsewhere (a conflict settled): an
    // editor showing it takes the new text, even over unsaved typing.
    void reload(const std::string& id);
    // A new note was saved under its id, or discarded: its drafts can go.
    std::function<void()> on_new_closed;

private:
    void open(const std::string& id);
    // Saves `note`'s text; `ticket` reports back to the editor.
    void save(const Note& note, uint64_t ticket);
    // The first save of a new note (NotesState::open_id == kNewRecord).
    void create(Note note, uint64_t ticket);
    void report(bool ok, std::string text) { s_.state.notes.notice = {std::move(text), ok}; }

    Services& s_;
};

}  // namespace zx::client
