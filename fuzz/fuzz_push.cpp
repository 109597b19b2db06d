// Fuzz target: a push request body (POST /api/v1/sync/push), decoded as the
// server decodes it: strict JSON, sync::parse_push (which runs
// sync::validate_change on each change), then for each change what
// SyncService::push does with it before touching the store: the record rules
// (zx::check_change, on a new record), the body-field outcome and the merge
// into an empty record.
//
// Checked beyond "no crash": a request the server accepts reads back the same
// from its own JSON form (what a client sends is what the server stores).
#include "decode.hpp"

#include "zx/sync/sync.hpp"
#include "zx/wire/record_rules.hpp"

#include <cstddef>
#include <cstdint>

using namespace zx;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    fuzz::decode_body(body, [](const nlohmann::json& j) {
        const auto push = sync::parse_push(j);
        for (const auto& c : push.changes) {
            fuzz::require(!sync::validate_change(c), "parse_push accepted a change validate_change refuses");
            (void)check_change(c, nlohmann::json());
            auto record = sync::empty_record(c.collection, c.record);
            for (const auto& [field, value] : c.fields.items()) (void)sync::body_outcome(record, c, field);
            (void)sync::apply(record, c);
        }
        const auto again = sync::parse_push(sync::to_json(push));
        fuzz::require(again.schema_version == push.schema_version && again.node == push.node &&
                          again.batch_id == push.batch_id && again.changes == push.changes,
                      "a push request does not read back the same from its JSON");
    });
    return 0;
}
