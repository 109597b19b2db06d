// Fuzz target: a pull request body (POST /api/v1/sync/pull), decoded as the
// server decodes it: strict JSON, then sync::parse_pull.
//
// Checked beyond "no crash": what parse_pull accepts is within the limits it
// promises (cursor not negative, limit 1..kMaxPullLimit), and reads back the
// same from its own JSON form.
#include "decode.hpp"

#include "zx/sync/sync.hpp"

#include <cstddef>
#include <cstdint>

using namespace zx;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    fuzz::decode_body(body, [](const nlohmann::json& j) {
        const auto pull = sync::parse_pull(j);
        fuzz::require(pull.cursor >= 0, "parse_pull accepted a negative cursor");
        fuzz::require(pull.limit >= 1 && pull.limit <= sync::kMaxPullLimit, "parse_pull accepted a limit out of range");
        const auto again = sync::parse_pull(sync::to_json(pull));
        fuzz::require(again.schema_version == pull.schema_version && again.cursor == pull.cursor &&
                          again.epoch == pull.epoch && again.limit == pull.limit,
                      "a pull request does not read back the same from its JSON");
    });
    return 0;
}
