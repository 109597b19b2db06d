#include "throttle.hpp"

#include "api_error.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <vector>

namespace zx::server {

namespace {
// Keys are user names as typed or addresses; a sign-in with a megabyte of
// user name must not cost a megabyte here (no real name is this long).
constexpr size_t kMaxKeyBytes = 64;
std::string bounded(const std::string& key) { return key.substr(0, kMaxKeyBytes); }
}  // namespace

SlidingWindow::SlidingWindow(int limit, int64_t window_ms, size_t max_keys)
    : limit_(std::max(limit, 1)), window_ms_(window_ms), max_keys_(std::max<size_t>(max_keys, 16)) {}

void SlidingWindow::expire(std::deque<int64_t>& events, int64_t now) const {
    while (!events.empty() && events.front() <= now - window_ms_) events.pop_front();
}

int64_t SlidingWindow::wait_ms(const std::string& key, int64_t now) {
    const auto it = events_.find(key);
    if (it == events_.end()) return 0;
    expire(it->second, now);
    if (static_cast<int>(it->second.size()) < limit_) return 0;
    return std::max<int64_t>(it->second.front() + window_ms_ - now, 1);
}

void SlidingWindow::add(const std::string& key, int64_t at) {
    if (events_.size() >= max_keys_ && !events_.count(key)) make_room(at);
    auto& events = events_[key];
    // Attempts arrive in time order, except across threads by a millisecond
    // or so: keep the deque ascending.
    events.insert(std::upper_bound(events.begin(), events.end(), at), at);
    while (static_cast<int>(events.size()) > limit_) events.pop_front();  // only the newest `limit` matter
}

void SlidingWindow::remove(const std::string& key, int64_t at) {
    const auto it = events_.find(key);
    if (it == events_.end()) return;
    auto& events = it->second;
    if (const auto e = std::find(events.rbegin(), events.rend(), at); e != events.rend()) events.erase(std::next(e).base());
    if (events.empty()) events_.erase(it);
}

// Drops keys with nothing in the window; if that is not enough, the half
// that was used least recently. Amortised over the insertions that filled
// the table, each costs O(1).
void SlidingWindow::make_room(int64_t now) {
    for (auto it = events_.begin(); it != events_.end();) {
        expire(it->second, now);
        it = it->second.empty() ? events_.erase(it) : std::next(it);
    }
    if (events_.size() < max_keys_) return;
    std::vector<int64_t> latest;
    latest.reserve(events_.size());
    for (const auto& [k, e] : events_) latest.push_back(e.back());
    auto middle = latest.begin() + static_cast<std::ptrdiff_t>(latest.size() / 2);
    std::nth_element(latest.begin(), middle, latest.end());
    const int64_t cut = *middle;
    for (auto it = events_.begin(); it != events_.end();)
        it = it->second.back() <= cut ? events_.erase(it) : std::next(it);
}

Throttle::Throttle(ThrottlePolicy p)
    : accounts_(p.account_failures, p.window_ms, p.max_keys),
      addresses_(p.address_failures, p.window_ms, p.max_keys),
      registrations_(p.address_registrations, p.window_ms, p.max_keys) {}

Throttle::Attempt Throttle::admit_password(const std::string& username, const std::string& address, int64_t now) {
    Attempt a{bounded(username), address_key(address), now};
    std::lock_guard lock(mu_);
    if (const auto wait = std::max(accounts_.wait_ms(a.account, now), addresses_.wait_ms(a.address, now)))
        too_many_attempts(wait);
    accounts_.add(a.account, now);
    addresses_.add(a.address, now);
    return a;
}

void Throttle::succeeded(const Attempt& a) {
    std::lock_guard lock(mu_);
    accounts_.remove(a.account, a.at);
    addresses_.remove(a.address, a.at);
}

void Throttle::admit_registration(const std::string& address, int64_t now) {
    const auto key = address_key(address);
    std::lock_guard lock(mu_);
    if (const auto wait = registrations_.wait_ms(key, now)) too_many_attempts(wait);
    registrations_.add(key, now);
}

std::string address_key(const std::string& remote) {
    boost::system::error_code ec;
    const auto a = boost::asio::ip::make_address(remote, ec);
    if (ec) return bounded(remote);
    if (a.is_v6() && !a.to_v6().is_v4_mapped()) {
        auto bytes = a.to_v6().to_bytes();
        std::fill(bytes.begin() + 8, bytes.end(), 0);
        return boost::asio::ip::address_v6(bytes).to_string() + "/64";
    }
    if (a.is_v6()) return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6()).to_string();
    return a.to_string();
}

void too_many_attempts(int64_t wait_ms) {
    const auto s = retry_after_seconds(wait_ms);
    throw ApiError(429, api::code::too_many_requests,
                   problem(Code::too_many_attempts, "",
                           "too many failed attempts from here or on this account; try again in {retry_after} seconds",
                           {{"retry_after", std::to_string(s)}}))
        .with_retry_after(s);
}

}  // namespace zx::server
