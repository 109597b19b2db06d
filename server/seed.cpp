#include "seed.hpp"

#include "sync_service.hpp"

#include "zx/demo_data.hpp"
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
        for (const auto& file_base : bases) {
            listed.insert(file_base.id);
            const auto current = repo::load(c, "bases", file_base.id);
            Base b = file_base;
            add_demo_details(b);
            json fields = b;  // the API's JSON form has exactly the model's field names
            fields.erase("id");
            fields["demo"] = true;
            // Ratings come from teachers and status and capacity from staff
            // and admins: a restart with the demo file must not undo them.
            // An existing base only takes the fields the file itself has.
            // (A base stored before these fields existed gets them once.)
            const bool has_details = current && current->fields.contains("grade_min") &&
                                     !current->fields.at("grade_min").is_null();
            if (has_details) {
                static const std::set<std::string> kFromFile{"name", "category", "level", "city", "district",
                                                             "address", "lat", "lon", "demo"};
                for (auto it = fields.begin(); it != fields.end();)
                    it = kFromFile.count(it.key()) ? std::next(it) : fields.erase(it);
            } else {
                fields.erase("rating");
                fields.erase("rating_count");
                fields.erase("rating_detail");
            }
            json changed = json::object();
            for (const auto& [k, v] : fields.items())
                if (!current || !current->fields.contains(k) || current->fields.at(k) != v) changed[k] = v;
            const bool revive = current && current->deleted;
            if (changed.empty() && !revive) continue;
            server_write(c, clock, "bases", file_base.id, changed, revive ? std::optional<bool>(false) : std::nullopt);
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
