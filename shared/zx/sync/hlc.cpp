#include "zx/sync/hlc.hpp"

#include <algorithm>
#include <cstdio>

namespace zx::hlc {

bool valid_node(std::string_view node) {
    if (node.empty() || node.size() > 32) return false;
    return std::all_of(node.begin(), node.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

std::optional<Parsed> parse(std::string_view text) {
    if (text.size() < 18 || text[16] != ':') return std::nullopt;
    uint64_t packed = 0;
    for (size_t i = 0; i < 16; ++i) {
        const char c = text[i];
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else return std::nullopt;  // lower case only, so comparison stays textual
        packed = packed << 4 | static_cast<uint64_t>(d);
    }
    Parsed p;
    p.wall_ms = packed >> 16;
    p.counter = static_cast<uint16_t>(packed & 0xFFFF);
    p.node = std::string(text.substr(17));
    if (!valid_node(p.node)) return std::nullopt;
    return p;
}

std::string format(uint64_t wall_ms, uint16_t counter, std::string_view node) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx:", static_cast<unsigned long long>(wall_ms << 16 | counter));
    return std::string(buf) + std::string(node);
}

std::string Clock::now(uint64_t wall_ms) {
    const uint64_t physical = wall_ms << 16;
    last_ = physical > last_ ? physical : last_ + 1;
    return format(last_ >> 16, static_cast<uint16_t>(last_ & 0xFFFF), node_);
}

void Clock::observe(std::string_view remote) {
    if (auto p = parse(remote)) {
        const uint64_t packed = p->wall_ms << 16 | p->counter;
        if (packed > last_) last_ = packed;
    }
}

}  // namespace zx::hlc
