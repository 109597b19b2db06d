#pragma once
// The domain rules of synced records, run at both edges: a client runs
// check_change() before it writes an edit into its local store (so nothing
// invalid is ever called "saved"), and the server runs it before it commits a
// pushed change. On top of the model's rules for a change (known fields,
// types, sizes: sync::validate_change), a record must still make sense after
// the change: an activity has a title and real links, a timetable entry ends
// after it starts, a suspended base says why, a rating has 1-5 stars.
//
// Rules that need data only the server has (who leads a trip, whether a base
// was on it) stay in server/authz.cpp.
#include "zx/core/problem.hpp"
#include "zx/sync/sync.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace zx {

// The rules for `collection` on a record's fields as they would be after a
// write (absent fields as the record does not have them). Nothing for
// collections without domain rules.
std::optional<Problem> validate_record(std::string_view collection, const nlohmann::json& fields);

// Unless the change deletes the record, validate_record on `current` (the
// record's fields before, null when new) with the change's fields written
// over it; then validate_change(c).
std::optional<Problem> check_change(const sync::Change& c, const nlohmann::json& current);

}  // namespace zx
