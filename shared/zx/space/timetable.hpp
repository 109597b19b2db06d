#pragma once
// The study timetable (学习课表): terms, weekly lessons on all / odd / even
// weeks (单双周), one-off events and personal plans; their expansion into
// dated occurrences, clash detection, and iCalendar (RFC 5545) export and
// import. Times are local to Asia/Shanghai (UTC+8, no daylight saving), the
// time zone every timetable here lives in.
#include "zx/core/problem.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx::timetable {

struct Date {
    int y = 0, m = 0, d = 0;
    auto operator<=>(const Date&) const = default;
};

// Days since 1970-01-01 and back (proleptic Gregorian).
int64_t to_days(Date d);
Date from_days(int64_t days);
// 1 = Monday ... 7 = Sunday.
int weekday(Date d);
// A day of the calendar (2026-02-30 is not one) within 1900..2200.
bool real_date(Date d);
// "2026-09-01": a real date, or nothing (2026-02-30 is not one).
std::optional<Date> parse_date(std::string_view s);
// A date field as typed: the problem when it is not a real date (or when it
// is empty and `required`), else nothing.
std::optional<Problem> check_date(std::string_view field, std::string_view value, bool required);
std::string format(Date d);
// Today in China (UTC+8 all year, no daylight saving) for a Unix time in ms.
Date china_today(int64_t now_ms);
// "2026-12-01 09:30": a Unix time in ms as a date and time in China.
std::string format_date_time(int64_t ms);

// "08:30" <-> minutes after midnight (0..1440; "24:00" is the day's end).
std::optional<int> parse_hhmm(std::string_view s);
std::string format_hhmm(int minutes);

enum class Weeks { all, odd, even };
std::string_view weeks_code(Weeks w);  // "all" | "odd" | "even"
std::optional<Weeks> weeks_from_code(std::string_view s);

struct Term {
    std::string id;
    std::string name;
    Date start, end;             // inclusive
    std::vector<Date> holidays;  // days without lessons
};

struct Entry {
    std::string id;
    std::string title;
    std::string location;
    // Weekly entries: weekday 1-7 within the term (or, without a term, from
    // `date` on). One-off entries: `date` and weekday 0.
    int weekday = 0;
    // Minutes after midnight, local time. A whole day (an all-day event of a
    // calendar: a school sports day, an exam day) is 0..1440, nothing else:
    // see whole_day().
    int start_min = 0;
    int end_min = 0;
    Weeks weeks = Weeks::all;
    std::optional<Date> date;
    bool operator==(const Entry&) const = default;
};

struct Occurrence {
    std::string entry_id;
    std::string title;
    std::string location;
    Date date;
    int start_min = 0, end_min = 0;
    bool operator==(const Occurrence&) const = default;
};

// The day-long span 00:00-24:00, which is how an all-day event is kept. It
// has no hours: it clashes with nothing and is exported as a DATE (iCalendar
// VALUE=DATE), not as times.
constexpr int kDayMinutes = 24 * 60;
inline bool whole_day(int start_min, int end_min) { return start_min == 0 && end_min == kDayMinutes; }
inline bool whole_day(const Entry& e) { return whole_day(e.start_min, e.end_min); }
inline bool whole_day(const Occurrence& o) { return whole_day(o.start_min, o.end_min); }

// Teaching week of `d` in `t`: week 1 is the Monday-based week containing the
// term's first day.
int week_of_term(const Term& t, Date d);

// A message naming the problem with `e` (times out of order, an odd/even rule
// without a term, ...), or nothing if it is usable.
std::optional<Problem> validate(const Entry& e, const Term* term);

// Every occurrence of `entries` on days from..to (inclusive), by date and
// time. Weekly entries stay within the term (if any) and skip its holidays.
// Entries that fail validate() are left out and their messages appended to
// `problems`.
std::vector<Occurrence> expand(const std::vector<Entry>& entries, const Term* term, Date from, Date to,
                               std::vector<Problem>* problems = nullptr);

struct Clash {
    Occurrence a, b;
};
// Pairs of occurrences on the same day whose times overlap; whole-day
// occurrences (see whole_day) take no hours and so clash with nothing.
std::vector<Clash> clashes(const std::vector<Occurrence>& occurrences);

}  // namespace zx::timetable

// The iCalendar export and import (to_ics, from_ics) are part of this
// header's interface; they live in their own files.
#include "zx/space/ics.hpp"
