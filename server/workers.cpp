#include "workers.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace zx::server {

Workers::Workers(WorkerPolicy p) : policy_(p) {
    policy_.threads = std::max(policy_.threads, 1);
    for (int i = 0; i < policy_.threads; ++i) threads_.emplace_back([this] { run(); });
}

Workers::~Workers() { stop(); }

bool Workers::try_submit(std::function<void()> job) {
    {
        std::lock_guard lock(mu_);
        if (stopping_ || queue_.size() >= policy_.queue) return false;
        queue_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
}

int64_t Workers::retry_after_s() {
    std::lock_guard lock(mu_);
    const double ms = mean_ms_ * static_cast<double>(queue_.size() + 1) / policy_.threads;
    return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(ms / 1000)));
}

void Workers::stop() {
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard lock(mu_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
        dropped.swap(queue_);
    }
    cv_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
    // `dropped` goes here, outside the lock: what the jobs hold (a waiting
    // connection) is released, not answered; the server is stopping.
}

void Workers::run() {
    while (true) {
        std::function<void()> job;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        const auto start = std::chrono::steady_clock::now();
        job();
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        std::lock_guard lock(mu_);
        mean_ms_ = 0.8 * mean_ms_ + 0.2 * ms;
    }
}

}  // namespace zx::server
