// The parents' side of SpaceData (space_data.hpp): each linked child's home
// (today's timetable, trips with their consent, work with scores and
// feedback, what waits for the guardian), a trip's consent roster for its
// teachers, and the parent school. Derived once per change of the records
// (and, for the home, per minute: a trip's answers close when it starts).
#include "data/space_data.hpp"

#include "zx/core/china_time.hpp"

#include <algorithm>

namespace zx::client {

namespace tt = timetable;

struct SpaceData::FamilyCaches {
    int64_t family_minute = -1;
    std::vector<ChildHome> family;
    std::map<std::string, ConsentRoster, std::less<>> rosters;
};

const ConsentForm* SpaceData::consent_form(std::string_view trip_id) const {
    const auto id = consent_form_id(trip_id);
    for (const auto& f : consent_forms_)
        if (f.id == id && f.trip_id == trip_id) return &f;
    return nullptr;
}

const ConsentRoster& SpaceData::consent_roster(std::string_view trip_id) const {
    if (!family_caches_) family_caches_ = std::make_shared<FamilyCaches>();
    auto& c = *family_caches_;
    if (const auto it = c.rosters.find(trip_id); it != c.rosters.end()) return it->second;
    ConsentRoster r;
    r.form = consent_form(trip_id);
    for (const auto& student : participants_of(trip_id)) {
        ConsentRow row{student, consent_state(r.form, consents_, student), nullptr};
        if (r.form)
            for (const auto& a : consents_)
                if (a.trip_id == trip_id && a.student_id == student && a.text_hash == r.form->text_hash &&
                    (!row.latest || a.answered_at > row.latest->answered_at))
                    row.latest = &a;
        switch (row.state) {
            case ConsentState::consented: ++r.consented; break;
            case ConsentState::declined: ++r.declined; break;
            case ConsentState::unanswered:
            case ConsentState::withdrawn: ++r.unanswered; break;
            case ConsentState::not_asked: break;
        }
        r.rows.push_back(std::move(row));
    }
    return c.rosters.emplace(std::string(trip_id), std::move(r)).first->second;
}

const std::vector<ChildHome>& SpaceData::family(int64_t now_ms) const {
    if (!family_caches_) family_caches_ = std::make_shared<FamilyCaches>();
    auto& c = *family_caches_;
    if (c.family_minute == now_ms / 60'000) return c.family;
    c.family_minute = now_ms / 60'000;
    c.family.clear();
    const auto today = tt::china_today(now_ms);
    const int64_t today_days = tt::to_days(today);
    // Monday of this week (China's week starts on Monday).
    const int64_t weekday = ((today_days + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
    const auto monday = tt::from_days(today_days - weekday);
    const int64_t sunday_days = today_days - weekday + 6;

    for (const auto& child : children_of(me_)) {
        ChildHome h;
        h.id = child;
        h.name = name_of(child);
        h.classes = classes_of(child);
        for (const SchoolClass* k : h.classes) {
            h.grade = std::max(h.grade, k->grade);
            for (const auto& o : week(k->id, monday).occurrences)
                if (o.date == today) h.today.push_back(o);
        }
        std::sort(h.today.begin(), h.today.end(),
                  [](const tt::Occurrence& a, const tt::Occurrence& b) { return a.start_min < b.start_min; });

        const auto in_class = [&](const std::string& cls) {
            return std::any_of(h.classes.begin(), h.classes.end(), [&](const SchoolClass* k) { return k->id == cls; });
        };
        for (const auto& t : trips_) {
            const auto takes_part = participants_of(t.id);
            if (std::find(takes_part.begin(), takes_part.end(), child) == takes_part.end()) continue;
            const auto day = tt::parse_date(t.date);
            if (!day || tt::to_days(*day) < today_days) continue;  // over: not this week's or upcoming
            ChildTrip ct;
            ct.trip = &t;
            ct.form = consent_form(t.id);
            ct.state = consent_state(ct.form, consents_, child);
            ct.open = !trip_started(t, now_ms);
            ct.this_week = tt::to_days(*day) <= sunday_days;
            if (ct.form)
                for (const auto& a : consents_)
                    if (a.trip_id == t.id && a.student_id == child && a.owner_id == me_) {
                        if (a.text_hash == ct.form->text_hash) ct.mine = &a;
                        else if (!ct.mine) ct.stale = true;
                    }
            if (ct.mine) ct.stale = false;
            const bool waiting = ct.state == ConsentState::unanswered || ct.state == ConsentState::withdrawn;
            if (ct.form && ct.open && waiting) ++h.actions;
            h.trips.push_back(ct);
        }
        std::sort(h.trips.begin(), h.trips.end(), [](const ChildTrip& a, const ChildTrip& b) {
            if (a.trip->date != b.trip->date) return a.trip->date < b.trip->date;
            return a.trip->start_min < b.trip->start_min;
        });

        for (const auto& a : activities_) {
            if (!a.published || !in_class(a.class_id)) continue;
            h.activities.push_back({&a, submission_of(a.id, child)});
        }
        std::sort(h.activities.begin(), h.activities.end(), [](const ChildActivity& a, const ChildActivity& b) {
            return a.activity->due_date > b.activity->due_date;
        });
        c.family.push_back(std::move(h));
    }
    return c.family;
}

std::vector<const HomeResource*> SpaceData::home_resources(const std::vector<int>& grades) const {
    std::vector<const HomeResource*> out;
    for (const auto& r : resources_)
        if (grades.empty() || r.grade == 0 || std::find(grades.begin(), grades.end(), r.grade) != grades.end())
            out.push_back(&r);
    // Ids are random: the newest cannot be told from them, so by title.
    std::sort(out.begin(), out.end(), [](const HomeResource* a, const HomeResource* b) { return a->title < b->title; });
    return out;
}

}  // namespace zx::client
