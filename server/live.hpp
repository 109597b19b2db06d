#pragma once
// The live channel's server side (GET /api/v1/events; the events are in
// zx/wire/events.hpp): who listens, and whom a commit concerns.
//
// The rule, in one place (EventHub's worker): a stream hears of a committed
// change when its user's audience keys meet the keys that could see the
// record before the change or can see it after (Committed::keys) — exactly
// the changes their next pull answers with a record or a removal. A signal
// carries that change's number and nothing else.
//
// A user's keys are read from the database as they are when it matters:
// when the stream attaches (after every commit queued before it), whenever a
// commit touches the records that grant keys (users, memberships, guardian
// links, classes: a changed epoch signals the user, whose pull then starts
// over), and every revalidate_ms along with the session, which ends the
// stream with a bye when it is gone. Signing out and the like end it at once
// (sessions_changed).
//
// Cost: one worker thread for all streams; a stream is an outlet (a socket
// and a small queue, http.hpp) plus its keys. Request threads only count
// places (the caps, checked before the stream opens) and queue work.
#include "authz.hpp"
#include "http.hpp"
#include "store.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace zx::server {

struct LivePolicy {
    // Streams one user may hold at once: a phone, a laptop, a tablet and a
    // kiosk or two; the web client streams from one tab per browser.
    int per_user = 8;
    // Streams in all; past it, clients poll as before. An outlet costs a
    // few KiB (bench/events_bench), so the default is far from memory's limit.
    int total = 20'000;
    int64_t heartbeat_ms = 20'000;   // a comment after this long without a write
    int64_t revalidate_ms = 60'000;  // the session and keys checked again (±25 %)
    // Signals to one stream are at least this far apart; those in between
    // are folded into the next (a burst of commits is one pull).
    int64_t coalesce_ms = 200;
};

class EventHub : public CommitListener {
public:
    // `authenticate` is Accounts::authenticate: the principal of a session as
    // it is now, or an ApiError (401) when the session is gone.
    using Authenticate = std::function<Principal(const std::string& authorization)>;
    EventHub(LivePolicy policy, Authenticate authenticate);
    ~EventHub() override;  // stop()
    EventHub(const EventHub&) = delete;
    EventHub& operator=(const EventHub&) = delete;

    void start();  // the worker thread
    // Says bye (shutdown) to every stream, closes them and joins the worker.
    void stop();

    // The answer to GET /api/v1/events for `who`, signed in with
    // `authorization`: refused at once past a cap — 429 too_many_requests
    // (problem too_many_streams) for the user's, 503 unavailable
    // (streams_full) for the server's, both with Retry-After — else an
    // event stream that opens once its header is sent (Response::open).
    Response open(const Principal& who, const std::string& authorization);

    // Sessions of `user_id` ended by hand: their streams check theirs now.
    void sessions_changed(const std::string& user_id);

    struct Stats {
        size_t streams = 0;   // open (attached to the worker)
        size_t reserved = 0;  // counted against the caps (open or opening)
        uint64_t signals = 0;  // changed events sent
    };
    Stats stats() const;

    // CommitListener (store.hpp).
    uint64_t queue(std::vector<Committed> commits) override;
    void settle(uint64_t ticket, bool committed) override;

    struct Core;

private:
    std::shared_ptr<Core> core_;  // shared with what outlives a call: responses, outlets' callbacks (weakly)
};

}  // namespace zx::server
