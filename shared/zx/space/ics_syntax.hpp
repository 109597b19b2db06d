#pragma once
// The syntax of iCalendar (RFC 5545 §3.1), for the timetable's import
// (ics_import.cpp): content lines unfolded, split into name, parameters and
// value, and nested into components. Internal to zx/space.
#include "zx/core/problem.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zx::timetable::ics {

struct Property {
    std::string name;  // upper case: "DTSTART"
    // Parameter names upper case, values without their quotes:
    // TZID="China Standard Time" -> {"TZID", "China Standard Time"}.
    std::vector<std::pair<std::string, std::string>> params;
    std::string value;  // as written (TEXT values still escaped: see unescape_text)
    size_t line = 0;    // where it starts in the file, from 1

    // The value of parameter `name` (upper case), "" when absent.
    std::string param(std::string_view name) const;
};

struct Component {
    std::string name;  // upper case: "VEVENT"
    size_t line = 0;   // of its BEGIN
    std::vector<Property> props;
    std::vector<Component> children;

    // The first property called `name`, or null.
    const Property* find(std::string_view name) const;
    // Every property called `name`, in file order.
    std::vector<const Property*> all(std::string_view name) const;
};

struct Parsed {
    bool calendar = false;         // a BEGIN:VCALENDAR was seen
    std::vector<Component> roots;  // top-level components, VCALENDARs as a rule
    // Lines that are not properties (inside an event) and events without
    // their END:VEVENT (they are dropped).
    std::vector<Problem> problems;
};

// Reads UTF-8 text (with or without a byte-order mark, CRLF or LF lines).
// Lines starting with a space or tab continue the one before. A component
// that is not closed ends where a component of the same name begins or
// where an enclosing one ends.
Parsed parse(std::string_view text);

// RFC 5545 weekday codes: 1 (Monday) -> "MO" ... 7 -> "SU"; and back (0
// for anything else).
std::string_view day_code(int weekday);
int weekday_of_code(std::string_view code);

// TEXT values: "\n" or "\N" is a line break, "\\", "\;", "\," the character.
std::string unescape_text(std::string_view s);

// A problem of the file at a line: the line is a parameter (clients say
// "第 12 行" or "line 12" before the problem) and leads the English message.
Problem at_line(size_t line, Problem p);

}  // namespace zx::timetable::ics
