#pragma once
// Recurrence rules (RFC 5545 §3.3.10, RRULE) for the timetable's import
// (ics_import.cpp): the parts calendar applications write for lessons and
// school events, and the start of every occurrence. Internal to zx/space.
//
// Read: FREQ=DAILY|WEEKLY|MONTHLY|YEARLY, INTERVAL, COUNT, UNTIL, WKST,
// BYDAY of plain weekdays (DAILY, WEEKLY), and BYMONTHDAY / BYMONTH when
// they only repeat DTSTART's day and month (Outlook writes them so). Any
// other part is a problem naming it, never a guess.
#include "zx/space/ics_time.hpp"

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace zx::timetable::ics {

enum class Freq { daily, weekly, monthly, yearly };

struct Rule {
    Freq freq = Freq::weekly;
    int interval = 1;
    std::optional<int> count;
    std::optional<int64_t> until;  // the last start allowed, on DTSTART's clock (Stamp::local), inclusive
    std::vector<int> byday;        // 1 (Monday) - 7; empty: DTSTART's weekday (WEEKLY), every day (DAILY)
    int wkst = 1;                  // the first day of a week, for INTERVAL > 1 of WEEKLY
    bool bounded() const { return count || until; }
};

// The RRULE `p` of an event that starts at `start`, or the problem (with
// p's line).
std::variant<Rule, Problem> read_rule(const Property& p, const Stamp& start);

struct Starts {
    std::vector<int64_t> local;  // occurrence starts on DTSTART's clock, in order, DTSTART first
    bool ended = false;          // the rule itself ended (COUNT, UNTIL), not `stop` or `max`
    bool capped = false;         // stopped at `max` starts, before `stop`: what follows is unread
};
// The starts of `rule` from `start` on (DTSTART is always the first, as RFC
// 5545 says), none after `stop` (on DTSTART's clock) and at most `max`.
Starts starts(const Rule& rule, const Stamp& start, int64_t stop, size_t max);

}  // namespace zx::timetable::ics
