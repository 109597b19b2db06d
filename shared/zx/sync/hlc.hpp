#pragma once
// Hybrid logical clocks (Kulkarni et al.): timestamps that follow physical
// time but never go backwards and always order an event after everything its
// node has seen. Every synced write carries one; last-writer-wins compares them.
//
// Text form: 16 hex digits of (wall_ms << 16 | counter), ':', node id. The
// fixed width makes plain string comparison the clock order, ties broken by
// node id, so SQL and JSON can compare them without parsing.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zx::hlc {

struct Parsed {
    uint64_t wall_ms = 0;
    uint16_t counter = 0;
    std::string node;
};

// Node ids: 1-32 characters of [A-Za-z0-9_-].
bool valid_node(std::string_view node);
std::optional<Parsed> parse(std::string_view text);
std::string format(uint64_t wall_ms, uint16_t counter, std::string_view node);

// The clock of one node. Not thread-safe; each replica owns one.
class Clock {
public:
    explicit Clock(std::string node, uint64_t last_packed = 0) : node_(std::move(node)), last_(last_packed) {}
    // A timestamp greater than every one this clock issued or observed.
    std::string now(uint64_t wall_ms);
    // Moves the clock past a timestamp received from another node.
    void observe(std::string_view remote);
    const std::string& node() const { return node_; }
    uint64_t packed() const { return last_; }  // for persisting the clock

private:
    std::string node_;
    uint64_t last_;
};

}  // namespace zx::hlc
