#pragma once
// Class rosters and student cards over the API (routes_roster.cpp):
//   POST /api/v1/classes/{id}/roster        a roster file makes and links the class's students
//   POST /api/v1/classes/{id}/card-tickets  a one-use ticket for the class's card page
//   GET  /api/v1/cards/{ticket}             the printable cards (the ticket is the only key)
// Reading the file is shared/zx/tours/roster (the device ran it too); this
// stores what it yields through server_write, so the class's teachers and
// the students receive it by sync. Accounts and first sign-in codes are
// Accounts' (accounts.hpp).
//
// Who may: the class's teachers only. Another role is refused 403
// (role_required, or teacher_unverified for a teacher without a school), a
// teacher who does not teach the class 404 (not_found), as for its join code.
#include "accounts.hpp"
#include "authz.hpp"
#include "repo.hpp"
#include "store.hpp"

#include "zx/wire/roster.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace zx::server {

// Imports a roster into class `class_id` in one transaction. Each valid row
// is a student of the class's school, found or made:
//   - a student of the school with the row's number: put in the class if not
//     a member (linked), else nothing is written (unchanged); a different
//     name in the file is a warning (name_differs) and the account's stays;
//   - else the one student of the class with the row's name and no number
//     (who joined with the class code): given the number (linked);
//   - else a new account without a password, in the class, with a first
//     sign-in code (created; the code is in the answer).
// Rows the file gets wrong are reported and skipped, the others imported,
// as the bases' import does; a file that cannot be read at all is refused
// 400 with its problem and nothing is written. Importing the same file
// again writes nothing and reports every row unchanged. `dry_run` does
// everything but commit (and answers no codes: they would not work).
api::RosterImportResult import_roster(Store& store, ServerClock& clock, Accounts& accounts, const Principal& who,
                                      const std::string& class_id, std::string_view text, bool dry_run);

// A ticket for the card page of `class_id`, valid once for
// CodePolicy::card_ticket_ms; the server keeps its digest.
api::CardTicket issue_card_ticket(Store& store, ServerClock& clock, Accounts& accounts, const Principal& who,
                                  const std::string& class_id, const api::CardTicketRequest& request);

// The card page for `ticket`, which this uses up; nothing when the ticket is
// unknown, used or expired, or its teacher no longer teaches the class.
// Every student of the class without a password gets a new first sign-in
// code, printed on their card (the earlier ones stop working: only digests
// are kept, so a code can be printed only when it is made).
std::optional<std::string> cards_page(Store& store, ServerClock& clock, Accounts& accounts, const std::string& ticket);

}  // namespace zx::server
