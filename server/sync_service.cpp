#include "sync_service.hpp"

#include "zx/wire/record_rules.hpp"

#include "api_error.hpp"
#include "authz_detail.hpp"
#include "crypto.hpp"
#include "http.hpp"

#include "zx/core/error.hpp"
#include "zx/sync/fields.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/schema.hpp"
#include "zx/tours/base.hpp"
#include "zx/wire/api.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace zx::server {

using nlohmann::json;

// A client's largest push must pass the server's default body limit, or
// outboxes wedge on 413 (issue 10).
static_assert(sync::kMaxPushBytes <= kDefaultBodyLimit, "clients size pushes under the server's body limit");

namespace {

void refresh_audience(db::Connection& c, ServerClock& clock, const std::string& collection, const std::string& id) {
    auto r = repo::load(c, collection, id);
    if (!r) return;
    const auto keys = audience_of(c, *r);
    if (keys == repo::audience(c, collection, id)) return;
    // A new sequence number makes the record reach users who just gained
    // access; the revocations make it leave those who lost it.
    repo::commit(c, *r, keys, {"srv-" + crypto::random_id(), "", "", clock.now(), clock.wall_ms()});
}

// Who wrote the current value of body field `field` of `r` (a user id), or ""
// when nobody can tell: recorded with every accepted body write since schema
// 6; for older values, the one user whose change carried the field's clock.
std::string body_author(db::Connection& c, const sync::Record& r, const std::string& field) {
    const auto rows = c.query("SELECT user_id FROM body_authors WHERE collection = ?1 AND record_id = ?2 AND field = ?3",
                              json::array({r.collection, r.id, field}));
    if (!rows.empty()) return rows[0][0].get<std::string>();
    const auto it = r.clocks.find(field);
    if (it == r.clocks.end()) return "";
    const auto writers = c.query(
        "SELECT DISTINCT user_id FROM changes WHERE collection = ?1 AND record_id = ?2 AND hlc = ?3 AND user_id IS NOT NULL",
        json::array({r.collection, r.id, it->second}));
    return writers.size() == 1 ? writers[0][0].get<std::string>() : "";
}

// The id of the conflict kept for `user_id`'s change `change_id` of `field`:
// the same for a replay, and never another user's (change ids are only
// unique per user).
std::string conflict_id(const std::string& user_id, const std::string& change_id, const std::string& field) {
    return "cf-" + crypto::sha256_hex(user_id + '\n' + change_id + '\n' + field).substr(0, 40);
}

// A session whose user was deleted since it was checked.
[[noreturn]] void user_gone() {
    throw ApiError(401, api::code::unauthorized,
                   problem(Code::session_invalid, "", "the signed-in user no longer exists; sign in again"));
}

}  // namespace

void check_schema(int client_schema) {
    if (client_schema < kMinClientSchema)
        throw ApiError(426, api::code::upgrade_required,
                       problem(Code::schema_too_old, "schema_version",
                               "this app's data schema ({have}) is older than the server accepts ({min}); update Zhixing to sync",
                               {{"have", std::to_string(client_schema)}, {"min", std::to_string(kMinClientSchema)}}));
    if (client_schema > schema::latest_version())
        throw ApiError(400, api::code::bad_request,
                       problem(Code::schema_too_new, "schema_version",
                               "this app's data schema ({have}) is newer than the server's ({max}); the server must be "
                               "updated first",
                               {{"have", std::to_string(client_schema)}, {"max", std::to_string(schema::latest_version())}}));
}

sync::Record server_write(db::Connection& c, ServerClock& clock, const std::string& collection,
                          const std::string& id, const json& fields, std::optional<bool> deleted,
                          const std::string& user_id) {
    sync::Change ch;
    ch.id = "srv-" + crypto::random_id();
    ch.collection = collection;
    ch.record = id;
    ch.hlc = clock.now();
    ch.fields = fields;
    ch.deleted = deleted;
    auto r = repo::load(c, collection, id).value_or(sync::empty_record(collection, id));
    sync::apply(r, ch);
    repo::commit(c, r, audience_of(c, r), {ch.id, "", user_id, ch.hlc, clock.wall_ms()});
    return r;
}

void refresh_relationships(db::Connection& c, ServerClock& clock, const std::string& user_id) {
    refresh_audience(c, clock, "users", user_id);
    auto each = [&](const char* sql, const char* collection) {
        for (const auto& row : c.query(sql, json::array({user_id})))
            refresh_audience(c, clock, collection, row[0].get<std::string>());
    };
    each("SELECT id FROM memberships WHERE user_id = ?1", "memberships");
    each("SELECT id FROM guardian_links WHERE student_id = ?1 OR parent_id = ?1", "guardian_links");
    each("SELECT parent_id FROM guardian_links WHERE student_id = ?1", "users");
    each("SELECT student_id FROM guardian_links WHERE parent_id = ?1", "users");
}

// Fields the server keeps in step with other records, written as the server
// so that they reach every client through sync like any other change.
void SyncService::apply_derived(db::Connection& c, const sync::Record& r) {
    if (r.collection == "base_ratings") {
        const auto base_id = repo::text(r, "base_id");
        const auto rows = c.query(
            "SELECT count(*), avg(overall), avg(safety), avg(course), avg(organisation), avg(value) "
            "FROM base_ratings WHERE base_id = ?1 AND deleted = 0",
            json::array({base_id}));
        const auto& row = rows.at(0);
        const int64_t n = row[0].get<int64_t>();
        auto mean = [&](size_t i) { return n ? std::round(row[i].get<double>() * 10) / 10 : 0.0; };
        const json fields{{"rating", mean(1)},
                          {"rating_count", n},
                          {"rating_detail",
                           {{"safety", mean(2)}, {"course", mean(3)}, {"organisation", mean(4)}, {"value", mean(5)}}}};
        if (auto base = repo::load(c, "bases", base_id); base && !base->deleted) {
            json changed = json::object();
            for (const auto& [k, v] : fields.items())
                if (base->fields.value(k, json()) != v) changed[k] = v;
            if (!changed.empty()) server_write(c, clock_, "bases", base_id, changed);
        }
    } else if (r.collection == "base_contacts") {
        if (auto base = repo::load(c, "bases", r.id); base && !base->deleted) {
            const auto masked = mask_contact(r.deleted ? "" : repo::text(r, "contact"));
            if (repo::text(*base, "contact") != masked) server_write(c, clock_, "bases", r.id, json{{"contact", masked}});
        }
    } else if (r.collection == "trips") {
        // A trip's consent forms and answers are read by its teachers and
        // class: they follow a change of leaders or class.
        std::vector<std::pair<std::string, std::string>> family;
        family_records_of_trip(c, r.id, family);
        for (const auto& [col, id] : family) refresh_audience(c, clock_, col, id);
        // Its leaders' names reach the class's parents, and stop reaching
        // them when a leader is taken off: the leaders now and every teacher
        // whose record the class's parents see today.
        std::set<std::string> teachers;
        for (const auto& l : fields::strings(r.fields, "leaders")) teachers.insert(l);
        if (const auto cls = repo::text(r, "class_id"); !cls.empty())
            for (const auto& row : c.query("SELECT record_id FROM audience WHERE collection = 'users' AND key = ?1",
                                           json::array({"cp:" + cls})))
                teachers.insert(row[0].get<std::string>());
        for (const auto& t : teachers) refresh_audience(c, clock_, "users", t);
    } else if (r.collection == "classes" && r.deleted) {
        // A deleted class gives no access: its memberships and codes end, and
        // everyone who was in it (and their parents) loses what it shared.
        std::set<std::string> members;
        for (const auto& row : c.query("SELECT id, user_id FROM memberships WHERE class_id = ?1 AND deleted = 0",
                                       json::array({r.id}))) {
            server_write(c, clock_, "memberships", row[0].get<std::string>(), json::object(), true);
            if (row[1].is_string()) members.insert(row[1].get<std::string>());
        }
        for (const auto& row : c.query("SELECT id FROM join_codes WHERE class_id = ?1 AND deleted = 0", json::array({r.id})))
            server_write(c, clock_, "join_codes", row[0].get<std::string>(), json::object(), true);
        for (const auto& m : members) refresh_relationships(c, clock_, m);
    }
}

SyncService::PushResult SyncService::push(const std::string& user_id, const sync::PushRequest& req) {
    check_schema(req.schema_version);
    const int64_t now = clock_.wall_ms();
    for (size_t i = 0; i < req.changes.size(); ++i) {
        const auto p = hlc::parse(req.changes[i].hlc);
        if (static_cast<int64_t>(p->wall_ms) > now + kMaxClockAheadMs)
            throw ApiError(400, api::code::bad_request,
                           problem(Code::clock_ahead, "hlc",
                                   "its clock is more than 24 hours ahead of the server's; check this device's date and time"))
                .at_change(i, req.changes[i].id);
    }

    PushResult result;
    auto& out = result.response;
    store_.write([&](db::Connection& c) {
        const auto replay = c.query("SELECT user_id, response FROM batches WHERE batch_id = ?1",
                                    json::array({req.batch_id}));
        if (!replay.empty()) {
            if (replay[0][0].get<std::string>() != user_id)
                throw ApiError(409, api::code::conflict,
                               problem(Code::conflict, "batch_id", "batch id {what} is already in use", {{"what", req.batch_id}}));
            out = sync::push_response_from_json(json::parse(replay[0][1].get<std::string>()));
            out.server_hlc = clock_.now();
            result.replayed = true;
            return;
        }
        const auto principal = load_principal(c, user_id);
        if (!principal) user_gone();

        for (size_t i = 0; i < req.changes.size(); ++i) {
            const auto& ch = req.changes[i];
            if (auto seq = repo::seq_of_change(c, user_id, ch.id)) {  // a change seen before: acknowledge again
                out.acks.push_back({ch.id, *seq});
                continue;
            }
            auto current = repo::load(c, ch.collection, ch.record);
            try {
                check_write(c, *principal, current, ch);
            } catch (const ApiError& e) {
                throw e.at_change(i, ch.id);
            } catch (const ValidationError& e) {
                throw ApiError(400, api::code::bad_request, e.problem()).at_change(i, ch.id);
            }
            // The record as it would be after the change follows the shared
            // rules: the same check the client ran before it saved the edit.
            if (auto p = check_change(ch, current ? current->fields : json()))
                throw ApiError(400, api::code::bad_request, *p).at_change(i, ch.id);
            sync::Record r = current.value_or(sync::empty_record(ch.collection, ch.record));
            const auto* spec = model::find_collection(ch.collection);

            // Concurrent edits of a text body: keep the side that loses as a
            // conflict record for whoever wrote it: the pusher when the
            // incoming text lost, the author of the stored text when it did.
            struct Lost {
                std::string field;
                sync::BodyOutcome outcome;
                std::string writer;
            };
            std::vector<Lost> conflicts;
            for (const auto& f : spec->fields)
                if (f.merge == model::Merge::body && ch.fields.contains(f.name))
                    if (auto o = sync::body_outcome(r, ch, std::string(f.name)); o.loser) {
                        const std::string field(f.name);
                        auto writer = o.loser_hlc == ch.hlc ? user_id : body_author(c, r, field);
                        if (writer.empty()) writer = repo::text(r, "owner_id");  // an old value nobody is known to have written
                        conflicts.push_back({field, o, writer.empty() ? user_id : writer});
                    }

            const auto won = sync::apply(r, ch);
            clock_.observe(ch.hlc);
            // Fields that carry privilege are the server's to set.
            if (!current && model::find_field(*spec, "owner_id"))
                sync::merge_field(r, "owner_id", principal->user_id, clock_.now());
            // Who recorded an attendance event, as the parents' timeline shows it.
            if (!current && ch.collection == "attendance")
                sync::merge_field(r, "by_name", principal->display_name, clock_.now());
            const auto seq = repo::commit(c, r, audience_of(c, r), {ch.id, req.batch_id, user_id, ch.hlc, now},
                                          current.has_value());
            out.acks.push_back({ch.id, seq});
            // Whose text each body field now holds, for a later conflict.
            for (const auto& field : won)
                if (const auto* f = model::find_field(*spec, field); f && f->merge == model::Merge::body)
                    c.query("INSERT INTO body_authors (collection, record_id, field, user_id) VALUES (?1, ?2, ?3, ?4) "
                            "ON CONFLICT (collection, record_id, field) DO UPDATE SET user_id = excluded.user_id",
                            json::array({ch.collection, ch.record, field, user_id}));

            apply_derived(c, r);

            for (const auto& lost : conflicts)
                server_write(c, clock_, "conflicts", conflict_id(user_id, ch.id, lost.field),
                             json{{"owner_id", lost.writer},
                                  {"target_collection", ch.collection},
                                  {"target_id", ch.record},
                                  {"field", lost.field},
                                  {"value", *lost.outcome.loser},
                                  {"hlc", lost.outcome.loser_hlc},
                                  {"resolved", false}});
        }
        out.server_hlc = clock_.now();
        c.prepare("INSERT INTO batches (batch_id, user_id, response, received_at) VALUES (?1, ?2, ?3, ?4)")
            .bind(1, req.batch_id).bind(2, user_id).bind(3, sync::to_json(out).dump()).bind(4, now).step();
    });
    return result;
}

namespace {

// The epoch a device echoes names the stream it is reading: the digest of
// the keys it reads under and the purge generation it started or last checked
// at ("<digest>.<generation>"). A bare digest is a device from before schema 7.
struct StreamEpoch {
    std::string keys;
    int64_t purge_generation = -1;  // -1: unknown, check every purge
};

StreamEpoch parse_epoch(const std::string& epoch) {
    const auto dot = epoch.rfind('.');
    if (dot == std::string::npos) return {epoch, -1};
    // The text comes from the client: anything but a whole non-negative
    // number leaves the generation unknown (so the purges are checked).
    StreamEpoch e{epoch.substr(0, dot), -1};
    const char* first = epoch.data() + dot + 1;
    const char* last = epoch.data() + epoch.size();
    int64_t g = -1;
    if (const auto [end, ec] = std::from_chars(first, last, g); ec == std::errc() && end == last && g >= 0)
        e.purge_generation = g;
    return e;
}

int64_t meta_int(db::Connection& c, const char* key) {
    const auto rows = c.query("SELECT value FROM server_meta WHERE key = ?1", json::array({key}));
    return rows.empty() ? 0 : std::stoll(rows[0][0].get<std::string>());
}

}  // namespace

sync::PullResponse SyncService::pull(const std::string& user_id, const sync::PullRequest& req) {
    check_schema(req.schema_version);
    sync::PullResponse out;
    out.since = req.cursor;
    store_.read([&](db::Connection& c) {
        const auto principal = load_principal(c, user_id);
        if (!principal) user_gone();
        const json keys(principal->keys);
        const int64_t generation = meta_int(c, "purge_generation");
        // The newest purge of anything this user could see: a tombstone that
        // left, or a revocation no longer kept.
        const auto horizon_rows = c.query(
            "SELECT coalesce(max(seq), 0) FROM purge_horizons WHERE key IN (SELECT value FROM json_each(?1))",
            json::array({keys.dump()}));
        const int64_t horizon = horizon_rows[0][0].get<int64_t>();

        // Restart at 0 when the user's rights changed, or when a purge since
        // the device last looked took something it may still hold (its last
        // state came after the cursor). The answer carries the current
        // generation, so the pages of a restarted stream are not restarted
        // again by the same purge.
        const auto stream = parse_epoch(req.epoch);
        bool stale = false;
        if (req.cursor > 0 && stream.purge_generation != generation)
            stale = horizon > req.cursor ||
                    (stream.purge_generation < 0 && req.cursor < meta_int(c, "purge_horizon"));  // before schema 7
        out.reset = stream.keys != principal->epoch || stale;
        out.epoch = principal->epoch + "." + std::to_string(generation);
        const int64_t cursor = out.reset ? 0 : req.cursor;

        // The user's feed: records any of their keys may see, by the number
        // of their latest change (migration 7). Rows of one record share it.
        const auto rows = c.query(
            "SELECT DISTINCT collection, record_id, seq FROM audience "
            "WHERE key IN (SELECT value FROM json_each(?2)) AND seq > ?1 ORDER BY seq LIMIT ?3",
            json::array({cursor, keys.dump(), req.limit + 1}));
        out.has_more = rows.size() > static_cast<size_t>(req.limit);
        const size_t n = std::min(rows.size(), static_cast<size_t>(req.limit));
        for (size_t i = 0; i < n; ++i) {
            if (auto r = repo::load(c, rows[i][0].get<std::string>(), rows[i][1].get<std::string>()))
                out.records.push_back(std::move(*r));
        }
        int64_t reached = n > 0 ? rows[n - 1][2].get<int64_t>() : cursor;

        if (!out.reset) {
            // Records this user lost access to since the cursor (up to this
            // page's end while more pages follow), unless another of their
            // keys still lets them see it.
            const auto revoked = c.query(
                "SELECT collection, record_id, max(seq) FROM revocations WHERE seq > ?1 AND (?2 OR seq <= ?3) "
                "AND key IN (SELECT value FROM json_each(?4)) GROUP BY collection, record_id",
                json::array({cursor, !out.has_more, reached, keys.dump()}));
            for (const auto& row : revoked) {
                const auto col = row[0].get<std::string>(), id = row[1].get<std::string>();
                if (!out.has_more) reached = std::max(reached, row[2].get<int64_t>());
                if (!can_see(*principal, repo::audience(c, col, id))) out.removed.push_back({col, id});
            }
        }
        // At the end of the stream the device has everything it may see up
        // to now; past the purge horizon too, so a stream whose newest record
        // was purged is not restarted for it again.
        out.cursor = out.has_more ? reached : std::max({cursor, reached, horizon});
    });
    out.server_hlc = clock_.now();
    return out;
}

int SyncService::purge_tombstones(size_t batch) {
    const int64_t cutoff = clock_.wall_ms() - kTombstoneRetentionMs;
    batch = std::max<size_t>(batch, 1);
    int purged = 0;
    for (size_t taken = batch; taken == batch;) store_.write([&](db::Connection& c) {
        // Oldest first, so that the horizon (the highest number purged so
        // far) is right after every batch.
        const auto rows = c.query(
            "SELECT collection, record_id, seq FROM sync_log WHERE deleted_at IS NOT NULL AND deleted_at < ?1 "
            "ORDER BY seq LIMIT ?2",
            json::array({cutoff, static_cast<int64_t>(batch)}));
        taken = rows.size();
        int64_t horizon = 0;
        for (const auto& row : rows) {
            const auto col = row[0].get<std::string>(), id = row[1].get<std::string>();
            horizon = std::max(horizon, row[2].get<int64_t>());
            c.prepare("DELETE FROM sync_log WHERE collection = ?1 AND record_id = ?2").bind(1, col).bind(2, id).step();
            // Whoever could see it must not be told a cursor below this
            // without a restart (see pull).
            c.query("INSERT INTO purge_horizons (key, seq) SELECT key, ?3 FROM audience "
                    "WHERE collection = ?1 AND record_id = ?2 "
                    "ON CONFLICT(key) DO UPDATE SET seq = max(purge_horizons.seq, excluded.seq)",
                    json::array({col, id, row[2].get<int64_t>()}));
            if (!model::find_collection(col)) continue;
            c.prepare("DELETE FROM " + col + " WHERE id = ?1").bind(1, id).step();
            c.prepare("DELETE FROM audience WHERE collection = ?1 AND record_id = ?2").bind(1, col).bind(2, id).step();
            c.prepare("DELETE FROM body_authors WHERE collection = ?1 AND record_id = ?2").bind(1, col).bind(2, id).step();
            ++purged;
        }
        if (horizon > 0) {
            // Revocations older than the purged tombstones go too; their
            // keys' horizons move with them.
            c.query("INSERT INTO purge_horizons (key, seq) SELECT key, max(seq) FROM revocations WHERE seq <= ?1 "
                    "GROUP BY key ON CONFLICT(key) DO UPDATE SET seq = max(purge_horizons.seq, excluded.seq)",
                    json::array({horizon}));
            c.prepare("DELETE FROM revocations WHERE seq <= ?1").bind(1, horizon).step();
            c.query("INSERT INTO server_meta (key, value) VALUES ('purge_generation', '1') "
                    "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)");
        }
    });
    return purged;
}

// The audience rules of authz.cpp changed for these collections in schema 6:
// drafts, rating comments, leaders read as clients read them, and classes
// that were deleted; in schema 8 teachers' accounts reach their classes'
// parents (who see who leads their children); in rules 9 so do a trip's
// co-leaders from outside the class.
void SyncService::refresh_audiences() {
    constexpr const char* kRules = "9";
    bool current = false;
    store_.read([&](db::Connection& c) {
        const auto rows = c.query("SELECT value FROM server_meta WHERE key = 'audience_rules'");
        current = !rows.empty() && rows[0][0].get<std::string>() == kRules;
    });
    if (current) return;
    for (const char* collection : {"activities", "base_ratings", "trips", "users", "memberships", "guardian_links"}) {
        std::vector<std::string> ids;
        store_.read([&](db::Connection& c) {
            for (const auto& row : c.query(std::string("SELECT id FROM ") + collection)) ids.push_back(row[0].get<std::string>());
        });
        for (size_t i = 0; i < ids.size(); i += 500)
            store_.write([&](db::Connection& c) {
                for (size_t k = i; k < std::min(ids.size(), i + 500); ++k) refresh_audience(c, clock_, collection, ids[k]);
            });
    }
    store_.write([&](db::Connection& c) {
        c.prepare("INSERT INTO server_meta (key, value) VALUES ('audience_rules', ?1) "
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind(1, kRules)
            .step();
    });
}

}  // namespace zx::server
