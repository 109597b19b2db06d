#pragma once
// A student's card for the study-tour day: what its QR code holds, and what a
// kiosk or a teacher's device makes of a scanned or typed code. USB and
// Bluetooth QR scanners type the code as keystrokes and press Enter, so a
// scan and a typed student number arrive the same way, as one line of text.
//
// The QR code holds "ZX1:S:<school id>:<student number>": the school, so a
// card of another school is told apart from a mistyped number, and the
// student's number in that school (users.student_no, set by roster import),
// never the account id, a name or anything else personal.
#include <optional>
#include <string>
#include <string_view>

namespace zx {

// The text of the card's QR code. Both parts must be valid_card_part().
std::string card_payload(std::string_view school_id, std::string_view student_no);

// A student number as it is stored and printed: 1-32 characters of [A-Z0-9-].
// Roster import stores parse_scanned_code(number)->student_no, so a number
// typed as "s2026 001" or in full-width forms is the same number.
bool valid_student_no(std::string_view no);

struct ScannedCode {
    std::string school_id;   // "" when the code was typed (a bare student number)
    std::string student_no;  // as stored (upper-cased letters, no spaces)
};
// What a scanned or typed line means: a card payload, or a bare student
// number (spaces around it and inside it ignored, letters upper-cased, full-
// width digits and letters folded). Nothing when it is neither.
std::optional<ScannedCode> parse_scanned_code(std::string_view line);

}  // namespace zx
