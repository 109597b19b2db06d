#include "zx/sync/record_sql.hpp"

namespace zx::record_sql {

using nlohmann::json;

std::string select(const model::CollectionSpec& c) {
    std::string sql = "SELECT id, clocks, deleted, seq";
    for (const auto& f : c.fields) sql += ", " + std::string(f.name);
    return sql + " FROM " + std::string(c.name);
}

std::string upsert(const model::CollectionSpec& c) {
    std::string cols = "id, clocks, deleted, seq", vals = "?1, ?2, ?3, ?4", set;
    int i = 5;
    for (const auto& f : c.fields) {
        cols += ", " + std::string(f.name);
        vals += ", ?" + std::to_string(i++);
    }
    set = "clocks = excluded.clocks, deleted = excluded.deleted, seq = excluded.seq";
    for (const auto& f : c.fields) set += ", " + std::string(f.name) + " = excluded." + std::string(f.name);
    return "INSERT INTO " + std::string(c.name) + " (" + cols + ") VALUES (" + vals + ") ON CONFLICT(id) DO UPDATE SET " +
           set;
}

json params(const model::CollectionSpec& c, const sync::Record& r) {
    json p = json::array({r.id, json(r.clocks).dump(), r.deleted ? 1 : 0, r.seq});
    for (const auto& f : c.fields) {
        auto it = r.fields.find(f.name);
        if (it == r.fields.end() || it->is_null()) {
            p.push_back(nullptr);
        } else if (f.type == model::FieldType::json) {
            p.push_back(it->dump());
        } else if (f.type == model::FieldType::boolean) {
            p.push_back(it->is_boolean() ? (it->get<bool>() ? 1 : 0) : 0);
        } else {
            p.push_back(*it);
        }
    }
    return p;
}

sync::Record from_row(const model::CollectionSpec& c, const json& row) {
    sync::Record r;
    r.collection = std::string(c.name);
    r.id = row.at(0).get<std::string>();
    const auto clocks = json::parse(row.at(1).get<std::string>());
    for (const auto& [k, v] : clocks.items()) r.clocks[k] = v.get<std::string>();
    r.deleted = row.at(2).get<int64_t>() != 0;
    r.seq = row.at(3).get<int64_t>();
    size_t i = 4;
    for (const auto& f : c.fields) {
        const auto& v = row.at(i++);
        // Only fields that were ever written (have a clock) belong to the record.
        if (!r.clocks.count(std::string(f.name))) continue;
        if (v.is_null()) {
            r.fields[std::string(f.name)] = nullptr;
        } else if (f.type == model::FieldType::json) {
            r.fields[std::string(f.name)] = json::parse(v.get<std::string>(), nullptr, false);
        } else if (f.type == model::FieldType::boolean) {
            r.fields[std::string(f.name)] = v.get<int64_t>() != 0;
        } else if (f.type == model::FieldType::real) {
            r.fields[std::string(f.name)] = v.get<double>();
        } else {
            r.fields[std::string(f.name)] = v;
        }
    }
    return r;
}

}  // namespace zx::record_sql
