#pragma once
// What needs the person: changes the server refused (kept on the device,
// reverted to the server's state, until retried or discarded) and conflicts
// of body fields in any record (the text that lost a concurrent edit). The
// "needs attention" view lists both; this controller acts on them.
#include "controllers/services.hpp"

#include <functional>

namespace zx::client {

class AttentionController {
public:
    explicit AttentionController(Services& s) : s_(s) {}

    void handle(const ResolveConflict& c);
    void handle(const RetryRefused& c);
    void handle(const DiscardRefused& c);

    // A conflict's kept text went back into its record (the App reopens a
    // note's editor with it).
    std::function<void(const Conflict&)> on_adopted;

private:
    void report(bool ok, std::string text);
    Services& s_;
};

}  // namespace zx::client
