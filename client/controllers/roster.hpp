#pragma once
// A teacher's class roster and its students' cards.
//
// Import: the roster's CSV, from the platform's file picker or pasted where
// there is none, is read by the shared reader first (zx/tours/roster.hpp),
// so a file that cannot be read at all (GBK, no rows) is named without a
// round trip, then sent (POST /api/v1/classes/{id}/roster), which reads it
// again, imports the good rows and reports the rest row by row.
//
// Cards: a one-use ticket (POST …/card-tickets) names the printable page,
// which the platform shows (platform.hpp, show_page: a new tab on the web, a
// file on the desktop); the session token is never put into a URL.
//
// One action at a time; its answer is AppState::roster's notice, in the
// user's language, shown under the class it was for.
#include "controllers/services.hpp"

#include <string>

namespace zx::client {

class RosterController {
public:
    explicit RosterController(Services& s) : s_(s) {}

    void handle(const ImportRoster& c);
    void handle(const PrintCards& c);

private:
    // Checks `text` (file `name`) with the shared reader and sends it.
    void upload(const std::string& class_id, const std::string& name, const std::string& text);
    void notice(bool ok, std::string text);

    Services& s_;
};

}  // namespace zx::client
