#include "zx/wire/events.hpp"

#include "zx/core/strict_json.hpp"

#include <nlohmann/json.hpp>

namespace zx::api {

using nlohmann::json;

std::string_view to_code(LiveKind k) {
    switch (k) {
        case LiveKind::hello: return "hello";
        case LiveKind::changed: return "changed";
        case LiveKind::bye: return "bye";
    }
    return "changed";
}

void to_json(json& j, const LiveEvent& e) {
    switch (e.kind) {
        case LiveKind::hello: j = json{{"heartbeat_s", e.heartbeat_s}}; return;
        case LiveKind::changed: j = json{{"seq", e.seq}}; return;
        case LiveKind::bye: j = json{{"reason", e.reason}}; return;
    }
}

std::string sse_frame(const LiveEvent& e) {
    // The data is one line: nlohmann's dump() escapes every newline.
    return "event: " + std::string(to_code(e.kind)) + "\ndata: " + json(e).dump() + "\n\n";
}

bool SseReader::feed(std::string_view bytes, std::vector<SseMessage>& out) {
    if (broken_) return false;
    // A line ends at CR, LF or CRLF (the SSE grammar); a CRLF may arrive
    // split over two calls, hence after_cr_.
    size_t start = 0;
    for (size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c != '\r' && c != '\n') continue;
        if (c == '\n' && after_cr_ && i == start && pending_.empty()) {
            after_cr_ = false;
            start = i + 1;
            continue;
        }
        pending_.append(bytes.substr(start, i - start));
        if (pending_.size() > kMaxLine) return !(broken_ = true);
        line(pending_, out);
        pending_.clear();
        after_cr_ = c == '\r';
        start = i + 1;
    }
    if (start < bytes.size()) after_cr_ = false;
    pending_.append(bytes.substr(start));
    if (pending_.size() > kMaxLine) return !(broken_ = true);
    return true;
}

void SseReader::line(std::string_view l, std::vector<SseMessage>& out) {
    if (l.empty()) {  // the end of a message
        if (has_data_) out.push_back({event_.empty() ? "message" : event_, data_});
        event_.clear();
        data_.clear();
        has_data_ = false;
        return;
    }
    if (l.front() == ':') return;  // a comment (heartbeat)
    const auto colon = l.find(':');
    const auto field = l.substr(0, colon);
    auto value = colon == std::string_view::npos ? std::string_view() : l.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (field == "event") {
        event_ = std::string(value);
    } else if (field == "data") {
        if (has_data_) data_ += '\n';
        data_ += value;
        has_data_ = true;
        if (data_.size() > kMaxLine) broken_ = true;
    }
}

std::optional<LiveEvent> live_event(const SseMessage& m) {
    const auto j = strict::parse_answer(m.data);
    if (!j.is_object()) return std::nullopt;
    LiveEvent e;
    if (m.event == "hello") {
        e.kind = LiveKind::hello;
        const auto it = j.find("heartbeat_s");
        if (it == j.end() || !it->is_number_integer()) return std::nullopt;
        e.heartbeat_s = it->get<int>();
    } else if (m.event == "changed") {
        e.kind = LiveKind::changed;
        const auto it = j.find("seq");
        if (it == j.end() || !it->is_number_integer()) return std::nullopt;
        e.seq = it->get<int64_t>();
    } else if (m.event == "bye") {
        e.kind = LiveKind::bye;
        const auto it = j.find("reason");
        if (it != j.end() && it->is_string()) e.reason = it->get<std::string>();
    } else {
        return std::nullopt;
    }
    return e;
}

}  // namespace zx::api
