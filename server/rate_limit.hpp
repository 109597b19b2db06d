#pragma once
// Token buckets per signed-in user and route, so that one account cannot
// keep the server busy with pushes or pulls (every account can be
// self-registered, every client hand-written). The router takes a token
// before a limited route's handler runs (router.hpp).
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace zx::server {

// A bucket holds up to `burst` requests and refills at `per_second`.
struct RateLimit {
    double per_second = 0;
    double burst = 0;
};

class RateLimiter {
public:
    // `now_ms`: a monotonic clock in milliseconds (the steady clock when none).
    explicit RateLimiter(std::function<int64_t()> now_ms = {});

    // Takes one token from `key`'s bucket under `limit`: 0 when there was
    // one, else the whole seconds (at least 1) until there is.
    int64_t take(const std::string& key, const RateLimit& limit);

    // How many buckets are kept (full ones are forgotten now and then).
    size_t buckets() const;

private:
    struct Bucket {
        double tokens = 0;
        int64_t at_ms = 0;  // when `tokens` was right
        RateLimit limit;
    };
    void sweep(int64_t now);

    std::function<int64_t()> now_ms_;
    mutable std::mutex mu_;
    std::unordered_map<std::string, Bucket> buckets_;
    int64_t swept_ms_ = 0;
};

}  // namespace zx::server
