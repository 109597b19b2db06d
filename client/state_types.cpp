#include "state_types.hpp"

#include "app_state.hpp"

namespace zx::client {

std::string_view view_code(ViewId v) {
    switch (v) {
        case ViewId::space: return "space";
        case ViewId::knowledge: return "knowledge";
        case ViewId::tools: return "tools";
        case ViewId::activities: return "activities";
        case ViewId::timetable: return "timetable";
        case ViewId::map: return "map";
        case ViewId::trips: return "trips";
        case ViewId::settings: return "settings";
        case ViewId::attention: return "attention";
        case ViewId::family: return "family";
    }
    return "space";
}

std::string_view load_status_code(LoadStatus s) {
    switch (s) {
        case LoadStatus::idle: return "idle";
        case LoadStatus::loading: return "loading";
        case LoadStatus::ready: return "ready";
        case LoadStatus::error: return "error";
    }
    return "idle";
}

std::string_view server_status_code(ServerStatus s) {
    switch (s) {
        case ServerStatus::unknown: return "unknown";
        case ServerStatus::online: return "online";
        case ServerStatus::offline: return "offline";
    }
    return "unknown";
}

const Route* AppState::find_route(const std::string& id) const {
    for (const auto& r : routes)
        if (r.id == id) return &r;
    return nullptr;
}

const Base* AppState::find_base(const std::string& id) const {
    for (const auto& b : bases.all)
        if (b.id == id) return &b;
    return nullptr;
}

}  // namespace zx::client
