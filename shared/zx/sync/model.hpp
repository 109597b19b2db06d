#pragma once
// The synced domain model: every collection, its fields, their types, and
// which of them a client may write. Server validation, the pull/push wire
// format and both local stores are driven by this one table; the SQL tables
// themselves are created by the migrations in schema.cpp, and a unit test
// checks the two agree.
//
// Each collection is one SQL table named after it, with the fields below as
// columns plus the sync columns: id, clocks (JSON: field -> HLC), deleted, seq.
#include <cstdint>
#include <span>
#include <string_view>

namespace zx::model {

enum class FieldType { text, integer, real, boolean, json };
// "text", "integer", "number", "boolean", "JSON": what a value of the type is called.
std::string_view type_name(FieldType t);

enum class Merge {
    scalar,  // last writer wins, by HLC
    body,    // last writer wins, but a concurrent edit is kept as a conflict
};

struct FieldSpec {
    std::string_view name;
    FieldType type;
    Merge merge = Merge::scalar;
    // False: set only by the server (owner, role, class links). A client that
    // sends it gets a 400 naming the field.
    bool client = true;
    uint32_t max_bytes = 1000;  // for text and json
};

struct CollectionSpec {
    std::string_view name;  // also the SQL table
    std::span<const FieldSpec> fields;
    // Whether clients create and edit records through sync push at all;
    // false for collections only server endpoints write (accounts, classes).
    bool client_writable = false;
};

std::span<const CollectionSpec> collections();
const CollectionSpec* find_collection(std::string_view name);
const FieldSpec* find_field(const CollectionSpec& c, std::string_view name);

// The pseudo-field that carries deletion (a tombstone is deleted = true).
inline constexpr std::string_view kDeletedField = "_deleted";

// Limits that bound one record on the wire and on disk.
inline constexpr uint32_t kMaxBodyBytes = 256 * 1024;  // one text body
inline constexpr uint32_t kMaxShortBytes = 200;        // titles, names, locations
inline constexpr size_t kMaxIdBytes = 64;

// Ids of records and changes: 1-64 characters of [A-Za-z0-9_-].
bool valid_id(std::string_view id);

}  // namespace zx::model
