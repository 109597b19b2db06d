#pragma once
// Dates, times, durations and time zones of iCalendar values, for the
// timetable's import (ics_import.cpp). Internal to zx/space.
//
// Every time zone the import accepts keeps one offset from UTC (China's +8
// all year, or any other fixed one), so a time is its wall-clock reading
// plus that offset, and converting to China time is one addition.
#include "zx/space/ics_syntax.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zx::timetable::ics {

inline constexpr int kChinaOffset = 8 * 60;  // minutes east of UTC

// A DATE or DATE-TIME value.
struct Stamp {
    int64_t local = 0;          // minutes since 1970-01-01 00:00 on the value's own clock
    int offset = kChinaOffset;  // that clock's minutes east of UTC (UTC: 0; floating times and dates: China's)
    bool date_only = false;     // a DATE: `local` is its midnight
    // The same moment in China time, minutes since 1970-01-01 00:00 there.
    int64_t china() const { return local - offset + kChinaOffset; }
};

// Days since 1970-01-01 of a minute count, rounding down.
int64_t day_of(int64_t minutes);

// The time zones a file can name: the well-known ones with a fixed offset,
// and those its VTIMEZONEs define with one.
class Zones {
public:
    explicit Zones(const std::vector<const Component*>& vtimezones);
    // Minutes east of UTC of `tzid`, or nothing when it has no one fixed
    // offset that this import knows of (a zone with daylight saving time).
    std::optional<int> offset(std::string_view tzid) const;

private:
    std::map<std::string, std::optional<int>, std::less<>> defined_;  // by the file's VTIMEZONEs
};

// One value of a DATE / DATE-TIME property ("20260907T080000",
// "20260907T000000Z", "20260907") in the zone its TZID names; `p` gives the
// line and field of a problem.
std::variant<Stamp, Problem> read_stamp(const Property& p, std::string_view value, const Zones& zones);
// DTSTART, DTEND, RECURRENCE-ID: one value.
std::variant<Stamp, Problem> read_stamp(const Property& p, const Zones& zones);
// EXDATE, RDATE: a comma-separated list of values.
std::variant<std::vector<Stamp>, Problem> read_stamps(const Property& p, const Zones& zones);

// An RFC 5545 §3.3.6 duration ("PT1H30M", "P1D", "P2W", "P1DT2H") in
// minutes (seconds round down); nothing when it is not one or is negative.
std::optional<int64_t> read_duration(std::string_view s);

}  // namespace zx::timetable::ics
