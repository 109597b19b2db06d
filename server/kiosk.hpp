#pragma once
// Kiosks at study-tour bases (issue 12): enrolment, device tokens, and what a
// kiosk may do with one (zx/wire/kiosk.hpp). A device token is not a session:
// it opens the /api/v1/kiosk routes marked Auth::device and nothing else
// (every other route answers it as an unknown session), and its rights are
// only those of its one base: the base's record, today's trips that visit
// the base and their rosters (names and student numbers, no contacts), the
// stops' tasks; appending check-ins and -outs for those trips.
#include "store.hpp"

#include <cstdint>
#include <string>

namespace zx::server {

struct KioskDevice {
    std::string id;
    std::string base_id;
    std::string name;
};

// The device behind "Authorization: Bearer zxk_…": 401 session_invalid for
// an unknown token (as for a session), 401 device_revoked (with when and
// why) for a revoked one. Notes when it was last seen (at most once a minute).
KioskDevice authenticate_device(Store& store, const std::string& authorization, int64_t now_ms);

}  // namespace zx::server
