#pragma once
// The sync protocol: records, changes, how they merge, and the push/pull
// messages with their one JSON form. See docs/sync.md for the whole design.
//
// Merge rule (the same on server and clients, so every replica converges):
// each field of a record is a last-writer-wins register ordered by HLC; a
// change writes some fields of one record with one HLC, and a field takes the
// change's value only if the HLC is greater than the field's. Deletion is the
// field "_deleted". The merge is commutative and idempotent, so delivery order
// and duplicates do not matter.
#include "zx/core/problem.hpp"
#include "zx/sync/model.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zx::sync {

// Bumped when the wire format changes; the schema version is separate.
inline constexpr int kProtocolVersion = 1;

struct Record {
    std::string collection;
    std::string id;
    nlohmann::json fields = nlohmann::json::object();  // field -> value
    std::map<std::string, std::string> clocks;          // field -> HLC
    bool deleted = false;
    int64_t seq = 0;  // the server's sequence number of the last change

    bool operator==(const Record&) const = default;
};

struct Change {
    std::string id;  // client-generated, unique: a replayed change is a no-op
    std::string collection;
    std::string record;
    std::string hlc;
    nlohmann::json fields = nlohmann::json::object();
    // For body fields: the HLC of the version the edit started from. An edit
    // whose base is not the server's current version is concurrent, and the
    // server keeps both sides (see Conflict below).
    std::map<std::string, std::string> base;
    std::optional<bool> deleted;

    bool operator==(const Change&) const = default;
};

// A record with no field written yet.
Record empty_record(std::string collection, std::string id);

// Applies one field write; true if it won (hlc newer than the field's clock).
bool merge_field(Record& r, const std::string& field, const nlohmann::json& value, const std::string& hlc);
// Applies every field of `c` to `r` by the merge rule; returns the fields that won.
std::vector<std::string> apply(Record& r, const Change& c);
// Merges a record received from elsewhere (a pulled state) into `r`.
void merge_record(Record& r, const Record& remote);

// When a body field write arrives, what becomes of the other side.
struct BodyOutcome {
    bool concurrent = false;          // the writer had not seen the current value
    std::optional<std::string> loser;  // the value that lost LWW, to keep as a conflict
    std::string loser_hlc;
};
// Decides for one body field of `c` against the current record, before apply().
BodyOutcome body_outcome(const Record& current, const Change& c, const std::string& field);

// Checks a change against the model: known collection and fields, fields a
// client may write, value types and sizes, ids and HLC well formed. Returns
// the first problem (zx/core/problem.hpp), located at the change.
std::optional<Problem> validate_change(const Change& c);
// Converts a JSON value for `f` to what the store keeps (bool -> bool, json ->
// its text, ...); nothing if the type is wrong.
std::optional<nlohmann::json> normalize_value(const model::FieldSpec& f, const nlohmann::json& v);

// --- Wire messages (POST /api/v1/sync/push, /api/v1/sync/pull) -------------------
struct PushRequest {
    int schema_version = 0;
    std::string node;      // the replica's HLC node id
    std::string batch_id;  // replaying a batch returns its first answer
    std::vector<Change> changes;
};
struct Ack {
    std::string id;
    int64_t seq = 0;
};
struct PushResponse {
    std::vector<Ack> acks;
    std::string server_hlc;
};
struct PullRequest {
    int schema_version = 0;
    int64_t cursor = 0;
    std::string epoch;  // the entitlement epoch the client last synced under
    int limit = 500;
};
struct Removed {
    std::string collection;
    std::string id;
    bool operator==(const Removed&) const = default;
};
struct PullResponse {
    // The cursor the request carried. A replica applies an answer only if it
    // still stands at that cursor, so a late or duplicated answer is ignored.
    int64_t since = 0;
    std::vector<Record> records;  // visible records changed after the cursor
    std::vector<Removed> removed;  // records the user may no longer see
    int64_t cursor = 0;
    bool has_more = false;
    std::string epoch;
    bool reset = false;  // true: cursor restarted at 0; drop what is not re-sent
    std::string server_hlc;
};

inline constexpr int kMaxPullLimit = 2000;
inline constexpr size_t kMaxChangesPerPush = 2000;
// The largest push body the server reads (its request body limit), and the
// largest JSON text one change may have: any change then fits a batch on its
// own, with room for the envelope, so an outbox can always drain. Clients
// size batches by bytes under kMaxPushBytes.
inline constexpr size_t kMaxPushBytes = 1024 * 1024;
inline constexpr size_t kMaxChangeBytes = 768 * 1024;

// Strict readers: a wrong type, a missing field or an unknown key throws
// zx::ValidationError naming it (the server answers 400 with that message).
PushRequest parse_push(const nlohmann::json& j);
PullRequest parse_pull(const nlohmann::json& j);
Change parse_change(const nlohmann::json& j, size_t index);

nlohmann::json to_json(const Change& c);
nlohmann::json to_json(const Record& r);
nlohmann::json to_json(const PushRequest& r);
nlohmann::json to_json(const PushResponse& r);
nlohmann::json to_json(const PullRequest& r);
nlohmann::json to_json(const PullResponse& r);
// Readers for what the server sends (clients trust the shape less strictly).
Record record_from_json(const nlohmann::json& j);
PushResponse push_response_from_json(const nlohmann::json& j);
PullResponse pull_response_from_json(const nlohmann::json& j);

}  // namespace zx::sync
