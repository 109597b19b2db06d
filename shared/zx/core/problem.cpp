#include "zx/core/problem.hpp"

#include "zx/core/format.hpp"

namespace zx {

std::string_view to_code(Code c) {
    switch (c) {
        case Code::required: return "required";
        case Code::too_long: return "too_long";
        case Code::too_short: return "too_short";
        case Code::too_many: return "too_many";
        case Code::wrong_type: return "wrong_type";
        case Code::out_of_range: return "out_of_range";
        case Code::not_a_date: return "not_a_date";
        case Code::not_a_time: return "not_a_time";
        case Code::not_a_number: return "not_a_number";
        case Code::not_an_id: return "not_an_id";
        case Code::not_a_link: return "not_a_link";
        case Code::unknown_value: return "unknown_value";
        case Code::duplicate: return "duplicate";
        case Code::ends_before_start: return "ends_before_start";
        case Code::malformed: return "malformed";
        case Code::unknown_key: return "unknown_key";
        case Code::unknown_collection: return "unknown_collection";
        case Code::server_only_collection: return "server_only_collection";
        case Code::unknown_field: return "unknown_field";
        case Code::server_only_field: return "server_only_field";
        case Code::no_fields: return "no_fields";
        case Code::not_a_clock: return "not_a_clock";
        case Code::base_not_body: return "base_not_body";
        case Code::too_many_changes: return "too_many_changes";
        case Code::clock_ahead: return "clock_ahead";
        case Code::schema_too_old: return "schema_too_old";
        case Code::schema_too_new: return "schema_too_new";
        case Code::store_newer: return "store_newer";
        case Code::username_chars: return "username_chars";
        case Code::bad_credentials: return "bad_credentials";
        case Code::username_taken: return "username_taken";
        case Code::sign_in_required: return "sign_in_required";
        case Code::session_expired: return "session_expired";
        case Code::session_invalid: return "session_invalid";
        case Code::role_required: return "role_required";
        case Code::unknown_class_code: return "unknown_class_code";
        case Code::unknown_guardian_code: return "unknown_guardian_code";
        case Code::not_found: return "not_found";
        case Code::not_allowed: return "not_allowed";
        case Code::conflict: return "conflict";
        case Code::weeks_need_term: return "weeks_need_term";
        case Code::weekly_needs_start: return "weekly_needs_start";
        case Code::one_off_needs_date: return "one_off_needs_date";
        case Code::rubric_line: return "rubric_line";
        case Code::ics_unsupported: return "ics_unsupported";
        case Code::ics_no_start: return "ics_no_start";
        case Code::calc_syntax: return "calc_syntax";
        case Code::calc_domain: return "calc_domain";
        case Code::note_too_long: return "note_too_long";
        case Code::base_delisted: return "base_delisted";
        case Code::base_suspended: return "base_suspended";
        case Code::base_not_open: return "base_not_open";
        case Code::base_closed_date: return "base_closed_date";
        case Code::base_closed_weekday: return "base_closed_weekday";
        case Code::stop_outside_hours: return "stop_outside_hours";
        case Code::trip_outside_hours: return "trip_outside_hours";
        case Code::trip_before_route: return "trip_before_route";
        case Code::trip_after_route: return "trip_after_route";
        case Code::trip_no_stops: return "trip_no_stops";
        case Code::trip_no_students: return "trip_no_students";
        case Code::route_unknown: return "route_unknown";
        case Code::route_and_bases: return "route_and_bases";
        case Code::stop_same_base: return "stop_same_base";
        case Code::stop_too_early: return "stop_too_early";
        case Code::reason_required: return "reason_required";
        case Code::position_outside: return "position_outside";
        case Code::position_swapped: return "position_swapped";
        case Code::already_rated: return "already_rated";
        case Code::trip_not_over: return "trip_not_over";
        case Code::count_: break;
    }
    return "malformed";
}

std::vector<Code> all_codes() { return {Code::required, Code::too_long, Code::too_short, Code::too_many, Code::wrong_type, Code::out_of_range, Code::not_a_date, Code::not_a_time, Code::not_a_number, Code::not_an_id, Code::not_a_link, Code::unknown_value, Code::duplicate, Code::ends_before_start, Code::malformed, Code::unknown_key, Code::unknown_collection, Code::server_only_collection, Code::unknown_field, Code::server_only_field, Code::no_fields, Code::not_a_clock, Code::base_not_body, Code::too_many_changes, Code::clock_ahead, Code::schema_too_old, Code::schema_too_new, Code::store_newer, Code::username_chars, Code::bad_credentials, Code::username_taken, Code::sign_in_required, Code::session_expired, Code::session_invalid, Code::role_required, Code::unknown_class_code, Code::unknown_guardian_code, Code::not_found, Code::not_allowed, Code::conflict, Code::weeks_need_term, Code::weekly_needs_start, Code::one_off_needs_date, Code::rubric_line, Code::ics_unsupported, Code::ics_no_start, Code::calc_syntax, Code::calc_domain, Code::note_too_long, Code::base_delisted, Code::base_suspended, Code::base_not_open, Code::base_closed_date, Code::base_closed_weekday, Code::stop_outside_hours, Code::trip_outside_hours, Code::trip_before_route, Code::trip_after_route, Code::trip_no_stops, Code::trip_no_students, Code::route_unknown, Code::route_and_bases, Code::stop_same_base, Code::stop_too_early, Code::reason_required, Code::position_outside, Code::position_swapped, Code::already_rated, Code::trip_not_over}; }

std::optional<Code> code_from_name(std::string_view name) {
    for (const Code c : all_codes())
        if (to_code(c) == name) return c;
    return std::nullopt;
}

std::string Problem::param(std::string_view name) const {
    for (const auto& [k, v] : params)
        if (k == name) return v;
    return {};
}

Problem problem(Code code, std::string field, std::string_view english,
                std::vector<std::pair<std::string, std::string>> params) {
    Problem p{code, std::move(field), std::move(params), {}};
    auto args = p.params;
    args.emplace_back("field", p.field);
    p.message = format(english, args);
    return p;
}

Problem located(Problem p, const std::string& where) {
    if (where.empty()) return p;
    p.field = p.field.empty() ? where : where + "." + p.field;
    p.message = where + ": " + p.message;
    return p;
}

}  // namespace zx
