// The live channel's hub (live.hpp).
//   1. places: the caps, counted when a stream is asked for, given back when
//      it ends or never opens
//   2. the worker: a queue of tasks in commit order (a commit waits until it
//      is settled), and a tick for coalesced signals, heartbeats and checks
//   3. the rule: which streams a commit concerns (handle_commit)
#include "live.hpp"

#include "api_error.hpp"

#include "zx/core/problem.hpp"
#include "zx/wire/api.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace zx::server {

namespace {

int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// How often the worker looks at every stream (coalesced signals, heartbeats,
// checks); bounds how late a folded signal goes out.
constexpr int64_t kTickMs = 100;
// How long stop() waits for the streams' connections to close.
constexpr int64_t kStopWaitMs = 1000;
// What a refused client is told to wait before asking again.
constexpr int64_t kUserRetryS = 30;
constexpr int64_t kFullRetryS = 60;

// Commits to these collections may change who holds which keys (roles,
// schools and bases of users, class memberships, guardian links).
bool grants_keys(const std::string& collection) {
    return collection == "users" || collection == "memberships" || collection == "guardian_links";
}

bool meets(const std::set<std::string>& a, const std::set<std::string>& b) {
    for (const auto& k : a)
        if (b.count(k)) return true;
    return false;
}

}  // namespace

struct EventHub::Core : std::enable_shared_from_this<Core> {
    // A place counted against the caps; given back when the last copy goes
    // (the stream ended, or it never opened).
    struct Place {
        std::weak_ptr<Core> core;
        std::string user;
        ~Place() {
            if (auto c = core.lock()) c->release(user);
        }
    };

    struct Task {
        enum class Kind { commit, attach, detach, recheck } kind = Kind::commit;
        enum class State { pending, committed, aborted } state = State::committed;
        uint64_t ticket = 0;
        std::vector<Committed> commits;
        std::shared_ptr<Place> place;
        std::shared_ptr<Outlet> outlet;
        std::string authorization;
        std::string user;
        uint64_t stream = 0;
    };

    struct Stream {
        std::string user;
        std::string authorization;
        std::set<std::string> keys;
        std::string epoch;
        std::shared_ptr<Outlet> outlet;
        std::shared_ptr<Place> place;
        int64_t last_write_ms = 0;
        int64_t last_signal_ms = 0;
        int64_t next_check_ms = 0;
        bool pending = false;  // a signal waits for coalesce_ms to pass
        int64_t pending_seq = 0;
    };

    LivePolicy policy;
    Authenticate authenticate;

    // Shared with request and I/O threads, under mu.
    mutable std::mutex mu;
    std::condition_variable cv;
    std::deque<Task> tasks;
    uint64_t next_ticket = 1;
    bool running = false;
    bool stopping = false;
    size_t reserved = 0;
    std::map<std::string, int> reserved_by_user;
    std::thread worker;
    std::atomic<size_t> open_streams{0};
    std::atomic<uint64_t> signals{0};

    // The worker's own.
    std::unordered_map<uint64_t, Stream> streams;
    std::unordered_map<std::string, std::unordered_set<uint64_t>> by_key;
    std::unordered_map<std::string, std::unordered_set<uint64_t>> by_user;
    uint64_t next_stream = 1;
    std::mt19937_64 rng{std::random_device{}()};

    Core(LivePolicy p, Authenticate a) : policy(p), authenticate(std::move(a)) {}

    // --- 1. places -------------------------------------------------------------

    std::shared_ptr<Place> reserve(const std::string& user) {
        std::lock_guard lock(mu);
        if (!running || stopping || reserved >= static_cast<size_t>(policy.total))
            throw ApiError(503, api::code::unavailable,
                           problem(Code::streams_full, "",
                                   "the server holds its most live channels ({max}); clients sync on a timer meanwhile; "
                                   "try again in {retry_after} s",
                                   {{"max", std::to_string(policy.total)}, {"retry_after", std::to_string(kFullRetryS)}}))
                .with_retry_after(kFullRetryS);
        auto& mine = reserved_by_user[user];
        if (mine >= policy.per_user)
            throw ApiError(429, code::too_many_requests,
                           problem(Code::too_many_streams, "",
                                   "{max} live channels of this user are open already; try again in {retry_after} s",
                                   {{"max", std::to_string(policy.per_user)}, {"retry_after", std::to_string(kUserRetryS)}}))
                .with_retry_after(kUserRetryS);
        ++mine;
        ++reserved;
        auto place = std::make_shared<Place>();
        place->core = weak_from_this();
        place->user = user;
        return place;
    }

    void release(const std::string& user) {
        std::lock_guard lock(mu);
        --reserved;
        if (auto it = reserved_by_user.find(user); it != reserved_by_user.end() && --it->second <= 0)
            reserved_by_user.erase(it);
    }

    void push(Task t) {
        {
            std::lock_guard lock(mu);
            if (!running) return;
            tasks.push_back(std::move(t));
        }
        cv.notify_one();
    }

    // --- 2. the worker ---------------------------------------------------------------

    void run() {
        std::unique_lock lock(mu);
        int64_t next_tick = steady_ms();
        while (!stopping) {
            if (!tasks.empty() && tasks.front().state != Task::State::pending) {
                {
                    Task t = std::move(tasks.front());
                    tasks.pop_front();
                    lock.unlock();
                    handle(t);
                }  // gone before the lock is taken again: a place gives itself back under it
                lock.lock();
                continue;
            }
            const int64_t now = steady_ms();
            if (now >= next_tick) {
                lock.unlock();
                tick(now);
                lock.lock();
                next_tick = now + kTickMs;
                continue;
            }
            cv.wait_for(lock, std::chrono::milliseconds(next_tick - now));
        }
        // Stopping: what waits is dropped, every stream says goodbye, and the
        // worker waits (a moment at most) until their connections are
        // closed, so that clients learn of it even when the process lives on
        // (the HTTP layer's stop() leaves sockets to its destruction).
        auto left = std::move(tasks);
        tasks.clear();
        lock.unlock();
        for (auto& t : left)
            if (t.outlet) t.outlet->close();
        left.clear();
        for (auto& [id, s] : streams) bye(s, api::live_reason::shutdown);
        const int64_t deadline = steady_ms() + kStopWaitMs;
        lock.lock();
        while (!streams.empty() && steady_ms() < deadline) {
            if (tasks.empty()) {
                cv.wait_for(lock, std::chrono::milliseconds(kTickMs));
                continue;
            }
            {
                Task t = std::move(tasks.front());
                tasks.pop_front();
                lock.unlock();
                if (t.kind == Task::Kind::detach) detach(t.stream);
                else if (t.outlet) t.outlet->close();
            }  // gone before the lock is taken again: a place gives itself back under it
            lock.lock();
        }
        left = std::move(tasks);
        tasks.clear();
        lock.unlock();
        left.clear();
        streams.clear();
        by_key.clear();
        by_user.clear();
        open_streams = 0;
    }

    void handle(Task& t) {
        try {
            switch (t.kind) {
                case Task::Kind::commit:
                    if (t.state == Task::State::committed) handle_commit(t.commits);
                    return;
                case Task::Kind::attach: return attach(t);
                case Task::Kind::detach: return detach(t.stream);
                case Task::Kind::recheck: {
                    const int64_t now = steady_ms();
                    if (auto it = by_user.find(t.user); it != by_user.end())
                        for (const uint64_t id : std::vector<uint64_t>(it->second.begin(), it->second.end()))
                            recheck(id, now);
                    return;
                }
            }
        } catch (const std::exception& e) {
            // The database failed for a moment; the next check tries again.
            std::fprintf(stderr, "zhixing-server: live channel: %s\n", e.what());
        }
    }

    int64_t next_check(int64_t now) {
        const auto r = static_cast<int64_t>(policy.revalidate_ms);
        std::uniform_int_distribution<int64_t> jitter(r * 3 / 4, r * 5 / 4);
        return now + std::max<int64_t>(1, jitter(rng));
    }

    bool write(Stream& s, std::string bytes, int64_t now) {
        s.last_write_ms = now;
        return s.outlet->send(std::move(bytes));
    }

    void bye(Stream& s, const char* reason) {
        api::LiveEvent e;
        e.kind = api::LiveKind::bye;
        e.reason = reason;
        s.outlet->send(api::sse_frame(e));
        s.outlet->close();
    }

    void index(uint64_t id, const Stream& s) {
        for (const auto& k : s.keys) by_key[k].insert(id);
    }
    void unindex(uint64_t id, const Stream& s) {
        for (const auto& k : s.keys)
            if (auto it = by_key.find(k); it != by_key.end()) {
                it->second.erase(id);
                if (it->second.empty()) by_key.erase(it);
            }
    }

    // A stream whose header went out: its user's keys as they are now (later
    // than every commit queued before this task), then hello.
    void attach(Task& t) {
        std::optional<Principal> p;
        try {
            p = authenticate(t.authorization);
        } catch (const ApiError&) {
            p.reset();
        }
        if (!p || p->user_id != t.user) {
            Stream gone;
            gone.outlet = t.outlet;
            return bye(gone, api::live_reason::session_ended);
        }
        const uint64_t id = next_stream++;
        const int64_t now = steady_ms();
        Stream s{t.user, t.authorization, p->keys, p->epoch, t.outlet, t.place, now, 0, next_check(now)};
        index(id, s);
        by_user[s.user].insert(id);
        auto& stored = streams.emplace(id, std::move(s)).first->second;
        ++open_streams;
        stored.outlet->on_closed([weak = weak_from_this(), id] {
            if (auto c = weak.lock()) {
                Task d;
                d.kind = Task::Kind::detach;
                d.stream = id;
                c->push(std::move(d));
            }
        });
        api::LiveEvent hello;
        hello.kind = api::LiveKind::hello;
        hello.heartbeat_s = static_cast<int>(std::max<int64_t>(1, policy.heartbeat_ms / 1000));
        write(stored, api::sse_frame(hello), now);
    }

    void detach(uint64_t id) {
        auto it = streams.find(id);
        if (it == streams.end()) return;
        unindex(id, it->second);
        if (auto u = by_user.find(it->second.user); u != by_user.end()) {
            u->second.erase(id);
            if (u->second.empty()) by_user.erase(u);
        }
        streams.erase(it);  // its place goes back
        --open_streams;
    }

    // Reads the stream's session and keys again. False when the session is
    // gone (the stream says bye and ends); `changed` tells whether the keys
    // moved, and then the index follows.
    bool refresh(uint64_t id, Stream& s, bool& changed) {
        changed = false;
        std::optional<Principal> p;
        try {
            p = authenticate(s.authorization);
        } catch (const ApiError&) {
        }
        if (!p || p->user_id != s.user) {
            bye(s, api::live_reason::session_ended);
            return false;
        }
        if (p->epoch == s.epoch) return true;
        unindex(id, s);
        s.keys = std::move(p->keys);
        s.epoch = p->epoch;
        index(id, s);
        changed = true;
        return true;
    }

    void recheck(uint64_t id, int64_t now) {
        auto it = streams.find(id);
        if (it == streams.end()) return;
        auto& s = it->second;
        s.next_check_ms = next_check(now);
        bool changed = false;
        if (refresh(id, s, changed) && changed) signal(s, 0, now);  // its access changed: pull (and start over)
    }

    void signal(Stream& s, int64_t seq, int64_t now) {
        s.pending_seq = s.pending ? std::max(s.pending_seq, seq) : seq;
        s.pending = true;
        if (now - s.last_signal_ms >= policy.coalesce_ms) flush(s, now);
    }

    void flush(Stream& s, int64_t now) {
        api::LiveEvent e;
        e.kind = api::LiveKind::changed;
        e.seq = s.pending_seq;
        s.pending = false;
        s.pending_seq = 0;
        s.last_signal_ms = now;
        if (write(s, api::sse_frame(e), now)) ++signals;
    }

    void tick(int64_t now) {
        std::vector<uint64_t> due;
        for (auto& [id, s] : streams) {
            if (s.pending && now - s.last_signal_ms >= policy.coalesce_ms) flush(s, now);
            else if (now - s.last_write_ms >= policy.heartbeat_ms) write(s, std::string(api::kSseHeartbeat), now);
            if (now >= s.next_check_ms) due.push_back(id);
        }
        for (const uint64_t id : due) recheck(id, now);
    }

    // --- 3. the rule -------------------------------------------------------------------

    void handle_commit(const std::vector<Committed>& commits) {
        const int64_t now = steady_ms();
        // The newest change of this transaction each stream's keys meet.
        std::unordered_map<uint64_t, int64_t> hit;
        bool grants = false;
        for (const auto& c : commits) {
            grants = grants || grants_keys(c.collection);
            for (const auto& k : c.keys)
                if (auto it = by_key.find(k); it != by_key.end())
                    for (const uint64_t id : it->second) {
                        auto& seq = hit[id];
                        seq = std::max(seq, c.seq);
                    }
        }
        if (grants) {
            // Who was reached may hold other keys now: read them, and decide
            // again with those. A stream whose keys moved is told in any case.
            std::vector<uint64_t> reached;
            for (const auto& [id, seq] : hit) reached.push_back(id);
            for (const uint64_t id : reached) {
                auto it = streams.find(id);
                if (it == streams.end()) continue;
                bool changed = false;
                if (!refresh(id, it->second, changed)) {
                    hit.erase(id);
                    continue;
                }
                int64_t seq = 0;
                bool met = false;
                for (const auto& c : commits)
                    if (meets(c.keys, it->second.keys)) {
                        seq = std::max(seq, c.seq);
                        met = true;
                    }
                if (met || changed) hit[id] = seq;
                else hit.erase(id);
            }
        }
        for (const auto& [id, seq] : hit)
            if (auto it = streams.find(id); it != streams.end()) signal(it->second, seq, now);
    }
};

EventHub::EventHub(LivePolicy policy, Authenticate authenticate)
    : core_(std::make_shared<Core>(policy, std::move(authenticate))) {}

EventHub::~EventHub() { stop(); }

void EventHub::start() {
    std::lock_guard lock(core_->mu);
    if (core_->running) return;
    core_->running = true;
    core_->stopping = false;
    core_->worker = std::thread([core = core_] { core->run(); });
}

void EventHub::stop() {
    {
        std::lock_guard lock(core_->mu);
        if (!core_->running) return;
        core_->stopping = true;
    }
    core_->cv.notify_all();
    if (core_->worker.joinable()) core_->worker.join();
    std::lock_guard lock(core_->mu);
    core_->running = false;
}

Response EventHub::open(const Principal& who, const std::string& authorization) {
    auto place = core_->reserve(who.user_id);
    Response r;
    r.content_type = "text/event-stream";
    r.compressible = false;
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("X-Accel-Buffering", "no");  // proxies that buffer answers (nginx) pass this one through
    r.open = [weak = std::weak_ptr<Core>(core_), place, authorization, user = who.user_id](std::shared_ptr<Outlet> o) {
        auto core = weak.lock();
        if (!core) return o->close();
        Core::Task t;
        t.kind = Core::Task::Kind::attach;
        t.place = place;
        t.outlet = o;
        t.authorization = authorization;
        t.user = user;
        {
            std::lock_guard lock(core->mu);
            if (!core->running || core->stopping) return o->close();
            core->tasks.push_back(std::move(t));
        }
        core->cv.notify_one();
    };
    return r;
}

void EventHub::sessions_changed(const std::string& user_id) {
    Core::Task t;
    t.kind = Core::Task::Kind::recheck;
    t.user = user_id;
    core_->push(std::move(t));
}

EventHub::Stats EventHub::stats() const {
    Stats s;
    s.streams = core_->open_streams.load();
    s.signals = core_->signals.load();
    std::lock_guard lock(core_->mu);
    s.reserved = core_->reserved;
    return s;
}

uint64_t EventHub::queue(std::vector<Committed> commits) {
    Core::Task t;
    t.kind = Core::Task::Kind::commit;
    t.state = Core::Task::State::pending;
    t.commits = std::move(commits);
    std::lock_guard lock(core_->mu);
    if (!core_->running || core_->stopping) return 0;
    t.ticket = core_->next_ticket++;
    const auto ticket = t.ticket;
    core_->tasks.push_back(std::move(t));
    return ticket;  // the worker waits for settle(); no need to wake it now
}

void EventHub::settle(uint64_t ticket, bool committed) {
    {
        std::lock_guard lock(core_->mu);
        // Newest first: the one settled is almost always at the back.
        for (auto it = core_->tasks.rbegin(); it != core_->tasks.rend(); ++it)
            if (it->ticket == ticket) {
                it->state = committed ? Core::Task::State::committed : Core::Task::State::aborted;
                break;
            }
    }
    core_->cv.notify_one();
}

}  // namespace zx::server
