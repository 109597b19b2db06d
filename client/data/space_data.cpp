#include "data/space_data.hpp"

#include "sync/replica.hpp"

#include "zx/core/china_time.hpp"
#include "zx/sync/hlc.hpp"

#include <algorithm>
#include <array>
#include <tuple>

namespace zx::client {

namespace tt = timetable;

namespace {

// The collections this layer turns into types, in the order they are read.
constexpr std::array kCollections{"notes",   "note_versions",     "conflicts",   "cards",          "review_logs",
                                  "tools",   "activities",        "submissions", "timetable_entries", "terms",
                                  "users",   "classes",           "memberships", "guardian_links", "join_codes",
                                  "trips",   "trip_participants", "base_ratings", "consent_forms", "consents",
                                  "home_resources", "attendance"};

int64_t modified_ms(const sync::Record& r) {
    int64_t newest = 0;
    for (const auto& [f, c] : r.clocks)
        if (auto p = hlc::parse(c)) newest = std::max(newest, static_cast<int64_t>(p->wall_ms));
    return newest;
}

template <class T, class From>
std::vector<T> typed(const Replica& r, const char* collection, From from) {
    std::vector<T> out;
    for (const auto* rec : r.list(collection)) out.push_back(from(rec->id, rec->fields));
    return out;
}

template <class T>
const T* by_id(const std::vector<T>& v, std::string_view id) {
    // Lists come from the replica in id order, so ids can be searched.
    const auto it = std::lower_bound(v.begin(), v.end(), id, [](const T& x, std::string_view k) { return x.id < k; });
    return it != v.end() && it->id == id ? &*it : nullptr;
}

}  // namespace

// Everything derived; dropped as a whole whenever any record changes, and
// filled in again on first use.
struct SpaceData::Caches {
    std::map<std::string, std::vector<size_t>, std::less<>> linked_from;  // title -> notes linking to it
    bool links_built = false;
    std::map<std::string, std::vector<md::Block>, std::less<>> activity_bodies;
    std::map<std::string, Timetable, std::less<>> timetables;
    std::map<std::pair<std::string, int64_t>, Week> weeks;
    int64_t due_second = -1;
    std::vector<const Card*> due;
    int64_t overview_second = -1;
    Overview overview;
    // (trip, stop, minute) -> the register; minutes because "overdue" turns with the clock.
    std::map<std::tuple<std::string, int, int64_t>, HeadCount> head_counts;
};

SpaceData::SpaceData() : caches_(std::make_unique<Caches>()) {}
SpaceData::~SpaceData() = default;

void SpaceData::clear() {
    seen_.clear();
    me_.clear();
    refused_seen_ = 0;
    refused_.clear();
}

void SpaceData::refresh(const Replica& replica, const std::string& me) {
    bool changed = me != me_;
    me_ = me;
    for (const char* c : kCollections) {
        const auto rev = replica.revision(c);
        auto& seen = seen_[c];
        if (seen == rev && !changed) continue;
        seen = rev;
        rebuild(c, replica);
        changed = true;
    }
    const bool refused_changed = replica.refused_revision() != refused_seen_;
    if (!changed && !refused_changed) return;
    ++revision_;
    caches_ = std::make_unique<Caches>();
    family_caches_.reset();
    counts_.clear();
    for (const auto& [collection, bucket] : replica.all()) {
        size_t n = 0;
        for (const auto& [id, r] : bucket) n += r.deleted ? 0 : 1;
        counts_[collection] = n;
    }
    // Titles come from the records, so the list follows them too.
    refused_seen_ = replica.refused_revision();
    refused_.clear();
    for (const auto& r : replica.refused()) {
        RefusedItem item{r.change.id, r.change.collection, r.change.record, {}, r.error, r.at, r.reverted,
                         r.change.deleted.value_or(false), {}};
        item.title = record_title(item.collection, item.record_id);
        if (item.title.empty())  // a record that is no more: what the change called it
            for (const char* key : {"title", "name"})
                if (const auto it = r.change.fields.find(key); it != r.change.fields.end() && it->is_string())
                    item.title = it->get<std::string>();
        for (const auto& [field, value] : r.change.fields.items())
            if (value.is_string() && !value.get_ref<const std::string&>().empty() && field != "owner_id")
                item.texts.emplace_back(field, value.get<std::string>());
        refused_.push_back(std::move(item));
    }
}

void SpaceData::rebuild(const std::string& c, const Replica& r) {
    if (c == "notes") {
        notes_.clear();
        for (const auto* rec : r.list("notes")) {
            NoteItem n{note_from_fields(rec->id, rec->fields), modified_ms(*rec), {}};
            n.links = md::wiki_links(n.note.body);
            notes_.push_back(std::move(n));
        }
        std::stable_sort(notes_.begin(), notes_.end(),
                         [](const NoteItem& a, const NoteItem& b) { return a.modified_ms > b.modified_ms; });
        note_index_.clear();
        for (size_t i = 0; i < notes_.size(); ++i) note_index_.emplace(notes_[i].note.id, i);
        subjects_.clear();
        for (const auto& n : notes_)
            if (!n.note.subject.empty() && std::find(subjects_.begin(), subjects_.end(), n.note.subject) == subjects_.end())
                subjects_.push_back(n.note.subject);
        std::sort(subjects_.begin(), subjects_.end());
    } else if (c == "note_versions") {
        versions_ = typed<NoteVersion>(r, "note_versions", note_version_from_fields);
    } else if (c == "conflicts") {
        conflicts_ = typed<Conflict>(r, "conflicts", conflict_from_fields);
    } else if (c == "cards") {
        cards_ = typed<Card>(r, "cards", card_from_fields);
    } else if (c == "review_logs") {
        reviews_ = typed<ReviewLog>(r, "review_logs", review_log_from_fields);
    } else if (c == "tools") {
        links_ = typed<ResourceLink>(r, "tools", link_from_fields);
    } else if (c == "activities") {
        activities_ = typed<Activity>(r, "activities", activity_from_fields);
    } else if (c == "submissions") {
        submissions_ = typed<Submission>(r, "submissions", submission_from_fields);
    } else if (c == "timetable_entries") {
        entries_ = typed<TimetableItem>(r, "timetable_entries", timetable_item_from_fields);
    } else if (c == "terms") {
        terms_ = typed<TermItem>(r, "terms", term_item_from_fields);
    } else if (c == "users") {
        people_ = typed<Person>(r, "users", person_from_fields);
    } else if (c == "classes") {
        classes_ = typed<SchoolClass>(r, "classes", class_from_fields);
    } else if (c == "memberships") {
        memberships_ = typed<Membership>(r, "memberships", membership_from_fields);
    } else if (c == "guardian_links") {
        guardians_ = typed<GuardianLink>(r, "guardian_links", guardian_link_from_fields);
    } else if (c == "join_codes") {
        codes_ = typed<JoinCode>(r, "join_codes", join_code_from_fields);
    } else if (c == "trips") {
        trips_ = typed<Trip>(r, "trips", trip_from_fields);
        std::stable_sort(trips_.begin(), trips_.end(), [](const Trip& a, const Trip& b) { return a.date > b.date; });
    } else if (c == "attendance") {
        attendance_ = typed<AttendanceEvent>(r, "attendance", attendance_from_fields);
    } else if (c == "trip_participants") {
        participants_ = typed<TripParticipant>(r, "trip_participants", participant_from_fields);
    } else if (c == "base_ratings") {
        ratings_ = typed<BaseRating>(r, "base_ratings", rating_from_fields);
    } else if (c == "consent_forms") {
        consent_forms_ = typed<ConsentForm>(r, "consent_forms", consent_form_from_fields);
    } else if (c == "consents") {
        consents_ = typed<Consent>(r, "consents", consent_from_fields);
    } else if (c == "home_resources") {
        resources_ = typed<HomeResource>(r, "home_resources", home_resource_from_fields);
    }
}

// --- 知识库 ----------------------------------------------------------------------

const NoteItem* SpaceData::note(std::string_view id) const {
    const auto it = note_index_.find(id);
    return it == note_index_.end() ? nullptr : &notes_[it->second];
}

const NoteItem* SpaceData::note_by_title(std::string_view title) const {
    for (const auto& n : notes_)
        if (n.note.title == title) return &n;
    return nullptr;
}

std::vector<const NoteItem*> SpaceData::backlinks(std::string_view note_id) const {
    auto& c = *caches_;
    if (!c.links_built) {
        for (size_t i = 0; i < notes_.size(); ++i)
            for (const auto& t : notes_[i].links) c.linked_from[t].push_back(i);
        c.links_built = true;
    }
    std::vector<const NoteItem*> out;
    const auto* n = note(note_id);
    if (!n || n->note.title.empty()) return out;
    if (const auto it = c.linked_from.find(n->note.title); it != c.linked_from.end())
        for (size_t i : it->second)
            if (notes_[i].note.id != note_id) out.push_back(&notes_[i]);
    return out;
}

std::vector<const NoteVersion*> SpaceData::versions(std::string_view note_id) const {
    std::vector<const NoteVersion*> out;
    for (const auto& v : versions_)
        if (v.note_id == note_id) out.push_back(&v);
    std::sort(out.begin(), out.end(), [](const NoteVersion* a, const NoteVersion* b) { return a->saved_at > b->saved_at; });
    return out;
}

const NoteVersion* SpaceData::version(std::string_view id) const { return by_id(versions_, id); }

std::vector<const Conflict*> SpaceData::open_conflicts(std::string_view target_id) const {
    std::vector<const Conflict*> out;
    for (const auto& c : conflicts_)
        if (c.target_id == target_id && !c.resolved) out.push_back(&c);
    return out;
}

const Conflict* SpaceData::conflict(std::string_view id) const { return by_id(conflicts_, id); }

std::vector<const Conflict*> SpaceData::all_open_conflicts() const {
    std::vector<const Conflict*> out;
    for (const auto& c : conflicts_)
        if (!c.resolved) out.push_back(&c);
    return out;
}

// --- Needs attention -----------------------------------------------------------

std::string SpaceData::record_title(std::string_view collection, std::string_view id) const {
    if (collection == "notes") {
        if (const auto* n = note(id)) return n->note.title;
    } else if (collection == "activities") {
        if (const auto* a = activity(id)) return a->title;
    } else if (collection == "submissions") {
        if (const auto* s = submission(id))
            if (const auto* a = activity(s->activity_id)) return a->title;
    } else if (collection == "trips") {
        if (const auto* t = trip(id)) return t->title;
    } else if (collection == "timetable_entries") {
        for (const auto& e : entries_)
            if (e.entry.id == id) return e.entry.title;
    } else if (collection == "tools") {
        for (const auto& l : links_)
            if (l.id == id) return l.name;
    } else if (collection == "classes") {
        if (const auto* c = school_class(id)) return c->name;
    } else if (collection == "cards") {
        if (const auto* c = card(id)) return c->front;
    }
    return {};
}

size_t SpaceData::attention_count() const {
    size_t n = refused_.size();
    for (const auto& c : conflicts_) n += c.resolved ? 0 : 1;
    return n;
}

// --- 工具库 ----------------------------------------------------------------------

const Card* SpaceData::card(std::string_view id) const { return by_id(cards_, id); }

std::vector<const Card*> SpaceData::due_cards(int64_t now_ms) const {
    auto& c = *caches_;
    // Due-ness changes with time as well as with the cards: recomputed at most
    // once a second.
    if (c.due_second != now_ms / 1000) {
        c.due_second = now_ms / 1000;
        c.due.clear();
        for (const auto& card : cards_)
            if (card.schedule.state == fsrs::State::fresh || card.schedule.due_ms <= now_ms) c.due.push_back(&card);
        std::stable_sort(c.due.begin(), c.due.end(),
                         [](const Card* a, const Card* b) { return a->schedule.due_ms < b->schedule.due_ms; });
    }
    return c.due;
}

int SpaceData::reviews_today(int64_t now_ms) const {
    const int64_t midnight = china::midnight_before(now_ms);
    int n = 0;
    for (const auto& r : reviews_) n += r.reviewed_at >= midnight ? 1 : 0;
    return n;
}

// --- 活动库 ----------------------------------------------------------------------

const Activity* SpaceData::activity(std::string_view id) const { return by_id(activities_, id); }

const std::vector<md::Block>& SpaceData::activity_body(std::string_view id) const {
    auto& bodies = caches_->activity_bodies;
    if (const auto it = bodies.find(id); it != bodies.end()) return it->second;
    const auto* a = activity(id);
    return bodies.emplace(std::string(id), a ? md::parse(a->body) : std::vector<md::Block>{}).first->second;
}

const Submission* SpaceData::submission(std::string_view id) const { return by_id(submissions_, id); }

const Submission* SpaceData::submission_of(std::string_view activity_id, std::string_view student_id) const {
    for (const auto& s : submissions_)
        if (s.activity_id == activity_id && s.owner_id == student_id) return &s;
    return nullptr;
}

// --- 学习课表 --------------------------------------------------------------------

const SpaceData::Timetable& SpaceData::timetable(const std::string& class_id) const {
    auto& cache = caches_->timetables;
    if (const auto it = cache.find(class_id); it != cache.end()) return it->second;
    Timetable out;
    const TermItem* term = nullptr;
    for (const auto& t : terms_)
        if (!class_id.empty() ? t.class_id == class_id : (!t.class_id.empty() || !term)) term = &t;
    if (term) out.term = term->term();
    for (const auto& e : entries_)
        if (class_id.empty() || e.class_id == class_id) out.entries.push_back(e.entry);
    return cache.emplace(class_id, std::move(out)).first->second;
}

const TimetableItem* SpaceData::timetable_entry(std::string_view id) const {
    // In id order, as every list from the replica (see by_id).
    const auto it = std::lower_bound(entries_.begin(), entries_.end(), id,
                                     [](const TimetableItem& x, std::string_view k) { return x.entry.id < k; });
    return it != entries_.end() && it->entry.id == id ? &*it : nullptr;
}

const SpaceData::Week& SpaceData::week(const std::string& class_id, tt::Date monday) const {
    auto& cache = caches_->weeks;
    const auto key = std::make_pair(class_id, tt::to_days(monday));
    if (const auto it = cache.find(key); it != cache.end()) return it->second;
    const auto& t = timetable(class_id);
    Week w;
    w.occurrences = tt::expand(t.entries, t.term ? &*t.term : nullptr, monday, tt::from_days(tt::to_days(monday) + 6),
                               &w.problems);
    w.clashes = tt::clashes(w.occurrences);
    return cache.emplace(key, std::move(w)).first->second;
}

Overview SpaceData::overview(int64_t now_ms) const {
    auto& c = *caches_;
    if (c.overview_second == now_ms / 1000) return c.overview;
    c.overview_second = now_ms / 1000;
    Overview o;
    o.notes = static_cast<int>(notes_.size());
    o.due_cards = static_cast<int>(due_cards(now_ms).size());
    for (const auto& a : activities_) {
        if (!a.published) continue;
        const auto* s = submission_of(a.id, me_);
        o.open_activities += s && s->status != SubmissionStatus::draft ? 0 : 1;
    }
    const auto& t = timetable("");
    const auto today = tt::china_today(now_ms);
    o.lessons_today = static_cast<int>(tt::expand(t.entries, t.term ? &*t.term : nullptr, today, today).size());
    c.overview = o;
    return o;
}

// --- People and classes ----------------------------------------------------------

const Person* SpaceData::person(std::string_view id) const { return by_id(people_, id); }

const Person* SpaceData::person_named(std::string_view name) const {
    for (const auto& p : people_)
        if (p.username == name || p.display_name == name) return &p;
    return nullptr;
}

std::string SpaceData::name_of(const std::string& user_id) const {
    const auto* p = person(user_id);
    return p && !p->display_name.empty() ? p->display_name : user_id;
}

const SchoolClass* SpaceData::school_class(std::string_view id) const { return by_id(classes_, id); }

std::vector<const SchoolClass*> SpaceData::classes_taught_by(std::string_view teacher_id) const {
    std::vector<const SchoolClass*> out;
    for (const auto& c : classes_)
        if (c.teacher_id == teacher_id) out.push_back(&c);
    return out;
}

std::vector<const SchoolClass*> SpaceData::classes_of(std::string_view user_id) const {
    std::vector<const SchoolClass*> out;
    for (const auto& m : memberships_)
        if (m.user_id == user_id)
            if (const auto* c = school_class(m.class_id)) out.push_back(c);
    return out;
}

std::vector<std::string> SpaceData::students_of(std::string_view class_id) const {
    std::vector<std::string> out;
    for (const auto& m : memberships_)
        if (m.class_id == class_id && m.role == "student") out.push_back(m.user_id);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string> SpaceData::children_of(std::string_view parent_id) const {
    std::vector<std::string> out;
    for (const auto& g : guardians_)
        if (g.parent_id == parent_id) out.push_back(g.student_id);
    return out;
}

std::vector<const JoinCode*> SpaceData::class_codes(std::string_view class_id) const {
    std::vector<const JoinCode*> out;
    for (const auto& c : codes_)
        if (c.class_id == class_id && c.kind == "class") out.push_back(&c);
    return out;
}

// --- 研学行程 ----------------------------------------------------------------------

const Trip* SpaceData::trip(std::string_view id) const {
    for (const auto& t : trips_)
        if (t.id == id) return &t;
    return nullptr;
}

int SpaceData::participants(std::string_view trip_id) const {
    int n = 0;
    for (const auto& p : participants_) n += p.trip_id == trip_id ? 1 : 0;
    return n;
}

const BaseRating* SpaceData::rating(std::string_view id) const { return by_id(ratings_, id); }

std::vector<std::string> SpaceData::participants_of(std::string_view trip_id) const {
    std::vector<std::string> out;
    for (const auto& p : participants_)
        if (p.trip_id == trip_id) out.push_back(p.user_id);
    return out;
}

std::vector<AttendanceEvent> SpaceData::attendance_of(std::string_view trip_id) const {
    std::vector<AttendanceEvent> out;
    for (const auto& e : attendance_)
        if (e.trip_id == trip_id) out.push_back(e);
    return out;
}

int SpaceData::current_stop(std::string_view trip_id) const { return zx::current_stop(attendance_of(trip_id)); }

const HeadCount& SpaceData::head_count(std::string_view trip_id, int stop, int64_t now_ms) const {
    const auto key = std::make_tuple(std::string(trip_id), stop, now_ms / 60'000);
    if (const auto it = caches_->head_counts.find(key); it != caches_->head_counts.end()) return it->second;
    static const HeadCount kNone;
    const Trip* t = trip(trip_id);
    if (!t) return kNone;
    std::vector<TripParticipant> roster;
    for (const auto& p : participants_)
        if (p.trip_id == trip_id) roster.push_back(p);
    // The stop's end: its route stop's leave time when known here.
    const Route* route = nullptr;
    if (route_lookup_) route = route_lookup_(t->route_id);
    const int end = stop_end_min(*t, route, stop);
    if (caches_->head_counts.size() > 64) caches_->head_counts.clear();  // old minutes
    return caches_->head_counts[key] = zx::head_count(*t, roster, attendance_of(trip_id), stop, now_ms, end);
}

}  // namespace zx::client

