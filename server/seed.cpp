#include "seed.hpp"

#include "sync_service.hpp"

#include "zx/error.hpp"

#include <set>

namespace zx::server {

using nlohmann::json;

SeedResult seed_demo_bases(Store& store, ServerClock& clock, const std::vector<Base>& bases) {
    for (const auto& b : bases)
        if (auto e = validate(b)) throw ValidationError("refusing to store base: " + *e);
    SeedResult result;
    store.write([&](db::Connection& c) {
        std::set<std::string> listed;
        for (const auto& b : bases) {
            listed.insert(b.id);
            json fields = b;  // the API's JSON form has exactly the model's field names
            fields.erase("id");
            fields["demo"] = true;
            const auto current = repo::load(c, "bases", b.id);
            json changed = json::object();
            for (const auto& [k, v] : fields.items())
                if (!current || !current->fields.contains(k) || current->fields.at(k) != v) changed[k] = v;
            const bool revive = current && current->deleted;
            if (changed.empty() && !revive) continue;
            server_write(c, clock, "bases", b.id, changed, revive ? std::optional<bool>(false) : std::nullopt);
            (current ? result.changed : result.added)++;
        }
        for (const auto& row : c.query("SELECT id FROM bases WHERE demo = 1 AND deleted = 0")) {
            const auto id = row[0].get<std::string>();
            if (listed.count(id)) continue;
            server_write(c, clock, "bases", id, json::object(), true);
            ++result.removed;
        }
    });
    return result;
}

}  // namespace zx::server
