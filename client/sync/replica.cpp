#include "sync/replica.hpp"

#include "zx/sync/fields.hpp"
#include "zx/sync/model.hpp"
#include "zx/wire/record_rules.hpp"
#include "zx/sync/record_sql.hpp"
#include "zx/sync/schema.hpp"
#include "zx/text/text.hpp"

#include <algorithm>

namespace zx::client {

using nlohmann::json;

namespace {
constexpr const char* kMetaNode = "node";
constexpr const char* kMetaClock = "clock";
constexpr const char* kMetaCursor = "cursor";
constexpr const char* kMetaEpoch = "epoch";
constexpr const char* kMetaSynced = "synced";

DbStatement put_meta(const char* key, const std::string& value) {
    return {"INSERT INTO client_meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            json::array({key, value})};
}
}  // namespace

Statements Replica::load_queries() {
    Statements q;
    for (const auto& spec : model::collections()) q.push_back({record_sql::select(spec)});
    q.push_back({"SELECT body FROM outbox ORDER BY pos"});
    q.push_back({"SELECT change_id, body, error, at FROM outbox_rejected ORDER BY at, change_id"});
    q.push_back({"SELECT key, value FROM client_meta"});
    return q;
}

Statements Replica::load(const std::vector<json>& sets, const std::string& random_node) {
    records_.clear();
    outbox_.clear();
    size_t i = 0;
    for (const auto& spec : model::collections()) {
        auto& bucket = records_[std::string(spec.name)];
        ++revisions_[std::string(spec.name)];
        for (const auto& row : sets.at(i)) {
            auto r = record_sql::from_row(spec, row);
            bucket[r.id] = std::move(r);
        }
        ++i;
    }
    unreadable_ = 0;
    for (const auto& row : sets.at(i++)) {
        try {
            outbox_.push_back(sync::parse_change(json::parse(row[0].get<std::string>()), 0));
        } catch (const std::exception&) {
            ++unreadable_;  // unreadable by this version: kept on disk, counted, never sent
        }
    }
    refused_.clear();
    ++refused_revision_;
    for (const auto& row : sets.at(i++)) {
        RefusedChange r;
        try {
            r.change = sync::parse_change(json::parse(row[1].get<std::string>()), 0);
        } catch (const std::exception&) {
            ++unreadable_;
            continue;
        }
        r.at = row[3].get<int64_t>();
        // Written as {"error": api::Error, "reverted": bool}. Stores of
        // earlier versions hold the message alone, and never reverted.
        const auto& text = row[2].get_ref<const std::string&>();
        const auto j = json::parse(text, nullptr, false);
        if (j.is_object() && j.contains("error")) {
            try {
                r.error = j.at("error").get<api::Error>();
            } catch (const std::exception&) {
                r.error.message = text;
            }
            r.reverted = j.value("reverted", false);
        } else {
            r.error.message = text;
        }
        refused_.push_back(std::move(r));
    }
    std::map<std::string, std::string> meta;
    for (const auto& row : sets.at(i++)) meta[row[0].get<std::string>()] = row[1].get<std::string>();

    Statements out;
    std::string node = meta[kMetaNode];
    if (node.empty()) {
        node = random_node;
        out.push_back(put_meta(kMetaNode, node));
    }
    clock_ = hlc::Clock(node, meta.count(kMetaClock) ? std::stoull(meta[kMetaClock]) : 0);
    cursor_ = meta.count(kMetaCursor) ? std::stoll(meta[kMetaCursor]) : 0;
    epoch_ = meta[kMetaEpoch];
    synced_once_ = meta[kMetaSynced] == "1";
    return out;
}

namespace {
// The device's full-text index of notes follows the notes in the same
// transaction, so search never sees a note that is not stored (or misses one).
//
// Index rows are found by rowid, through note_search_keys (note id -> a
// stable integer): FTS5 cannot look up an UNINDEXED column, so deleting by
// note id would scan the whole index on every save.
constexpr const char* kKeyOf = "(SELECT id FROM note_search_keys WHERE note_id = ?1)";

void unindex_note(Statements& out, const std::string& id) {
    out.push_back({std::string("DELETE FROM note_search WHERE rowid = ") + kKeyOf, json::array({id})});
    out.push_back({"DELETE FROM note_search_keys WHERE note_id = ?1", json::array({id})});
}

void index_note(Statements& out, const sync::Record& r) {
    if (r.deleted) return unindex_note(out, r.id);
    auto text_of = [&](const char* f) { return fields::text(r.fields, f); };
    out.push_back({"INSERT INTO note_search_keys (note_id) VALUES (?1) ON CONFLICT (note_id) DO NOTHING",
                   json::array({r.id})});
    out.push_back({std::string("DELETE FROM note_search WHERE rowid = ") + kKeyOf, json::array({r.id})});
    out.push_back({std::string("INSERT INTO note_search (rowid, title, body) VALUES (") + kKeyOf + ", ?2, ?3)",
                   json::array({r.id, text::index_tokens(text_of("title")), text::index_tokens(text_of("body"))})});
}
}  // namespace

Statements Replica::index_statements(const sync::Record& r) {
    Statements out;
    if (r.collection == "notes") index_note(out, r);
    return out;
}

std::optional<DbStatement> Replica::search_statement(const std::string& query, size_t limit, size_t rank_window) {
    const auto expr = text::match_expression(query);
    if (expr.empty()) return std::nullopt;
    // bm25 weights: title x4, body x1. Lower is better. Ranking costs about a
    // microsecond per matching note, so a one-character query that matches
    // half of 100,000 notes would spend 50 ms ranking. Only the newest
    // `rank_window` matches (highest rowid = indexed last) are ranked: for
    // such broad queries recency is the better order anyway, and the cost stays
    // bounded. FTS5 walks rowids in descending order natively, so finding the
    // window's lower bound is cheap.
    return DbStatement{
        "SELECT k.note_id, s.r FROM (SELECT rowid, bm25(note_search, 4.0, 1.0) AS r FROM note_search "
        "WHERE note_search MATCH ?1 AND rowid >= coalesce((SELECT rowid FROM note_search WHERE note_search "
        "MATCH ?1 ORDER BY rowid DESC LIMIT 1 OFFSET ?3), 0) ORDER BY r LIMIT ?2) s "
        "JOIN note_search_keys k ON k.id = s.rowid ORDER BY s.r",
        json::array({expr, limit, std::max<size_t>(rank_window, 1) - 1})};
}

Statements Replica::persist_record(const sync::Record& r) const {
    const auto* spec = model::find_collection(r.collection);
    Statements out{{record_sql::upsert(*spec), record_sql::params(*spec, r)}};
    if (r.collection == "notes") index_note(out, r);
    return out;
}

Statements Replica::persist_meta() const {
    return {put_meta(kMetaClock, std::to_string(clock_.packed())), put_meta(kMetaCursor, std::to_string(cursor_)),
            put_meta(kMetaEpoch, epoch_), put_meta(kMetaSynced, synced_once_ ? "1" : "0")};
}

std::optional<Problem> Replica::check(const std::string& collection, const std::string& id, const json& fields,
                                      std::optional<bool> deleted, int64_t now_ms) const {
    // The change edit() would make, with a stand-in id and clock of the
    // right shape: the rules judge what is written, not when.
    sync::Change ch;
    ch.id = "check";
    ch.collection = collection;
    ch.record = id;
    ch.hlc = hlc::format(static_cast<uint64_t>(std::max<int64_t>(now_ms, 0)), 0, clock_.node());
    ch.fields = fields.is_object() ? fields : json::object();
    ch.deleted = deleted;
    const auto* current = find(collection, id);
    return check_change(ch, current ? current->fields : json());
}

Replica::Edit Replica::edit(const std::string& collection, const std::string& id, const json& fields,
                            std::optional<bool> deleted, int64_t now_ms) {
    Edit e;
    auto& ch = e.change;
    ch.collection = collection;
    ch.record = id;
    ch.hlc = clock_.now(static_cast<uint64_t>(now_ms));
    // The change id is the HLC's unique part: one HLC per change on this node.
    ch.id = ch.hlc.substr(0, 16) + "-" + clock_.node();
    ch.fields = fields.is_object() ? fields : json::object();
    ch.deleted = deleted;
    auto& r = records_[collection].try_emplace(id, sync::empty_record(collection, id)).first->second;
    ++revisions_[collection];
    if (const auto* spec = model::find_collection(collection))
        for (const auto& f : spec->fields)
            if (f.merge == model::Merge::body && fields.contains(f.name)) {
                auto it = r.clocks.find(std::string(f.name));
                ch.base[std::string(f.name)] = it == r.clocks.end() ? std::string() : it->second;
            }
    sync::apply(r, ch);
    outbox_.push_back(ch);
    e.persist = persist_record(r);
    e.persist.push_back({"INSERT INTO outbox (change_id, body) VALUES (?1, ?2)", json::array({ch.id, sync::to_json(ch).dump()})});
    e.persist.push_back(put_meta(kMetaClock, std::to_string(clock_.packed())));
    return e;
}

std::optional<sync::PushRequest> Replica::next_push(size_t max_changes, size_t max_bytes,
                                                   const std::string& batch_id) const {
    if (outbox_.empty()) return std::nullopt;
    sync::PushRequest p;
    p.schema_version = schema::latest_version();
    p.node = clock_.node();
    p.batch_id = batch_id;
    size_t bytes = 0;
    for (size_t i = 0; i < outbox_.size() && i < max_changes; ++i) {
        bytes += sync::to_json(outbox_[i]).dump().size() + 1;  // and its comma
        if (i > 0 && bytes > max_bytes) break;
        p.changes.push_back(outbox_[i]);
    }
    return p;
}

Statements Replica::acknowledge(const sync::PushResponse& r) {
    Statements out;
    std::set<std::string> acked;
    for (const auto& a : r.acks) acked.insert(a.id);
    for (auto it = outbox_.begin(); it != outbox_.end();) {
        if (acked.count(it->id)) {
            out.push_back({"DELETE FROM outbox WHERE change_id = ?1", json::array({it->id})});
            it = outbox_.erase(it);
        } else {
            ++it;
        }
    }
    if (!r.server_hlc.empty()) {
        clock_.observe(r.server_hlc);
        out.push_back(put_meta(kMetaClock, std::to_string(clock_.packed())));
    }
    return out;
}

DbStatement Replica::persist_refused(const RefusedChange& r) {
    const json error{{"error", r.error}, {"reverted", r.reverted}};
    return {"INSERT OR REPLACE INTO outbox_rejected (change_id, body, error, at) VALUES (?1, ?2, ?3, ?4)",
            json::array({r.change.id, sync::to_json(r.change).dump(), error.dump(), r.at})};
}

Statements Replica::reject(const std::string& change_id, const api::Error& error, int64_t now_ms) {
    Statements out;
    for (auto it = outbox_.begin(); it != outbox_.end(); ++it) {
        if (it->id != change_id) continue;
        RefusedChange r{*it, error, now_ms, false};
        out.push_back(persist_refused(r));
        out.push_back({"DELETE FROM outbox WHERE change_id = ?1", json::array({it->id})});
        outbox_.erase(it);
        refused_.push_back(std::move(r));
        ++refused_revision_;
        break;
    }
    return out;
}

// `base` with this device's unsent changes to it applied again, in order,
// stored (or, when there is neither a base nor a change, removed).
Statements Replica::reapply_outbox(const std::string& collection, const std::string& id, sync::Record base,
                                   bool exists) {
    Statements out;
    for (const auto& ch : outbox_)
        if (ch.collection == collection && ch.record == id) {
            sync::apply(base, ch);
            exists = true;
        }
    auto& bucket = records_[collection];
    ++revisions_[collection];
    if (exists) {
        out = persist_record(base);
        bucket[id] = std::move(base);
    } else if (bucket.erase(id)) {
        if (model::find_collection(collection))
            out.push_back({"DELETE FROM " + collection + " WHERE id = ?1", json::array({id})});
        if (collection == "notes") unindex_note(out, id);
    }
    return out;
}

Statements Replica::revert(const std::string& collection, const std::string& id,
                           const std::optional<sync::Record>& server) {
    if (server)
        for (const auto& [field, hlc] : server->clocks) clock_.observe(hlc);
    auto out = reapply_outbox(collection, id, server.value_or(sync::empty_record(collection, id)), server.has_value());
    for (auto& r : refused_)
        if (r.change.collection == collection && r.change.record == id && !r.reverted) {
            r.reverted = true;
            ++refused_revision_;
            out.push_back(persist_refused(r));
        }
    out.push_back(put_meta(kMetaClock, std::to_string(clock_.packed())));
    return out;
}

std::vector<std::pair<std::string, std::string>> Replica::needs_revert() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : refused_) {
        std::pair<std::string, std::string> key{r.change.collection, r.change.record};
        if (!r.reverted && std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
    }
    return out;
}

const RefusedChange* Replica::refused_change(const std::string& change_id) const {
    for (const auto& r : refused_)
        if (r.change.id == change_id) return &r;
    return nullptr;
}

Statements Replica::retry(const std::string& change_id, int64_t now_ms) {
    const auto* found = refused_change(change_id);
    if (!found) return {};
    const auto it = refused_.begin() + (found - refused_.data());
    const sync::Change old = it->change;
    refused_.erase(it);
    ++refused_revision_;
    auto e = edit(old.collection, old.record, old.fields, old.deleted, now_ms);
    e.persist.push_back({"DELETE FROM outbox_rejected WHERE change_id = ?1", json::array({change_id})});
    return std::move(e.persist);
}

Statements Replica::discard(const std::string& change_id) {
    const auto* found = refused_change(change_id);
    if (!found) return {};
    const auto it = refused_.begin() + (found - refused_.data());
    refused_.erase(it);
    ++refused_revision_;
    return {{"DELETE FROM outbox_rejected WHERE change_id = ?1", json::array({change_id})}};
}

Statements Replica::repair_clock(int64_t server_now_ms) {
    const std::string bound = hlc::format(static_cast<uint64_t>(std::max<int64_t>(server_now_ms, 0)), 0xFFFF, "~");
    // What gets a new clock: unsent changes stamped after the server's now,
    // and changes refused because of the clock, all in their clock order (so
    // a change based on an earlier one stays after it).
    std::vector<sync::Change> later;
    Statements out;
    std::deque<sync::Change> keep;
    for (auto& ch : outbox_) {
        if (ch.hlc > bound) later.push_back(ch);
        else keep.push_back(ch);
    }
    for (auto it = refused_.begin(); it != refused_.end();) {
        if (it->error.problem == to_code(Code::clock_ahead)) {
            out.push_back({"DELETE FROM outbox_rejected WHERE change_id = ?1", json::array({it->change.id})});
            later.push_back(std::move(it->change));
            it = refused_.erase(it);
            ++refused_revision_;
        } else {
            ++it;
        }
    }
    std::sort(later.begin(), later.end(), [](const auto& a, const auto& b) { return a.hlc < b.hlc; });
    std::set<std::string> old_clocks;
    for (const auto& ch : later) old_clocks.insert(ch.hlc);

    // The clock restarts at the server's time, past every clock that stays.
    clock_ = hlc::Clock(clock_.node(), static_cast<uint64_t>(std::max<int64_t>(server_now_ms, 0)) << 16);
    for (const auto& [collection, bucket] : records_)
        for (const auto& [id, r] : bucket)
            for (const auto& [field, c] : r.clocks)
                if (c <= bound && !old_clocks.count(c)) clock_.observe(c);
    for (const auto& ch : keep) clock_.observe(ch.hlc);

    std::map<std::string, std::string> renamed;  // old clock -> new clock
    for (auto& ch : later) {
        const std::string fresh = clock_.now(static_cast<uint64_t>(std::max<int64_t>(server_now_ms, 0)));
        renamed[ch.hlc] = fresh;
        ch.hlc = fresh;
        ch.id = fresh.substr(0, 16) + "-" + clock_.node();  // the id follows the clock, as in edit()
        for (auto& [field, base] : ch.base)
            if (auto r = renamed.find(base); r != renamed.end()) base = r->second;
    }
    // Field clocks follow their changes; any other clock still ahead of the
    // server (a value no change carries any more) gets a fresh one.
    for (auto& [collection, bucket] : records_)
        for (auto& [id, r] : bucket) {
            bool changed = false;
            for (auto& [field, c] : r.clocks) {
                if (auto n = renamed.find(c); n != renamed.end()) {
                    c = n->second;
                    changed = true;
                } else if (c > bound) {
                    c = clock_.now(static_cast<uint64_t>(std::max<int64_t>(server_now_ms, 0)));
                    changed = true;
                }
            }
            if (changed) {
                ++revisions_[collection];
                for (auto& st : persist_record(r)) out.push_back(std::move(st));
            }
        }
    outbox_ = std::move(keep);
    for (auto& ch : later) outbox_.push_back(std::move(ch));
    out.push_back({"DELETE FROM outbox"});
    for (const auto& ch : outbox_)
        out.push_back({"INSERT INTO outbox (change_id, body) VALUES (?1, ?2)", json::array({ch.id, sync::to_json(ch).dump()})});
    out.push_back(put_meta(kMetaClock, std::to_string(clock_.packed())));
    return out;
}

sync::PullRequest Replica::next_pull(int limit) const {
    sync::PullRequest p;
    p.schema_version = schema::latest_version();
    p.cursor = cursor_;
    p.epoch = epoch_;
    p.limit = limit;
    return p;
}

Statements Replica::apply_pull(const sync::PullResponse& r) {
    Statements out;
    if (r.since != cursor_) return out;  // an answer to an older request: already superseded
    auto drop = [&](const std::string& collection, const std::string& id) {
        // A record with changes still waiting to be pushed stays: it is this
        // device's own new work, and the server will judge it on arrival.
        for (const auto& ch : outbox_)
            if (ch.collection == collection && ch.record == id) return;
        auto it = records_.find(collection);
        if (it == records_.end() || !it->second.erase(id)) return;
        ++revisions_[collection];
        if (model::find_collection(collection))
            out.push_back({"DELETE FROM " + collection + " WHERE id = ?1", json::array({id})});
        if (collection == "notes") unindex_note(out, id);
    };
    if (r.reset) {
        // The server restarted our stream at 0 (our rights changed, or our
        // cursor predates purged tombstones). Everything we may still see is
        // being sent again; whatever is not must go, and going now also holds
        // if the app stops before the last page arrives.
        std::vector<std::pair<std::string, std::string>> all;
        for (const auto& [collection, bucket] : records_)
            for (const auto& [id, rec] : bucket) all.emplace_back(collection, id);
        for (const auto& [collection, id] : all) drop(collection, id);
    }
    for (const auto& remote : r.records) {
        auto& local = records_[remote.collection]
                          .try_emplace(remote.id, sync::empty_record(remote.collection, remote.id))
                          .first->second;
        sync::merge_record(local, remote);
        ++revisions_[remote.collection];
        for (const auto& s : persist_record(local)) out.push_back(s);
        for (const auto& [field, hlc] : remote.clocks) clock_.observe(hlc);
    }
    for (const auto& x : r.removed) drop(x.collection, x.id);
    cursor_ = r.cursor;
    epoch_ = r.epoch;
    if (!r.server_hlc.empty()) clock_.observe(r.server_hlc);
    if (!r.has_more) synced_once_ = true;
    for (const auto& s : persist_meta()) out.push_back(s);
    return out;
}

const sync::Record* Replica::find(const std::string& collection, const std::string& id) const {
    auto c = records_.find(collection);
    if (c == records_.end()) return nullptr;
    auto r = c->second.find(id);
    return r == c->second.end() ? nullptr : &r->second;
}

std::vector<const sync::Record*> Replica::list(const std::string& collection) const {
    std::vector<const sync::Record*> out;
    auto c = records_.find(collection);
    if (c == records_.end()) return out;
    for (const auto& [id, r] : c->second)
        if (!r.deleted) out.push_back(&r);
    return out;
}

}  // namespace zx::client
