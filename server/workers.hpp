#pragma once
// A small, bounded pool of threads for slow work that must not hold a
// network thread: Argon2 password hashing and verification (about 50 ms of
// CPU and 19 MiB each, by design). A request whose work cannot even be
// queued is answered 503 at once, with a Retry-After from how long the queue
// takes to drain, so a burst of sign-ins never delays other requests.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace zx::server {

struct WorkerPolicy {
    int threads = 2;           // at most this many hashes at once
    size_t queue = 64;         // waiting beyond the running ones; more is refused
};

class Workers {
public:
    explicit Workers(WorkerPolicy p);
    ~Workers();  // stop()
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;

    // Queues `job`; false (nothing queued) when the queue is full or the
    // pool stopped. Jobs run in order; they must not throw.
    bool try_submit(std::function<void()> job);
    // Seconds until a job submitted now would probably start (at least 1):
    // what a refused request's Retry-After says.
    int64_t retry_after_s();
    // Finishes the running jobs, drops the waiting ones and joins.
    void stop();

private:
    void run();

    WorkerPolicy policy_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    double mean_ms_ = 50;  // running mean of a job's duration
    std::vector<std::thread> threads_;
};

}  // namespace zx::server
