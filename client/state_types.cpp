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

namespace zx::client {

std::string_view kiosk_screen_code(KioskScreen s) {
    switch (s) {
        case KioskScreen::enrol: return "enrol";
        case KioskScreen::attract: return "attract";
        case KioskScreen::student: return "student";
        case KioskScreen::roster: return "roster";
        case KioskScreen::staff_pin: return "staff_pin";
        case KioskScreen::staff: return "staff";
        case KioskScreen::revoked: return "revoked";
    }
    return "attract";
}

std::string_view kiosk_result_code(KioskResult::Kind k) {
    using K = KioskResult::Kind;
    switch (k) {
        case K::checked_in: return "checked_in";
        case K::already_in: return "already_in";
        case K::checked_out: return "checked_out";
        case K::already_out: return "already_out";
        case K::unreadable: return "unreadable";
        case K::not_found: return "not_found";
        case K::other_school: return "other_school";
        case K::consent_missing: return "consent_missing";
        case K::not_saved: return "not_saved";
    }
    return "unreadable";
}

}  // namespace zx::client
