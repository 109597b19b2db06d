#pragma once
// Sliding-window limits on password attempts (OWASP ASVS 2.2.1: at most 100
// failed attempts an hour on one account), kept in memory: a restart forgets
// them, which an attacker cannot cause.
//
//   account   failed sign-ins (and wrong current passwords) per user name,
//             whether the name exists or not, so the limit reveals nothing
//   address   failed sign-ins per client address (IPv6 by its /64), so one
//             client cannot spread its guesses over many names
//   register  registrations per client address, each of which costs a
//             password hash and may probe a name
//
// An attempt is counted when it is admitted, before the password is checked,
// so concurrent guesses cannot overshoot a limit; a correct password gives
// its attempt back. The window slides: an attempt stops counting exactly
// `window_ms` after it was made.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace zx::server {

struct ThrottlePolicy {
    int account_failures = 100;   // per user name and window
    int address_failures = 300;   // per address and window: a school's classroom shares one
    int address_registrations = 100;
    int64_t window_ms = 3600'000;
    size_t max_keys = 100'000;    // per limit; the least recently used are forgotten beyond it
};

// One limit: at most `limit` events per key within any window.
class SlidingWindow {
public:
    SlidingWindow(int limit, int64_t window_ms, size_t max_keys);
    // 0 if the key is under its limit (nothing counted); otherwise the ms
    // until its oldest counted event leaves the window.
    int64_t wait_ms(const std::string& key, int64_t now);
    void add(const std::string& key, int64_t at);
    // Forgets one event of `key` made at `at` (an attempt that succeeded).
    void remove(const std::string& key, int64_t at);

private:
    void expire(std::deque<int64_t>& events, int64_t now) const;
    void make_room(int64_t now);

    int limit_;
    int64_t window_ms_;
    size_t max_keys_;
    std::unordered_map<std::string, std::deque<int64_t>> events_;  // each ascending
};

class Throttle {
public:
    explicit Throttle(ThrottlePolicy p);

    // An admitted sign-in (or password change) attempt, counted against its
    // account and address until given back.
    struct Attempt {
        std::string account, address;
        int64_t at = 0;
    };
    // Admits one attempt at `username` from `address`, or throws the 429
    // (too_many_attempts, with Retry-After) when either is at its limit.
    Attempt admit_password(const std::string& username, const std::string& address, int64_t now);
    // The password was right: the attempt no longer counts as a failure.
    void succeeded(const Attempt& a);
    // Admits one registration from `address`, or throws the 429.
    void admit_registration(const std::string& address, int64_t now);

private:
    std::mutex mu_;
    SlidingWindow accounts_, addresses_, registrations_;
};

// The key of a client address: IPv4 as it is, IPv6 by its /64 (one
// household or device gets a whole /64, so single addresses cost nothing).
std::string address_key(const std::string& remote);

// The 429 for a limit reached, `wait_ms` from now.
[[noreturn]] void too_many_attempts(int64_t wait_ms);

}  // namespace zx::server
