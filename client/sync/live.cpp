#include "sync/live.hpp"

#include "zx/core/strict_json.hpp"
#include "zx/wire/api.hpp"

#include <algorithm>
#include <cstdlib>

namespace zx::client {

std::string_view live_code(LiveState s) {
    switch (s) {
        case LiveState::off: return "off";
        case LiveState::connecting: return "connecting";
        case LiveState::live: return "live";
        case LiveState::waiting: return "waiting";
    }
    return "off";
}

namespace {

// The seconds a refusal asks to wait (its problem's retry_after), or 0.
int64_t retry_after_s(const std::string& body) {
    const auto j = strict::parse_answer(body);
    if (!j.is_object() || !j.contains("error")) return 0;
    try {
        const auto e = j.at("error").get<api::Error>();
        for (const auto& [k, v] : e.params)
            if (k == "retry_after") return std::max<int64_t>(0, std::atoll(v.c_str()));
    } catch (const std::exception&) {
    }
    return 0;
}

}  // namespace

void LiveChannel::start(const std::string& token) {
    stop();
    token_ = token;
    if (token_.empty() || !platform_.has_event_stream()) return;
    backoff_ms_ = 0;
    connect();
}

void LiveChannel::stop() {
    if (stream_) platform_.event_stream_close(stream_);
    stream_ = 0;
    ++generation_;
    state_ = LiveState::off;
    token_.clear();
}

void LiveChannel::set_token(const std::string& token) {
    if (token == token_) return;
    const bool was_on = state_ != LiveState::off || !token_.empty();
    if (was_on) start(token);
    else token_ = token;
}

void LiveChannel::tick() {
    if (state_ != LiveState::waiting) return;
    if (platform_.now_ms() >= retry_at_) return connect();
    platform_.request_frame(retry_at_);
}

void LiveChannel::connect() {
    state_ = LiveState::connecting;
    const int gen = ++generation_;
    platform::Platform::EventStreamHandlers h;
    h.event = [this, gen](const std::string& type, const std::string& data) {
        if (gen != generation_) return;
        const auto e = api::live_event({type, data});
        if (!e) return;  // a newer server's event: not ours to act on
        switch (e->kind) {
            case api::LiveKind::hello:
                state_ = LiveState::live;
                backoff_ms_ = 0;
                ++connects_;
                if (on_signal) on_signal(0);  // catch up with what changed while it was down
                return;
            case api::LiveKind::changed:
                ++signals_;
                if (on_signal) on_signal(e->seq);
                return;
            case api::LiveKind::bye:
                platform_.event_stream_close(stream_);
                stream_ = 0;
                ++generation_;
                // A session that ended is the pulls' to report (401); a
                // stopping server comes back.
                if (e->reason == api::live_reason::session_ended) state_ = LiveState::off;
                else wait(0);
                return;
        }
    };
    h.ended = [this, gen](const platform::HttpResponse& r) {
        if (gen != generation_) return;
        stream_ = 0;
        ended(r);
    };
    stream_ = platform_.event_stream({"GET", api::kEventsPath, "", token_}, kStallMs, std::move(h));
}

// Why the stream ended decides what comes next:
//   401, 403   the session is not valid: off (the engine's pulls say so)
//   404        a server without the channel: off, polling only
//   429, 503   a cap: wait as long as it asks, at least the backoff
//   otherwise  dropped, stalled, or ended by the server: reconnect after the backoff
void LiveChannel::ended(const platform::HttpResponse& r) {
    if (r.status == 401 || r.status == 403 || r.status == 404) {
        state_ = LiveState::off;
        return;
    }
    const int64_t asked = (r.status == 429 || r.status == 503) ? retry_after_s(r.body) * 1000 : 0;
    wait(asked);
}

void LiveChannel::wait(int64_t at_least_ms) {
    backoff_ms_ = backoff_ms_ == 0 ? kMinBackoffMs : std::min(kMaxBackoffMs, backoff_ms_ * 2);
    // ±20 %, so that the devices a restarted server dropped do not all come back at once.
    const auto r = std::strtoul(platform_.random_hex(2).c_str(), nullptr, 16) / 65535.0;
    const auto ms = std::max<int64_t>(at_least_ms, static_cast<int64_t>(static_cast<double>(backoff_ms_) * (0.8 + 0.4 * r)));
    state_ = LiveState::waiting;
    retry_at_ = platform_.now_ms() + ms;
    platform_.request_frame(retry_at_);
}

}  // namespace zx::client
