// libFuzzer entry for the timetable's iCalendar import (zx/space/ics.hpp):
// any bytes, with and without a term, must return without crashing, hanging
// or reading out of bounds, and stay within the import's limits. Seeds:
// fuzz/corpus/ics (the fixtures of tests/unit/test_ics.cpp).
#include "zx/space/timetable.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // The term of tests/unit/test_ics.cpp: weekly rules take their other path.
    zx::timetable::Term term;
    term.id = "fuzz";
    term.start = {2026, 9, 1};
    term.end = {2026, 10, 31};
    term.holidays = {{2026, 10, 1}};
    const zx::timetable::Term* const terms[] = {nullptr, &term};
    for (const auto* t : terms) {
        const auto r = zx::timetable::from_ics(text, t);
        // The documented limits hold for every input.
        if (r.entries.size() > zx::timetable::kMaxEntries || r.problems.size() > zx::timetable::kMaxProblems) std::abort();
    }
    return 0;
}
