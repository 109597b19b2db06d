#pragma once
// A problem with input, as data: a stable code, the field it is about and
// named parameters, plus an English message for API bodies and logs.
//
// Shared rules return Problems instead of prose so that each edge words them
// for its reader: the server puts code, field and params into its JSON error
// body (zx/wire/api.hpp) next to the English message; the clients translate
// the code through their translation table (client/i18n) and fill in the
// params. Nothing downstream ever parses a message.
//
// Codes are an enum so that a translation table built with a switch over
// them fails to compile when a code is added without a translation.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zx {

enum class Code {
    // --- Generic input rules (params in braces) ---------------------------------
    required,          // {field} must be given
    too_long,          // {field} longer than {max} bytes
    too_short,         // {field} shorter than {min} characters
    too_many,          // {field} has more than {max} items
    wrong_type,        // {field} must be {expected}
    out_of_range,      // {field}: {value} not within {min}..{max}
    not_a_date,        // {field}: {value} is not a date YYYY-MM-DD
    not_a_time,        // {field}: {value} is not a time HH:MM
    not_a_number,      // {field}: {value} is not a number
    not_an_id,         // {field}: {value} is not 1-64 of [A-Za-z0-9_-]
    not_a_link,        // {field}: {value} is not an http(s) URL
    unknown_value,     // {field}: {value} is not one of {allowed}
    duplicate,         // {field}: {value} appears twice
    ends_before_start, // {field}: ends ({end}) not after it starts ({start})
    malformed,         // {field}: {detail} (unreadable JSON, a syntax error)
    unknown_key,       // {field} has an unknown key {key}

    // --- Synced records (zx/sync) ------------------------------------------------
    unknown_collection,      // {collection}
    server_only_collection,  // {collection} is written by the server only
    unknown_field,           // {field} of {collection}
    server_only_field,       // {field} of {collection} is set by the server
    no_fields,               // a change that writes nothing
    not_a_clock,             // {field}: {value} is not a hybrid logical clock
    base_not_body,           // {field}: a base clock given for a non-body field
    too_many_changes,        // {count} changes, more than {max} per batch
    clock_ahead,             // the device clock is more than a day ahead
    schema_too_old,          // app schema {have} < server minimum {min}
    schema_too_new,          // app schema {have} > server {max}
    store_newer,             // local store schema {have} > this app's {max}

    // --- Accounts and classes --------------------------------------------------------
    username_chars,      // {field}: only a-z, 0-9, _ . -
    bad_credentials,     // wrong user name or password
    username_taken,      // {value}
    sign_in_required,    // the request needs a session
    session_expired,
    session_invalid,
    role_required,       // {action} needs role {role}
    unknown_class_code,  // {value}
    unknown_guardian_code,  // {value}

    // --- Access (the server) ------------------------------------------------------
    not_found,      // {collection}/{id} (or {what}) does not exist or is not visible
    not_allowed,    // {action}: the signed-in user may not do this
    conflict,       // {what} is already in use

    // --- Personal space ------------------------------------------------------------
    weeks_need_term,     // odd/even weeks without a term
    weekly_needs_start,  // a weekly entry without term or first date
    one_off_needs_date,
    rubric_line,         // {value}: not "criterion|max points"
    ics_unsupported,     // line {line}: {detail}
    ics_no_start,        // line {line}: an event without DTSTART
    calc_syntax,         // {detail}: the expression cannot be read
    calc_domain,         // {detail}: outside the function's domain
    note_too_long,       // {size_kb} KB > {max_kb} KB

    // --- Study tours ---------------------------------------------------------------
    base_delisted,        // {base}, {reason}
    base_suspended,       // {base}, {reason}
    base_not_open,        // {base} is {status} for now, {reason}
    base_closed_date,     // {base} closed on {date}
    base_closed_weekday,  // {base} closed on weekday {weekday}, {date} is one
    stop_outside_hours,   // stop {stop}: {arrive}-{leave} outside {base}'s {open}-{close}
    trip_outside_hours,   // {base} open {open}-{close}, not during {start}-{end}
    trip_before_route,    // trip starts {start} after the first stop {arrive}
    trip_after_route,     // trip ends {end} before the last stop is left {leave}
    trip_no_stops,
    trip_no_students,
    route_unknown,        // {value}
    route_and_bases,      // a plan both from a route and from bases
    stop_same_base,       // stop {stop}: {base} twice in a row
    stop_too_early,       // stop {stop}: arrives {arrive} before the {travel}-minute leg from {leave}
    reason_required,      // suspending or delisting needs a reason
    position_outside,     // {lat},{lon} outside {region}
    position_swapped,     // {lat},{lon} looks swapped
    already_rated,        // {base} on trip {trip}
    trip_not_over,        // trip {trip} on {date} has not happened yet

    count_  // not a code: how many there are
};

// The stable snake_case name of a code ("too_long"), as sent on the wire.
std::string_view to_code(Code c);
std::optional<Code> code_from_name(std::string_view name);
// Every code, in declaration order (for tests that check translations).
std::vector<Code> all_codes();

struct Problem {
    Code code = Code::malformed;
    std::string field;  // what it is about: "title", "changes[3]", "stop 2"; may be empty
    std::vector<std::pair<std::string, std::string>> params;
    std::string message;  // English, complete

    // The value of a named parameter, "" when absent.
    std::string param(std::string_view name) const;
    bool operator==(const Problem&) const = default;
};

// Builds a problem; `english` is a format() template that may use {field}
// and every parameter.
Problem problem(Code code, std::string field, std::string_view english,
                std::vector<std::pair<std::string, std::string>> params = {});

// Prefixes the field and the message with where the problem is ("stop 2",
// "changes[3]"), keeping code and params.
Problem located(Problem p, const std::string& where);

}  // namespace zx
