#include "zx/sync/sync.hpp"

#include "zx/core/error.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/core/strict_json.hpp"

#include <cmath>
#include <set>

namespace zx::sync {

using nlohmann::json;

namespace {

std::string clock_of(const Record& r, const std::string& field) {
    auto it = r.clocks.find(field);
    return it == r.clocks.end() ? std::string() : it->second;
}

[[noreturn]] void bad(const std::string& msg) { throw ValidationError(msg); }

using strict::get;

}  // namespace

Record empty_record(std::string collection, std::string id) {
    Record r;
    r.collection = std::move(collection);
    r.id = std::move(id);
    return r;
}

bool merge_field(Record& r, const std::string& field, const json& value, const std::string& hlc) {
    const auto current = clock_of(r, field);
    if (!current.empty() && hlc <= current) return false;
    r.clocks[field] = hlc;
    if (field == model::kDeletedField)
        r.deleted = value.is_boolean() && value.get<bool>();
    else
        r.fields[field] = value;
    return true;
}

std::vector<std::string> apply(Record& r, const Change& c) {
    std::vector<std::string> won;
    for (const auto& [k, v] : c.fields.items())
        if (merge_field(r, k, v, c.hlc)) won.push_back(k);
    if (c.deleted && merge_field(r, std::string(model::kDeletedField), *c.deleted, c.hlc))
        won.emplace_back(model::kDeletedField);
    return won;
}

void merge_record(Record& r, const Record& remote) {
    for (const auto& [field, hlc] : remote.clocks) {
        if (field == model::kDeletedField) {
            merge_field(r, field, remote.deleted, hlc);
        } else if (auto it = remote.fields.find(field); it != remote.fields.end()) {
            merge_field(r, field, *it, hlc);
        }
    }
    r.seq = std::max(r.seq, remote.seq);
}

BodyOutcome body_outcome(const Record& current, const Change& c, const std::string& field) {
    BodyOutcome out;
    const auto cur = clock_of(current, field);
    auto bit = c.base.find(field);
    const std::string base = bit == c.base.end() ? std::string() : bit->second;
    if (cur.empty() || base == cur || c.hlc == cur) return out;  // sequential, or a replay
    out.concurrent = true;
    const auto cur_value = current.fields.find(field);
    const json incoming = c.fields.at(field);
    if (cur_value != current.fields.end() && *cur_value == incoming) return out;  // both wrote the same text
    if (c.hlc > cur) {
        if (cur_value != current.fields.end() && cur_value->is_string()) {
            out.loser = cur_value->get<std::string>();
            out.loser_hlc = cur;
        }
    } else if (incoming.is_string()) {
        out.loser = incoming.get<std::string>();
        out.loser_hlc = c.hlc;
    }
    return out;
}

std::optional<json> normalize_value(const model::FieldSpec& f, const json& v) {
    if (v.is_null()) return json(nullptr);  // clearing a field is always allowed
    switch (f.type) {
        case model::FieldType::text:
            if (!v.is_string() || v.get_ref<const std::string&>().size() > f.max_bytes) return std::nullopt;
            return v;
        case model::FieldType::integer:
            if (!v.is_number_integer()) return std::nullopt;
            return v;
        case model::FieldType::real:
            if (!v.is_number() || !std::isfinite(v.get<double>())) return std::nullopt;
            return json(v.get<double>());
        case model::FieldType::boolean:
            if (!v.is_boolean()) return std::nullopt;
            return v;
        case model::FieldType::json: {
            // Kept as its JSON text in a TEXT column; any JSON value is fine.
            const auto text = v.dump();
            if (text.size() > f.max_bytes) return std::nullopt;
            return v;
        }
    }
    return std::nullopt;
}

std::optional<std::string> validate_change(const Change& c) {
    const auto where = "change " + c.id + " (" + c.collection + "/" + c.record + ")";
    if (!model::valid_id(c.id)) return "change id \"" + c.id + "\" must be 1-64 characters of [A-Za-z0-9_-]";
    const auto* coll = model::find_collection(c.collection);
    if (!coll) return where + ": unknown collection \"" + c.collection + "\"";
    if (!coll->client_writable) return where + ": collection \"" + c.collection + "\" is written by the server only";
    if (!model::valid_id(c.record)) return where + ": record id must be 1-64 characters of [A-Za-z0-9_-]";
    if (!hlc::parse(c.hlc)) return where + ": hlc \"" + c.hlc + "\" is not a hybrid logical clock";
    if (!c.fields.is_object()) return where + ": fields must be an object";
    if (c.fields.empty() && !c.deleted) return where + ": writes no field";
    for (const auto& [k, v] : c.fields.items()) {
        const auto* f = model::find_field(*coll, k);
        if (!f) return where + ": unknown field \"" + k + "\"";
        if (!f->client) return where + ": field \"" + k + "\" is set by the server, not by clients";
        if (!normalize_value(*f, v))
            return where + ": field \"" + k + "\" has the wrong type or exceeds " + std::to_string(f->max_bytes) +
                   " bytes";
    }
    for (const auto& [k, v] : c.base) {
        const auto* f = model::find_field(*coll, k);
        if (!f || f->merge != model::Merge::body) return where + ": base given for \"" + k + "\", not a body field";
        if (!c.fields.contains(k)) return where + ": base given for \"" + k + "\", which the change does not write";
        if (!v.empty() && !hlc::parse(v)) return where + ": base of \"" + k + "\" is not a hybrid logical clock";
    }
    return std::nullopt;
}

// --- JSON -------------------------------------------------------------------

Change parse_change(const json& j, size_t index) {
    const auto what = "changes[" + std::to_string(index) + "]";
    strict::object(j, {"id", "collection", "record", "hlc", "fields", "base", "deleted"}, what);
    Change c;
    c.id = get<std::string>(j, "id", what);
    c.collection = get<std::string>(j, "collection", what);
    c.record = get<std::string>(j, "record", what);
    c.hlc = get<std::string>(j, "hlc", what);
    if (auto it = j.find("fields"); it != j.end()) {
        if (!it->is_object()) bad(what + ": \"fields\" must be an object");
        c.fields = *it;
    }
    if (auto it = j.find("base"); it != j.end()) {
        if (!it->is_object()) bad(what + ": \"base\" must be an object");
        for (const auto& [k, v] : it->items()) {
            if (!v.is_string()) bad(what + ": base of \"" + k + "\" must be a string");
            c.base[k] = v.get<std::string>();
        }
    }
    if (j.contains("deleted")) c.deleted = get<bool>(j, "deleted", what);
    if (auto e = validate_change(c)) bad(what + ": " + *e);
    return c;
}

PushRequest parse_push(const json& j) {
    strict::object(j, {"schema_version", "node", "batch_id", "changes"}, "push request");
    PushRequest r;
    r.schema_version = get<int>(j, "schema_version", "push request");
    r.node = get<std::string>(j, "node", "push request");
    if (!hlc::valid_node(r.node)) bad("push request: node \"" + r.node + "\" must be 1-32 characters of [A-Za-z0-9_-]");
    r.batch_id = get<std::string>(j, "batch_id", "push request");
    if (!model::valid_id(r.batch_id)) bad("push request: batch_id must be 1-64 characters of [A-Za-z0-9_-]");
    const auto it = j.find("changes");
    if (it == j.end() || !it->is_array()) bad("push request: \"changes\" must be an array");
    if (it->size() > kMaxChangesPerPush)
        bad("push request: " + std::to_string(it->size()) + " changes exceed the limit of " +
            std::to_string(kMaxChangesPerPush) + " per batch");
    std::set<std::string> ids;
    for (size_t i = 0; i < it->size(); ++i) {
        r.changes.push_back(parse_change((*it)[i], i));
        if (!ids.insert(r.changes.back().id).second)
            bad("push request: change id \"" + r.changes.back().id + "\" appears twice in one batch");
    }
    return r;
}

PullRequest parse_pull(const json& j) {
    strict::object(j, {"schema_version", "cursor", "epoch", "limit"}, "pull request");
    PullRequest r;
    r.schema_version = get<int>(j, "schema_version", "pull request");
    r.cursor = get<int64_t>(j, "cursor", "pull request");
    if (r.cursor < 0) bad("pull request: cursor must not be negative");
    r.epoch = get<std::string>(j, "epoch", "pull request", false);
    r.limit = get<int>(j, "limit", "pull request", false, 500);
    if (r.limit < 1 || r.limit > kMaxPullLimit)
        bad("pull request: limit must be 1-" + std::to_string(kMaxPullLimit));
    return r;
}

json to_json(const Change& c) {
    json j{{"id", c.id}, {"collection", c.collection}, {"record", c.record}, {"hlc", c.hlc}, {"fields", c.fields}};
    if (!c.base.empty()) j["base"] = c.base;
    if (c.deleted) j["deleted"] = *c.deleted;
    return j;
}

json to_json(const Record& r) {
    return json{{"collection", r.collection}, {"id", r.id},           {"seq", r.seq},
                {"deleted", r.deleted},       {"fields", r.fields},   {"clocks", r.clocks}};
}

json to_json(const PushRequest& r) {
    json changes = json::array();
    for (const auto& c : r.changes) changes.push_back(to_json(c));
    return json{{"schema_version", r.schema_version}, {"node", r.node}, {"batch_id", r.batch_id}, {"changes", changes}};
}

json to_json(const PushResponse& r) {
    json acks = json::array();
    for (const auto& a : r.acks) acks.push_back({{"id", a.id}, {"seq", a.seq}});
    return json{{"acks", acks}, {"server_hlc", r.server_hlc}};
}

json to_json(const PullRequest& r) {
    return json{{"schema_version", r.schema_version}, {"cursor", r.cursor}, {"epoch", r.epoch}, {"limit", r.limit}};
}

json to_json(const PullResponse& r) {
    json records = json::array();
    for (const auto& rec : r.records) records.push_back(to_json(rec));
    json removed = json::array();
    for (const auto& x : r.removed) removed.push_back({{"collection", x.collection}, {"id", x.id}});
    return json{{"since", r.since}, {"records", records}, {"removed", removed}, {"cursor", r.cursor},
                {"has_more", r.has_more}, {"epoch", r.epoch}, {"reset", r.reset},
                {"server_hlc", r.server_hlc}};
}

Record record_from_json(const json& j) {
    Record r;
    j.at("collection").get_to(r.collection);
    j.at("id").get_to(r.id);
    r.seq = j.value("seq", int64_t{0});
    r.deleted = j.value("deleted", false);
    r.fields = j.at("fields");
    for (const auto& [k, v] : j.at("clocks").items()) r.clocks[k] = v.get<std::string>();
    return r;
}

PushResponse push_response_from_json(const json& j) {
    PushResponse r;
    for (const auto& a : j.at("acks")) r.acks.push_back({a.at("id").get<std::string>(), a.at("seq").get<int64_t>()});
    r.server_hlc = j.value("server_hlc", "");
    return r;
}

PullResponse pull_response_from_json(const json& j) {
    PullResponse r;
    r.since = j.at("since").get<int64_t>();
    for (const auto& rec : j.at("records")) r.records.push_back(record_from_json(rec));
    for (const auto& x : j.at("removed"))
        r.removed.push_back({x.at("collection").get<std::string>(), x.at("id").get<std::string>()});
    r.cursor = j.at("cursor").get<int64_t>();
    r.has_more = j.at("has_more").get<bool>();
    r.epoch = j.value("epoch", "");
    r.reset = j.value("reset", false);
    r.server_hlc = j.value("server_hlc", "");
    return r;
}

}  // namespace zx::sync
