#pragma once
// Class rosters, student cards and first sign-in on the wire: the roster
// import and its row-by-row report, the one-use ticket that opens a class's
// printable card page, and the first sign-in with the code from a card.
// Requests have a strict parse_* (the server's reader) and to_json (the
// client's writer); answers have to_json and a lenient from_json.
#include "zx/tours/base_io.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zx::api {

// POST /api/v1/classes/{id}/roster (the class's teachers): the roster file's
// text as read (zx/tours/roster.hpp says what it may hold). The same file
// may also be sent as the body itself with Content-Type: text/csv, which is
// how a file in another encoding reaches the server to be named.
struct RosterImportRequest {
    std::string csv;
};
RosterImportRequest parse_roster_import(const nlohmann::json& j);
void to_json(nlohmann::json& j, const RosterImportRequest& r);

// What the import did with one good row.
enum class RosterOutcome {
    created,    // a new student account, in the class, awaiting its first sign-in
    linked,     // an existing student of the school (same number, or the class's only member of that
                // name without one) put in the class or given the number
    unchanged,  // already in the class with that number: nothing written
};
std::string_view to_code(RosterOutcome o);
std::optional<RosterOutcome> roster_outcome_from_code(std::string_view code);

struct RosterStudent {
    size_t row = 0;  // the line of the file
    RosterOutcome outcome = RosterOutcome::created;
    std::string user_id;
    std::string name;        // the account's display name
    std::string student_no;  // as stored
    std::string username;    // to sign in with once the password is set
    // Created rows only: the first sign-in code (12 characters, shown once;
    // the server keeps a digest) and until when it works. Printing the
    // class's cards issues new codes for everyone still waiting.
    std::string first_code = {};
    int64_t first_code_expires_at = 0;
    bool operator==(const RosterStudent&) const = default;
};

// JSON: {"class_id","created","linked","unchanged","rows","dry_run",
// "students":[{"row","outcome","user_id","name","student_no","username",
// "first_code"?, "first_code_expires_at"?}], "errors":[as ImportResult's]}.
struct RosterImportResult {
    std::string class_id;
    int created = 0;
    int linked = 0;
    int unchanged = 0;
    size_t rows = 0;  // data rows read
    bool dry_run = false;
    std::vector<RosterStudent> students;  // the good rows, in file order
    std::vector<ImportError> errors;      // sorted by row; warnings refused nothing
    bool operator==(const RosterImportResult&) const = default;
};
void to_json(nlohmann::json& j, const RosterImportResult& r);
void from_json(const nlohmann::json& j, RosterImportResult& r);

// POST /api/v1/classes/{id}/card-tickets (the class's teachers): a one-use
// ticket for the class's printable card page, in the teacher's language.
struct CardTicketRequest {
    std::string lang = "zh-CN";  // "zh-CN" or "en"
};
CardTicketRequest parse_card_ticket_request(const nlohmann::json& j);
void to_json(nlohmann::json& j, const CardTicketRequest& r);

// The page is GET `path` (kCardsPagePath with the ticket): it needs no
// session, so a browser tab opens it, and works once, until `expires_at`.
// The session token never appears in a URL.
struct CardTicket {
    std::string path;
    int64_t expires_at = 0;  // ms since the epoch
    bool operator==(const CardTicket&) const = default;
};
void to_json(nlohmann::json& j, const CardTicket& t);
void from_json(const nlohmann::json& j, CardTicket& t);

// POST /api/v1/auth/first-sign-in: a student sets their password with the
// code from their card (once; the code then stops working) and is signed in
// (the answer is a Session).
struct FirstSignInRequest {
    std::string code;      // 12 characters, read case-insensitively (parse gives upper case)
    std::string password;  // the rules of validate_password
};
FirstSignInRequest parse_first_sign_in(const nlohmann::json& j);
void to_json(nlohmann::json& j, const FirstSignInRequest& r);

}  // namespace zx::api
