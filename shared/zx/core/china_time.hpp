#pragma once
// China's calendar day. Every timetable, due date and trip date in Zhixing is
// local to China, which keeps UTC+8 all year (one zone, no daylight saving),
// so "which day is it" is plain arithmetic on Unix milliseconds. This is the
// one place that arithmetic is written.
#include <cstdint>

namespace zx::china {

inline constexpr int64_t kDayMs = 86'400'000;
inline constexpr int64_t kOffsetMs = 8 * 3'600'000;  // UTC+8

// Days since 1970-01-01 of China's calendar day containing `ms`.
inline int64_t day_of(int64_t ms) {
    const int64_t local = ms + kOffsetMs;
    return local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
}
// The Unix time (ms) at which China's day number `day` begins.
inline int64_t day_start_ms(int64_t day) { return day * kDayMs - kOffsetMs; }
// Start of China's day containing `ms`.
inline int64_t midnight_before(int64_t ms) { return day_start_ms(day_of(ms)); }
// Minutes after China's midnight.
inline int minute_of_day(int64_t ms) { return static_cast<int>((ms - midnight_before(ms)) / 60'000); }

}  // namespace zx::china
