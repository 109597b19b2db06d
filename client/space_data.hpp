#pragma once
// Records of the personal space turned into what the shared rules work on.
#include "sync/replica.hpp"

#include "zx/space/timetable.hpp"

#include <optional>
#include <string>
#include <vector>

namespace zx::client {

// The term and timetable entries that apply to the signed-in user: with a
// class id, that class's term; otherwise a class term if any, else their own.
struct TimetableData {
    std::optional<timetable::Term> term;
    std::vector<timetable::Entry> entries;
};
TimetableData timetable_data(const Replica& data, const std::string& class_id);

}  // namespace zx::client
