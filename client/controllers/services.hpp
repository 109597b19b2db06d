#pragma once
// What every feature controller works with: the platform, the sync engine,
// the API client and the app state. A controller owns its part of AppState
// and its own derived state; it never draws and never calls another
// controller (the App wires the few events that cross features).
#include "app_state.hpp"
#include "commands.hpp"
#include "net/api_client.hpp"
#include "sync/engine.hpp"

namespace zx::platform {
class Platform;
}

namespace zx::client {

struct Services {
    platform::Platform& platform;
    SyncEngine& engine;
    ApiClient& api;
    AppState& state;
    Lang lang() const { return state.lang(); }
};

}  // namespace zx::client
