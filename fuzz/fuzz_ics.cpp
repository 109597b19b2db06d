// Fuzz target: the iCalendar importer of the study timetable
// (zx::timetable::from_ics, zx/space/ics.hpp), run by the client on any .ics
// file a person picks. Any bytes, with and without a term, must return
// without crashing, hanging or reading out of bounds, stay within the
// import's documented limits, and expand over the term as the timetable view
// does. Seeds: fuzz/corpus/ics (the fixtures of tests/unit/test_ics.cpp and
// exports of other calendars, one not in UTF-8).
#include "zx/space/timetable.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace tt = zx::timetable;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    tt::Term term;
    term.id = "fuzz";
    term.start = {2026, 9, 1};
    term.end = {2027, 1, 20};
    term.holidays = {{2026, 10, 1}, {2026, 10, 2}};
    const tt::Term* const terms[] = {nullptr, &term};
    for (const auto* t : terms) {
        const auto r = tt::from_ics(text, t);
        if (r.entries.size() > tt::kMaxEntries || r.problems.size() > tt::kMaxProblems) std::abort();
        if (t) {
            std::vector<zx::Problem> problems;
            (void)tt::expand(r.entries, t, t->start, t->end, &problems);
        }
    }
    return 0;
}
