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

[[noreturn]] void bad(Problem p) { throw ValidationError(std::move(p)); }

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
            // SQLite keeps 64-bit signed integers; 2^63 and above would wrap.
            if (!strict::exact_integer<int64_t>(v)) return std::nullopt;
            return v;
        case model::FieldType::real:
            if (!v.is_number() || !std::isfinite(v.get<double>())) return std::nullopt;
            return json(v.get<double>());
        case model::FieldType::boolean:
            if (!v.is_boolean()) return std::nullopt;
            return v;
        case model::FieldType::json:
            // Kept as its JSON text in a TEXT column; any JSON value is fine.
            // Measured without serialising it: nothing is dumped before it
            // is known to fit.
            if (strict::text_size(v) > f.max_bytes) return std::nullopt;
            return v;
    }
    return std::nullopt;
}

std::optional<Problem> validate_change(const Change& c) {
    const auto where = "change " + c.id + " (" + c.collection + "/" + c.record + ")";
    auto at = [&](Problem p) { return located(std::move(p), where); };
    if (!model::valid_id(c.id))
        return problem(Code::not_an_id, "id", "change id \"{value}\" must be 1-64 characters of [A-Za-z0-9_-]",
                       {{"value", c.id.substr(0, 80)}});
    const auto* coll = model::find_collection(c.collection);
    if (!coll) return at(problem(Code::unknown_collection, "", "unknown collection \"{collection}\"", {{"collection", c.collection}}));
    if (!coll->client_writable)
        return at(problem(Code::server_only_collection, "", "collection \"{collection}\" is written by the server only",
                          {{"collection", c.collection}}));
    if (!model::valid_id(c.record))
        return at(problem(Code::not_an_id, "record", "record id must be 1-64 characters of [A-Za-z0-9_-]",
                          {{"value", c.record.substr(0, 80)}}));
    if (!hlc::parse(c.hlc))
        return at(problem(Code::not_a_clock, "hlc", "hlc \"{value}\" is not a hybrid logical clock", {{"value", c.hlc.substr(0, 80)}}));
    if (!c.fields.is_object()) return at(problem(Code::wrong_type, "fields", "fields must be an object", {{"expected", "object"}}));
    if (c.fields.empty() && !c.deleted) return at(problem(Code::no_fields, "", "writes no field"));
    for (const auto& [k, v] : c.fields.items()) {
        const auto* f = model::find_field(*coll, k);
        if (!f) return at(problem(Code::unknown_field, k, "unknown field \"{field}\"", {{"collection", c.collection}}));
        if (!f->client)
            return at(problem(Code::server_only_field, k, "field \"{field}\" is set by the server, not by clients",
                              {{"collection", c.collection}}));
        if (!normalize_value(*f, v)) {
            if (f->type == model::FieldType::integer && v.is_number_integer())
                return at(strict::bad_range<int64_t>(k, v).problem());
            const bool text_like = f->type == model::FieldType::text || f->type == model::FieldType::json;
            const bool size = text_like && (f->type == model::FieldType::json ? !v.is_null()
                                                                               : v.is_string());
            if (size)
                return at(problem(Code::too_long, k, "field \"{field}\" is longer than {max} bytes",
                                  {{"max", std::to_string(f->max_bytes)},
                                   {"size", std::to_string(f->type == model::FieldType::json ? strict::text_size(v)
                                                                                             : v.get_ref<const std::string&>().size())}}));
            return at(problem(Code::wrong_type, k, "field \"{field}\" has the wrong type (expected {expected})",
                              {{"expected", std::string(model::type_name(f->type))}}));
        }
    }
    for (const auto& [k, v] : c.base) {
        const auto* f = model::find_field(*coll, k);
        if (!f || f->merge != model::Merge::body)
            return at(problem(Code::base_not_body, k, "base given for \"{field}\", not a body field"));
        if (!c.fields.contains(k))
            return at(problem(Code::base_not_body, k, "base given for \"{field}\", which the change does not write"));
        if (!v.empty() && !hlc::parse(v))
            return at(problem(Code::not_a_clock, k, "base of \"{field}\" is not a hybrid logical clock", {{"value", v.substr(0, 80)}}));
    }
    // Last: each field is within its own limit by now, so this is bounded
    // too (measured, not serialised).
    if (const size_t size = strict::text_size(to_json(c)); size > kMaxChangeBytes)
        return at(problem(Code::change_too_large, "", "the change is {size_kb} KB, more than {max_kb} KB",
                          {{"size_kb", std::to_string((size + 1023) / 1024)}, {"max_kb", std::to_string(kMaxChangeBytes / 1024)}}));
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
        if (!it->is_object()) bad(problem(Code::wrong_type, what + ".fields", what + ": \"fields\" must be an object", {{"expected", "object"}}));
        c.fields = *it;
    }
    if (auto it = j.find("base"); it != j.end()) {
        if (!it->is_object()) bad(problem(Code::wrong_type, what + ".base", what + ": \"base\" must be an object", {{"expected", "object"}}));
        for (const auto& [k, v] : it->items()) {
            if (!v.is_string())
                bad(problem(Code::wrong_type, what + ".base." + k, what + ": base of \"" + k + "\" must be a string", {{"expected", "string"}}));
            c.base[k] = v.get<std::string>();
        }
    }
    if (j.contains("deleted")) c.deleted = get<bool>(j, "deleted", what);
    if (auto e = validate_change(c)) bad(located(*e, what));
    return c;
}

PushRequest parse_push(const json& j) {
    strict::object(j, {"schema_version", "node", "batch_id", "changes"}, "push request");
    PushRequest r;
    r.schema_version = get<int>(j, "schema_version", "push request");
    r.node = get<std::string>(j, "node", "push request");
    if (!hlc::valid_node(r.node))
        bad(problem(Code::not_an_id, "node", "push request: node \"{value}\" must be 1-32 characters of [A-Za-z0-9_-]",
                    {{"value", r.node.substr(0, 80)}}));
    r.batch_id = get<std::string>(j, "batch_id", "push request");
    if (!model::valid_id(r.batch_id))
        bad(problem(Code::not_an_id, "batch_id", "push request: batch_id must be 1-64 characters of [A-Za-z0-9_-]",
                    {{"value", r.batch_id.substr(0, 80)}}));
    const auto it = j.find("changes");
    if (it == j.end() || !it->is_array())
        bad(problem(Code::wrong_type, "changes", "push request: \"changes\" must be an array", {{"expected", "array"}}));
    if (it->size() > kMaxChangesPerPush)
        bad(problem(Code::too_many_changes, "changes", "push request: {count} changes exceed the limit of {max} per batch",
                    {{"count", std::to_string(it->size())}, {"max", std::to_string(kMaxChangesPerPush)}}));
    std::set<std::string> ids;
    for (size_t i = 0; i < it->size(); ++i) {
        r.changes.push_back(parse_change((*it)[i], i));
        if (!ids.insert(r.changes.back().id).second)
            bad(problem(Code::duplicate, "changes[" + std::to_string(i) + "].id",
                        "push request: change id \"{value}\" appears twice in one batch", {{"value", r.changes.back().id}}));
    }
    return r;
}

PullRequest parse_pull(const json& j) {
    strict::object(j, {"schema_version", "cursor", "epoch", "limit"}, "pull request");
    PullRequest r;
    r.schema_version = get<int>(j, "schema_version", "pull request");
    r.cursor = get<int64_t>(j, "cursor", "pull request");
    if (r.cursor < 0)
        bad(problem(Code::out_of_range, "cursor", "pull request: cursor must not be negative",
                    {{"value", std::to_string(r.cursor)}, {"min", "0"}, {"max", ""}}));
    r.epoch = get<std::string>(j, "epoch", "pull request", false);
    r.limit = get<int>(j, "limit", "pull request", false, 500);
    if (r.limit < 1 || r.limit > kMaxPullLimit)
        bad(problem(Code::out_of_range, "limit", "pull request: limit must be {min}-{max}",
                    {{"value", std::to_string(r.limit)}, {"min", "1"}, {"max", std::to_string(kMaxPullLimit)}}));
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

namespace {

// An integer of an answer: absent gives `fallback` (or, without one, the
// json::out_of_range of at()); a non-integer or a value out of int64_t's
// range is refused, never wrapped around.
int64_t answer_integer(const json& j, const char* key, std::optional<int64_t> fallback = std::nullopt) {
    const auto it = j.find(key);
    if (it == j.end()) {
        if (fallback) return *fallback;
        return j.at(key).get<int64_t>();  // throws: the key is missing
    }
    if (!it->is_number_integer()) throw strict::bad_type("answer", key, "integer");
    const auto v = strict::exact_integer<int64_t>(*it);
    if (!v) throw strict::bad_range<int64_t>(std::string("answer.") + key, *it);
    return *v;
}

}  // namespace

Record record_from_json(const json& j) {
    Record r;
    j.at("collection").get_to(r.collection);
    j.at("id").get_to(r.id);
    r.seq = answer_integer(j, "seq", 0);
    r.deleted = j.value("deleted", false);
    r.fields = j.at("fields");
    for (const auto& [k, v] : j.at("clocks").items()) r.clocks[k] = v.get<std::string>();
    return r;
}

PushResponse push_response_from_json(const json& j) {
    PushResponse r;
    for (const auto& a : j.at("acks")) r.acks.push_back({a.at("id").get<std::string>(), answer_integer(a, "seq")});
    r.server_hlc = j.value("server_hlc", "");
    return r;
}

PullResponse pull_response_from_json(const json& j) {
    PullResponse r;
    r.since = answer_integer(j, "since");
    for (const auto& rec : j.at("records")) r.records.push_back(record_from_json(rec));
    for (const auto& x : j.at("removed"))
        r.removed.push_back({x.at("collection").get<std::string>(), x.at("id").get<std::string>()});
    r.cursor = answer_integer(j, "cursor");
    r.has_more = j.at("has_more").get<bool>();
    r.epoch = j.value("epoch", "");
    r.reset = j.value("reset", false);
    r.server_hlc = j.value("server_hlc", "");
    return r;
}

}  // namespace zx::sync
