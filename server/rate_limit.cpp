#include "rate_limit.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace zx::server {

namespace {

int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// A full bucket is the same as none, so buckets are dropped once full; this
// often, and only when there are this many, to keep the sweep rare.
constexpr int64_t kSweepEveryMs = 60'000;
constexpr size_t kSweepAbove = 1024;

double refilled(double tokens, int64_t since_ms, int64_t now_ms, const RateLimit& l) {
    const double elapsed = static_cast<double>(std::max<int64_t>(0, now_ms - since_ms)) / 1000.0;
    return std::min(l.burst, tokens + elapsed * l.per_second);
}

}  // namespace

RateLimiter::RateLimiter(std::function<int64_t()> now_ms) : now_ms_(now_ms ? std::move(now_ms) : steady_ms) {}

int64_t RateLimiter::take(const std::string& key, const RateLimit& limit) {
    const int64_t now = now_ms_();
    std::lock_guard lock(mu_);
    sweep(now);
    auto [it, fresh] = buckets_.try_emplace(key, Bucket{limit.burst, now, limit});
    Bucket& b = it->second;
    if (!fresh) {
        b.tokens = refilled(b.tokens, b.at_ms, now, limit);
        b.at_ms = now;
        b.limit = limit;
    }
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
    }
    if (limit.per_second <= 0) return 24 * 3600;  // never refills: a day is as good as forever to a client
    return std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1 - b.tokens) / limit.per_second)));
}

size_t RateLimiter::buckets() const {
    std::lock_guard lock(mu_);
    return buckets_.size();
}

void RateLimiter::sweep(int64_t now) {
    if (buckets_.size() <= kSweepAbove || now - swept_ms_ < kSweepEveryMs) return;
    swept_ms_ = now;
    std::erase_if(buckets_, [&](const auto& kv) {
        const Bucket& b = kv.second;
        return refilled(b.tokens, b.at_ms, now, b.limit) >= b.limit.burst;
    });
}

}  // namespace zx::server
