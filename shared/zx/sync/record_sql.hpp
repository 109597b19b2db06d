#pragma once
// SQL for reading and writing synced records, generated from the model, so the
// server and both clients' stores read and write records the same way. Rows
// travel as JSON arrays (the web store answers in JSON; native code converts).
#include "zx/sync/model.hpp"
#include "zx/sync/sync.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace zx::record_sql {

// "SELECT id, clocks, deleted, seq, <fields...> FROM <table>" (add a WHERE).
std::string select(const model::CollectionSpec& c);
// Insert-or-replace of one whole record; parameters from params().
std::string upsert(const model::CollectionSpec& c);
nlohmann::json params(const model::CollectionSpec& c, const sync::Record& r);
// A row of select() back into a record; throws nlohmann::json errors on a
// malformed row.
sync::Record from_row(const model::CollectionSpec& c, const nlohmann::json& row);

}  // namespace zx::record_sql
