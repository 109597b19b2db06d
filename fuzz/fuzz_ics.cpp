// Fuzz target: the iCalendar importer of the study timetable
// (zx::timetable::from_ics), run by the client on any .ics file a user picks.
//
// Provisional: written against main's importer so that the fuzz build has
// every format; the new importer's own target replaces this file.
//
// Checked beyond "no crash" (from_ics never throws): it reads the file both
// without a term and with one (odd/even weeks need a term), and what it
// returns is expanded over the term, as the timetable view does.
#include "decode.hpp"

#include "zx/space/timetable.hpp"

#include <cstddef>
#include <cstdint>

using namespace zx;
namespace tt = zx::timetable;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)tt::from_ics(text, nullptr);
    tt::Term term{"t1", "2026 autumn", {2026, 9, 1}, {2027, 1, 20}, {{2026, 10, 1}, {2026, 10, 2}}};
    const auto imported = tt::from_ics(text, &term);
    std::vector<Problem> problems;
    (void)tt::expand(imported.entries, &term, term.start, term.end, &problems);
    return 0;
}
