#pragma once
// Drafts: nothing typed into a field that edits a record is lost to a
// reload, a crash or a closed tab.
//
// Views draw such fields with draft_text() (views/draft_field.cpp), which
// pushes KeepDraft as the person types, puts a draft back into its field the
// first time the field is drawn (DraftShown), and drops it once the field
// holds the stored text again (DropDraft: saved, or discarded). This
// controller keeps them in AppState::drafts and in the signed-in user's
// local store (table `drafts`, migration 9), written a moment after typing
// pauses (and at least every 1.5 s while it goes on), through the sync
// engine's async store (SyncEngine::run_local) — never synced. When the store
// opens, the drafts are read back and the route they were typed at is
// reported (on_loaded) so the app can come back there. Sign-out deletes them
// all (shared computers: minors' words stay with nobody).
#include "controllers/services.hpp"

#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace zx::client {

class DraftsController {
public:
    explicit DraftsController(Services& s) : s_(s) {}

    void handle(const KeepDraft& c);
    void handle(const DropDraft& c);
    void handle(const DraftShown& c);
    void handle(const DiscardDrafts& c) { drop_record(c.collection, c.record); }
    // Once per frame: reads the user's drafts when their store opens and
    // writes the typed ones when due.
    void tick();
    // Forgets every draft of one record (a new note was saved under its id,
    // or discarded).
    void drop_record(std::string_view collection, std::string_view record);
    // Before the store closes at sign-out: deletes every draft in it.
    void sign_out();
    // The drafts were read; `link` is the route of the newest ("" = none).
    std::function<void(const std::string& link)> on_loaded;

    // Typing pauses this long before the draft is written; typing that goes
    // on is written at least this often.
    static constexpr int64_t kPauseMs = 300;
    static constexpr int64_t kMaxDelayMs = 1500;

private:
    void reset();
    void load();
    void write();
    void mark(const std::string& key);
    void count();

    Services& s_;
    std::string user_;             // whose drafts AppState::drafts holds
    int load_generation_ = 0;      // answers that come after a reset are dropped
    bool loading_ = false;
    std::set<std::string> dirty_;  // keys whose row must be written (or deleted)
    size_t in_flight_ = 0;         // keys written, not yet durable
    int64_t first_dirty_ms_ = 0, last_typed_ms_ = 0;
};

}  // namespace zx::client
