#include "zx/sync/schema.hpp"

#include <array>

namespace zx::schema {

namespace {
// Never edit a migration that has shipped: add a new one.
constexpr std::array kMigrations{
    Migration{1, R"sql(
CREATE TABLE base (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  category  TEXT NOT NULL CHECK (category IN ('nature','history','red','science','labor','defense','arts')),
  level     TEXT NOT NULL CHECK (level IN ('national','provincial','municipal')),
  city      TEXT NOT NULL DEFAULT '',
  district  TEXT NOT NULL DEFAULT '',
  address   TEXT NOT NULL DEFAULT '',
  lat       REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon       REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  demo      INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1))
) STRICT;
CREATE INDEX base_city ON base(city);
)sql"},
    // 2: accounts, classes, the personal space and study tours, all synced;
    // bookkeeping for sync on the server (changes, audience) and clients (outbox).
    Migration{2, R"sql(
ALTER TABLE base RENAME TO bases;
ALTER TABLE bases ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';
ALTER TABLE bases ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bases ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE users (
  id TEXT PRIMARY KEY, role TEXT CHECK (role IN ('student','teacher','parent','base_staff','admin')),
  display_name TEXT, username TEXT, school_id TEXT, base_id TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE UNIQUE INDEX users_username ON users(username);
CREATE TABLE schools (
  id TEXT PRIMARY KEY, name TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE classes (
  id TEXT PRIMARY KEY, school_id TEXT, name TEXT, grade INTEGER, teacher_id TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE memberships (
  id TEXT PRIMARY KEY, class_id TEXT, user_id TEXT, role TEXT CHECK (role IN ('student','teacher')),
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE INDEX memberships_user ON memberships(user_id);
CREATE INDEX memberships_class ON memberships(class_id);
CREATE TABLE guardian_links (
  id TEXT PRIMARY KEY, parent_id TEXT, student_id TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE INDEX guardian_links_parent ON guardian_links(parent_id);
CREATE INDEX guardian_links_student ON guardian_links(student_id);
CREATE TABLE join_codes (
  id TEXT PRIMARY KEY, class_id TEXT, kind TEXT CHECK (kind IN ('class','guardian')), student_id TEXT,
  code TEXT, expires_at INTEGER,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE INDEX join_codes_code ON join_codes(code);
CREATE TABLE notes (
  id TEXT PRIMARY KEY, owner_id TEXT, title TEXT, body TEXT, subject TEXT, tags TEXT, pinned INTEGER,
  shared_class_id TEXT, created_at INTEGER,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE tools (
  id TEXT PRIMARY KEY, owner_id TEXT, class_id TEXT, name TEXT, url TEXT, subject TEXT, grade INTEGER,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE activities (
  id TEXT PRIMARY KEY, owner_id TEXT, class_id TEXT, kind TEXT, title TEXT, body TEXT, steps TEXT,
  due_date TEXT, published INTEGER,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE submissions (
  id TEXT PRIMARY KEY, owner_id TEXT, activity_id TEXT, body TEXT, status TEXT, score REAL, feedback TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE timetable_entries (
  id TEXT PRIMARY KEY, owner_id TEXT, class_id TEXT, title TEXT, weekday INTEGER, start_min INTEGER,
  end_min INTEGER, weeks TEXT, date TEXT, location TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE routes (
  id TEXT PRIMARY KEY, owner_id TEXT, name TEXT, description TEXT, stops TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE trips (
  id TEXT PRIMARY KEY, owner_id TEXT, class_id TEXT, route_id TEXT, title TEXT, date TEXT, status TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE trip_participants (
  id TEXT PRIMARY KEY, trip_id TEXT, user_id TEXT, group_name TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE checkins (
  id TEXT PRIMARY KEY, owner_id TEXT, trip_id TEXT, base_id TEXT, at INTEGER, note TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE conflicts (
  id TEXT PRIMARY KEY, owner_id TEXT, target_collection TEXT, target_id TEXT, field TEXT, value TEXT,
  hlc TEXT, resolved INTEGER,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;

-- Server only: credentials and sessions never leave the server.
CREATE TABLE credentials (
  user_id TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);
-- Server only: every accepted change, numbered; replays are found by change_id.
CREATE TABLE changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, change_id TEXT NOT NULL UNIQUE, batch_id TEXT, user_id TEXT,
  collection TEXT NOT NULL, record_id TEXT NOT NULL, hlc TEXT NOT NULL, received_at INTEGER NOT NULL) STRICT;
CREATE TABLE batches (
  batch_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, response TEXT NOT NULL, received_at INTEGER NOT NULL) STRICT;
-- Server only: the latest sequence number of each record, and who may see it.
CREATE TABLE sync_log (
  collection TEXT NOT NULL, record_id TEXT NOT NULL, seq INTEGER NOT NULL, deleted_at INTEGER,
  PRIMARY KEY (collection, record_id)) STRICT;
CREATE INDEX sync_log_seq ON sync_log(seq);
CREATE TABLE audience (
  collection TEXT NOT NULL, record_id TEXT NOT NULL, key TEXT NOT NULL,
  PRIMARY KEY (collection, record_id, key)) STRICT, WITHOUT ROWID;
CREATE INDEX audience_key ON audience(key, collection, record_id);
CREATE TABLE revocations (
  seq INTEGER NOT NULL, key TEXT NOT NULL, collection TEXT NOT NULL, record_id TEXT NOT NULL) STRICT;
CREATE INDEX revocations_key ON revocations(key, seq);
CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

-- Clients only: changes not yet acknowledged, changes the server refused,
-- and the replica's own state (cursor, epoch, clock).
CREATE TABLE outbox (pos INTEGER PRIMARY KEY AUTOINCREMENT, change_id TEXT NOT NULL UNIQUE, body TEXT NOT NULL) STRICT;
CREATE TABLE outbox_rejected (
  change_id TEXT PRIMARY KEY, body TEXT NOT NULL, error TEXT NOT NULL, at INTEGER NOT NULL) STRICT;
CREATE TABLE client_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
)sql"},
    // 3: the personal space: note versions, flashcards and their reviews,
    // terms, activity rubrics and attachments, submission progress; and the
    // devices' own full-text index of notes (CJK pairs, see text.hpp).
    Migration{3, R"sql(
CREATE TABLE note_versions (
  id TEXT PRIMARY KEY, owner_id TEXT, note_id TEXT, title TEXT, body TEXT, saved_at INTEGER,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE INDEX note_versions_note ON note_versions(note_id);
CREATE TABLE cards (
  id TEXT PRIMARY KEY, owner_id TEXT, note_id TEXT, front TEXT, back TEXT, kind TEXT, due_ms INTEGER,
  stability REAL, difficulty REAL, state INTEGER, reps INTEGER, lapses INTEGER, last_review_ms INTEGER,
  scheduled_days INTEGER,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE review_logs (
  id TEXT PRIMARY KEY, owner_id TEXT, card_id TEXT, grade INTEGER, reviewed_at INTEGER, elapsed_days INTEGER,
  scheduled_days INTEGER, stability REAL, difficulty REAL,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE terms (
  id TEXT PRIMARY KEY, owner_id TEXT, class_id TEXT, name TEXT, start_date TEXT, end_date TEXT, holidays TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
ALTER TABLE activities ADD COLUMN attachments TEXT;
ALTER TABLE activities ADD COLUMN rubric TEXT;
ALTER TABLE submissions ADD COLUMN steps_done TEXT;
ALTER TABLE submissions ADD COLUMN rubric_scores TEXT;
ALTER TABLE submissions ADD COLUMN submitted_at INTEGER;
ALTER TABLE timetable_entries ADD COLUMN term_id TEXT;
ALTER TABLE timetable_entries ADD COLUMN kind TEXT;
CREATE VIRTUAL TABLE note_search USING fts5(note_id UNINDEXED, title, body, tokenize = 'ascii');
)sql"},
    // 4: the note index keyed by rowid (see client/sync/replica.cpp), so a
    // save updates its index row directly instead of scanning for it. The
    // client rebuilds the index when it finds it empty.
    Migration{4, R"sql(
DROP TABLE note_search;
CREATE TABLE note_search_keys (id INTEGER PRIMARY KEY, note_id TEXT NOT NULL UNIQUE) STRICT;
CREATE VIRTUAL TABLE note_search USING fts5(title, body, tokenize = 'ascii');
)sql"},
    // 5: study-tour bases in full (ratings, capacity, grades, hours, courses,
    // safety, masked contact, photos, status), their unmasked contacts, the
    // teachers' ratings, and trips planned from bases as well as routes.
    Migration{5, R"sql(
ALTER TABLE bases ADD COLUMN rating REAL;
ALTER TABLE bases ADD COLUMN rating_count INTEGER;
ALTER TABLE bases ADD COLUMN rating_detail TEXT;
ALTER TABLE bases ADD COLUMN capacity INTEGER;
ALTER TABLE bases ADD COLUMN grade_min INTEGER;
ALTER TABLE bases ADD COLUMN grade_max INTEGER;
ALTER TABLE bases ADD COLUMN open_min INTEGER;
ALTER TABLE bases ADD COLUMN close_min INTEGER;
ALTER TABLE bases ADD COLUMN closed_weekdays TEXT;
ALTER TABLE bases ADD COLUMN closed_dates TEXT;
ALTER TABLE bases ADD COLUMN courses TEXT;
ALTER TABLE bases ADD COLUMN safety TEXT;
ALTER TABLE bases ADD COLUMN contact TEXT;
ALTER TABLE bases ADD COLUMN photos TEXT;
ALTER TABLE bases ADD COLUMN status TEXT;
ALTER TABLE bases ADD COLUMN status_reason TEXT;
CREATE TABLE base_contacts (
  id TEXT PRIMARY KEY, contact TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE base_ratings (
  id TEXT PRIMARY KEY, owner_id TEXT, trip_id TEXT, base_id TEXT, overall INTEGER, safety INTEGER, course INTEGER,
  organisation INTEGER, value INTEGER, comment TEXT, rated_at INTEGER,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE INDEX base_ratings_base ON base_ratings(base_id);
ALTER TABLE trips ADD COLUMN bases TEXT;
ALTER TABLE trips ADD COLUMN groups TEXT;
ALTER TABLE trips ADD COLUMN leaders TEXT;
ALTER TABLE trips ADD COLUMN start_min INTEGER;
ALTER TABLE trips ADD COLUMN end_min INTEGER;
)sql"},
    // 6 (server bookkeeping; the devices' stores get the same empty tables):
    // - change ids are unique per user, not across users: a device's ids are
    //   predictable, and a global key let one user's change make another's
    //   be acknowledged without being written. The table is rebuilt (SQLite
    //   cannot drop a constraint); its rows and sequence numbers stay.
    // - who wrote the current text of each body field, so the losing side
    //   of a concurrent edit goes to its writer (server/sync_service.cpp).
    // - teacher invitations (digests of the codes, never the codes).
    // - sessions get a public id, to be listed and revoked by it.
    Migration{6, R"sql(
CREATE TABLE changes_v6 (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, change_id TEXT NOT NULL, batch_id TEXT, user_id TEXT,
  collection TEXT NOT NULL, record_id TEXT NOT NULL, hlc TEXT NOT NULL, received_at INTEGER NOT NULL,
  UNIQUE (user_id, change_id)) STRICT;
-- The counter first, so no sequence number is ever handed out twice.
INSERT INTO sqlite_sequence (name, seq) SELECT 'changes_v6', seq FROM sqlite_sequence WHERE name = 'changes';
INSERT INTO changes_v6 (seq, change_id, batch_id, user_id, collection, record_id, hlc, received_at)
  SELECT seq, change_id, batch_id, user_id, collection, record_id, hlc, received_at FROM changes ORDER BY seq;
DROP TABLE changes;
ALTER TABLE changes_v6 RENAME TO changes;

CREATE TABLE body_authors (
  collection TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL, user_id TEXT NOT NULL,
  PRIMARY KEY (collection, record_id, field)) STRICT, WITHOUT ROWID;

CREATE TABLE teacher_invitations (
  code_hash TEXT PRIMARY KEY, school_id TEXT NOT NULL, issued_by TEXT NOT NULL, issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL, used_by TEXT, used_at INTEGER) STRICT;

ALTER TABLE sessions ADD COLUMN id TEXT;
UPDATE sessions SET id = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX sessions_id ON sessions(id);
)sql"},
    // 7 (server bookkeeping): each user's own feed. A pull used to scan the
    // global log from the device's cursor and check every row's audience, and
    // answered with the global sequence, so a device's cursor moved (and told
    // it how busy the server was) whenever anyone wrote. Now each audience row
    // carries its record's latest sequence number, indexed by key, so a pull
    // reads only what the user may see and its cursor moves only when that
    // changes. Purges are remembered per key for the same reason: a purge of
    // one class's tombstones must not restart another user's stream.
    Migration{7, R"sql(
ALTER TABLE audience ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE audience SET seq = coalesce((SELECT s.seq FROM sync_log s
  WHERE s.collection = audience.collection AND s.record_id = audience.record_id), 0);
CREATE INDEX audience_feed ON audience(key, seq);
CREATE TABLE purge_horizons (key TEXT PRIMARY KEY, seq INTEGER NOT NULL) STRICT, WITHOUT ROWID;
)sql"},
    // 8: the parents' side (zx/tours/family.hpp): trip consent forms and the
    // guardians' answers, the digital parent school's resources, and where a
    // trip's students gather. 
    Migration{8, R"sql(
CREATE TABLE consent_forms (
  id TEXT PRIMARY KEY, owner_id TEXT, trip_id TEXT, itinerary TEXT, costs TEXT, insurance TEXT, risks TEXT,
  bring TEXT, medical TEXT, text_hash TEXT, reminded_at INTEGER,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE INDEX consent_forms_trip ON consent_forms(trip_id);
CREATE TABLE consents (
  id TEXT PRIMARY KEY, owner_id TEXT, trip_id TEXT, student_id TEXT, answer TEXT, text_hash TEXT,
  signer_name TEXT, relation TEXT, medical_note TEXT, device TEXT, answered_at INTEGER,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE INDEX consents_trip ON consents(trip_id);
CREATE TABLE home_resources (
  id TEXT PRIMARY KEY, owner_id TEXT, title TEXT, url TEXT, body TEXT, grade INTEGER, topic TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
ALTER TABLE trips ADD COLUMN meeting_point TEXT;
)sql"},
    // 9 (devices only; the server's database gets the same empty table):
    // drafts of text being typed into fields that edit a record, so a reload,
    // a crash or a closed tab loses nothing (client/controllers/drafts.hpp).
    // Keyed by the record's collection, its id (or a "new" key for a record
    // not yet created) and the field. Never synced, deleted on sign-out.
    // `saved`: the field's stored text when typing began; `link`: the route
    // (client/routes.hpp) of the view it was typed in, to come back to.
    Migration{9, R"sql(
CREATE TABLE drafts (
  collection TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL,
  text TEXT NOT NULL, saved TEXT NOT NULL DEFAULT '', link TEXT NOT NULL DEFAULT '', updated_at INTEGER NOT NULL,
  PRIMARY KEY (collection, record_id, field)) STRICT, WITHOUT ROWID;
)sql"},
    // 10: the study-tour day. Students' numbers (the roster's 学号); the
    // attendance of a trip (check-in and out at each stop, absences, found);
    // kiosks at the bases: one-time enrolment codes and the device tokens
    // they are exchanged for (server only; hashes, never the secrets).
    Migration{10, R"sql(
ALTER TABLE users ADD COLUMN student_no TEXT;
CREATE TABLE attendance (
  id TEXT PRIMARY KEY, owner_id TEXT, trip_id TEXT, student_id TEXT, stop INTEGER, base_id TEXT, kind TEXT,
  at INTEGER, method TEXT, reason TEXT, by_name TEXT,
  clocks TEXT NOT NULL DEFAULT '{}', deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE INDEX attendance_trip ON attendance(trip_id, student_id);
CREATE TABLE kiosk_enrolments (
  code_hash TEXT PRIMARY KEY, base_id TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL, used_at INTEGER, device_id TEXT) STRICT;
CREATE TABLE kiosk_devices (
  id TEXT PRIMARY KEY, base_id TEXT NOT NULL, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL, created_at INTEGER NOT NULL, last_seen INTEGER,
  revoked_at INTEGER, revoked_by TEXT, revoked_reason TEXT) STRICT;
CREATE INDEX kiosk_devices_base ON kiosk_devices(base_id);
)sql"},
    // 11 (server bookkeeping; the devices' stores get the same empty tables):
    // class rosters and student cards. First sign-in codes of students made
    // by a roster import, who have no password until they use one; one-use
    // tickets that open a class's printable card page in a browser tab,
    // which cannot send the session. Digests only, never the codes. Students
    // are found by school and number.
    Migration{11, R"sql(
CREATE TABLE first_sign_in_codes (
  code_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, class_id TEXT NOT NULL, issued_by TEXT NOT NULL,
  issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER) STRICT;
CREATE INDEX first_sign_in_codes_user ON first_sign_in_codes(user_id);
CREATE TABLE card_tickets (
  ticket_hash TEXT PRIMARY KEY, class_id TEXT NOT NULL, issued_by TEXT NOT NULL, lang TEXT NOT NULL,
  issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER) STRICT;
CREATE INDEX users_student_no ON users(school_id, student_no);
)sql"},
};
}  // namespace

std::span<const Migration> migrations() { return kMigrations; }
int latest_version() { return kMigrations.back().version; }

}  // namespace zx::schema
