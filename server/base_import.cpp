#include "base_import.hpp"

#include "api_error.hpp"
#include "sync_service.hpp"

#include "zx/wire/api.hpp"
#include "zx/tours/base_io.hpp"
#include "zx/tours/base.hpp"
#include "zx/core/error.hpp"
#include "zx/sync/model.hpp"
#include "zx/sync/record_sql.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>

namespace zx::server {

using nlohmann::json;

namespace {

// Server-derived fields of a base: an import never writes them as given
// (contact: only the masked copy of the contact the row states, below).
const std::set<std::string>& derived_fields() {
    static const std::set<std::string> f{"rating", "rating_count", "rating_detail", "contact"};
    return f;
}

std::unordered_map<std::string, sync::Record> load_all(db::Connection& c, const char* collection) {
    const auto* spec = model::find_collection(collection);
    std::unordered_map<std::string, sync::Record> out;
    for (const auto& row : c.query(record_sql::select(*spec))) {
        auto r = record_sql::from_row(*spec, row);
        out.emplace(r.id, std::move(r));
    }
    return out;
}

// A text field of stored fields, "" when absent or null.
std::string text_of(const json& fields, const char* key) {
    const auto it = fields.find(key);
    return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Thrown after a dry run's writes so that the transaction rolls back.
struct DryRunDone {};

}  // namespace

std::string export_geojson(Store& store) {
    std::vector<Route> routes;
    std::vector<Base> bases = store.list_bases();
    store.read([&](db::Connection& c) {
        const auto* spec = model::find_collection("routes");
        for (const auto& row : c.query(record_sql::select(*spec) + " WHERE deleted = 0 ORDER BY id")) {
            const auto r = record_sql::from_row(*spec, row);
            try {
                routes.push_back(route_from_fields(r.id, r.fields));
            } catch (const std::exception&) {
                // a route a client stored in a shape we cannot export; the rest still goes out
            }
        }
    });
    return to_geojson(bases, routes);
}

api::ImportResult import_bases(Store& store, ServerClock& clock, const Principal& who, std::string_view body,
                               ImportFormat format, bool dry_run) {
    api::ImportResult answer;
    answer.dry_run = dry_run;
    try {
        store.write([&](db::Connection& c) {
            auto bases = load_all(c, "bases");
            ImportOptions opt;
            opt.max_bytes = kImportMaxBytes;
            for (const auto& [id, r] : bases)
                if (!r.deleted) opt.known_base_ids.insert(id);
            auto report = format == ImportFormat::geojson ? import_geojson(body, opt) : import_csv(body, opt);
            if (report.fatal) {
                // The file's problem as it is (its field and params), told
                // as the import's in the message.
                auto p = report.errors.at(0).problem;
                p.message = std::string(format == ImportFormat::geojson ? "GeoJSON" : "CSV") + " import: " + p.message;
                throw ApiError(400, api::code::bad_request, std::move(p));
            }

            const auto contacts = load_all(c, "base_contacts");
            for (size_t i = 0; i < report.bases.size(); ++i) {
                const Base& b = report.bases[i];
                json fields = b;
                fields.erase("id");
                for (const auto& k : derived_fields()) fields.erase(k);
                const std::set<std::string> stated(report.base_fields[i].begin(), report.base_fields[i].end());
                const auto cur = bases.find(b.id);
                const bool exists = cur != bases.end() && !cur->second.deleted;
                // A stated contact is the real one: it goes to base_contacts
                // (staff and admins only) and its masked copy to the base, as
                // when staff edit it (SyncService::apply_derived). One equal
                // to the stored masked copy is what an export handed out;
                // taking it would replace the real contact with stars.
                std::optional<std::string> contact;
                if (stated.count("contact") && !(exists && b.contact == text_of(cur->second.fields, "contact")))
                    contact = b.contact;
                if (contact) fields["contact"] = mask_contact(*contact);
                // Once the base row is written: its contact, where it changed.
                auto write_contact = [&] {
                    if (!contact) return;
                    const auto had = contacts.find(b.id);
                    const bool live = had != contacts.end() && !had->second.deleted;
                    if (live && text_of(had->second.fields, "contact") == *contact) return;
                    server_write(c, clock, "base_contacts", b.id, json{{"contact", *contact}},
                                 had != contacts.end() && had->second.deleted ? std::optional<bool>(false) : std::nullopt,
                                 who.user_id);
                    ++answer.contacts;
                };
                if (!exists) {
                    const bool revive = cur != bases.end();
                    server_write(c, clock, "bases", b.id, fields, revive ? std::optional<bool>(false) : std::nullopt,
                                 who.user_id);
                    ++answer.added;
                    write_contact();
                    continue;
                }
                json changed = json::object();
                json merged = cur->second.fields;
                for (const auto& [k, v] : fields.items()) {
                    if (!stated.count(k)) continue;
                    if (!merged.contains(k) || merged.at(k) != v) changed[k] = v;
                    merged[k] = v;
                }
                if (changed.empty()) {
                    ++answer.unchanged;
                    write_contact();
                    continue;
                }
                try {
                    base_from_fields(b.id, merged);
                } catch (const ValidationError& e) {
                    auto pr = located(e.problem(), "with the stored fields of base " + b.id);
                    report.errors.push_back({report.base_rows[i], b.id, pr.message, pr});
                    continue;
                }
                server_write(c, clock, "bases", b.id, changed, std::nullopt, who.user_id);
                ++answer.updated;
                write_contact();
            }
            const auto routes = load_all(c, "routes");
            for (const auto& r : report.routes) {
                const json fields{{"name", r.name}, {"description", r.description}, {"stops", stops_to_json(r.stops)}};
                const auto cur = routes.find(r.id);
                if (cur == routes.end() || cur->second.deleted) {
                    server_write(c, clock, "routes", r.id, fields,
                                 cur != routes.end() ? std::optional<bool>(false) : std::nullopt, who.user_id);
                    ++answer.routes;
                    continue;
                }
                json changed = json::object();
                for (const auto& [k, v] : fields.items())
                    if (!cur->second.fields.contains(k) || cur->second.fields.at(k) != v) changed[k] = v;
                if (changed.empty()) continue;
                server_write(c, clock, "routes", r.id, changed, std::nullopt, who.user_id);
                ++answer.routes;
            }

            std::stable_sort(report.errors.begin(), report.errors.end(),
                             [](const ImportError& a, const ImportError& b) { return a.row < b.row; });
            answer.rows = report.rows_seen;
            answer.errors = std::move(report.errors);
            if (dry_run) throw DryRunDone{};
        });
    } catch (const DryRunDone&) {
        // rolled back, as asked; `answer` says what a real import would have done
    }
    return answer;
}

}  // namespace zx::server
