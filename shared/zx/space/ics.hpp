#pragma once
// iCalendar (RFC 5545) export and import of the study timetable
// (zx/space/timetable.hpp, which includes this header).
//
// The timetable lives in China time (UTC+8, no daylight saving); the import
// converts what calendar applications export (Outlook, Google, Apple,
// DingTalk 钉钉, WeCom 企业微信) into it. How each part is read:
//  - Times: UTC ("...Z") and every time zone whose offset is fixed (the
//    Chinese IANA and Windows names, "(UTC+08:00) Beijing, ..." display
//    names, or any TZID whose VTIMEZONE in the file keeps one offset) are
//    converted to China time; floating times are China time. A time zone
//    that cannot be converted is a problem (Code::ics_time_zone) and skips
//    its event only.
//  - All-day events (VALUE=DATE, DTEND exclusive) become whole days
//    (0..1440, timetable::whole_day); an event over several days becomes one
//    entry per day. DURATION may stand for DTEND; with neither, a timed
//    event lasts 45 minutes (a lesson) and an all-day one a day.
//  - Repetition (RRULE DAILY/WEEKLY/MONTHLY/YEARLY with INTERVAL, BYDAY,
//    COUNT, UNTIL; EXDATE; RDATE; RECURRENCE-ID overrides): within a term, a
//    weekly rule whose occurrences are exactly what weekly entries give (on
//    all, odd or even weeks, leaving out the term's holidays) becomes those
//    weekly entries, one per weekday. Anything else that has an end (a rule
//    that stops mid-term, an exception on a school day, a daily rule) is
//    expanded into one-off entries, one per occurrence, at most
//    kMaxOccurrences; with a term, a rule without end is read within the
//    term. Without a term, only a weekly rule may repeat without end.
//  - Events with STATUS:CANCELLED are left out.
// Entry ids come from the event's UID (hashed when it is not a valid id), and
// for an expanded occurrence from its original date and time, so importing
// the same file twice gives the same ids; events without a UID take an id
// from their content.
#include "zx/core/problem.hpp"
#include "zx/space/timetable.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zx::timetable {

// Hard limits, so that a hostile or broken file costs bounded memory and
// time (every loop of the import is bounded by one of them):
// The most one-off entries one event may be expanded into.
inline constexpr size_t kMaxOccurrences = 400;
// A larger file is refused whole (Code::too_long, field "file"): a school
// year of lessons from Outlook is some 100 KB.
inline constexpr size_t kMaxFileBytes = 2 * 1024 * 1024;
// An unfolded content line longer than this is skipped with a problem
// (Code::too_long naming the property and its line).
inline constexpr size_t kMaxLineBytes = 64 * 1024;
// Events after this many are skipped with one problem (Code::too_many,
// field "VEVENT", at the first one skipped).
inline constexpr size_t kMaxEvents = 1000;
// Properties of one component after this many are skipped, with a problem.
inline constexpr size_t kMaxProperties = 500;
// Components nested deeper than this (VCALENDAR > VEVENT > VALARM is 3)
// are skipped whole, with a problem.
inline constexpr size_t kMaxDepth = 8;
// The most entries one import yields; events beyond are skipped with a
// problem (Code::too_many, field "entries").
inline constexpr size_t kMaxEntries = 5000;
// How many starts of one rule are followed to reach a term (a weekly rule
// begun 70 years before it, a daily one 10 years before); a rule that needs
// more is refused (Code::ics_too_many) rather than read in part.
inline constexpr size_t kScanLimit = 4000;
// The most problems one import reports; the rest are not kept.
inline constexpr size_t kMaxProblems = 200;

// An iCalendar file (CRLF lines, folded at 75 octets) with one VEVENT per
// entry: weekly entries as RRULE (INTERVAL=2 for odd/even weeks, UNTIL the
// term's end, EXDATE for holidays), all in TZID=Asia/Shanghai with its
// VTIMEZONE; whole-day entries as dates (VALUE=DATE). `now_ms` places weekly
// entries that have no term (from this week on) and stamps the file.
std::string to_ics(const std::vector<Entry>& entries, const Term* term, std::string_view calendar_name,
                   int64_t now_ms);

struct Import {
    std::vector<Entry> entries;
    // What could not be read, in the order of the file; each has a "line"
    // parameter where it has a line.
    std::vector<Problem> problems;
};
// Reads VEVENTs back (see above). With `term`, weekly events become entries
// of that term: every second week means odd or even weeks. Never throws, for
// any bytes at all (fuzz/fuzz_ics.cpp), and stays within the limits above.
Import from_ics(std::string_view text, const Term* term);

}  // namespace zx::timetable
