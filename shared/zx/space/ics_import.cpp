// The iCalendar import of a timetable (zx/space/ics.hpp): from_ics. The file
// is read into components (ics_syntax), each VEVENT into an Event with its
// times in their zones (ics_time) and its rule (ics_recur); then each event
// with the overrides of its occurrences becomes weekly or one-off entries.
#include "zx/space/ics.hpp"

#include "zx/core/hash.hpp"
#include "zx/space/ics_recur.hpp"
#include "zx/sync/model.hpp"
#include "zx/text/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <set>

namespace zx::timetable {

namespace {
using namespace ics;

// Without DTEND or DURATION a timed event is taken for one lesson.
constexpr int64_t kLessonMinutes = 45;

struct Event {
    size_t line = 0;   // of BEGIN:VEVENT
    std::string key;   // the UID, or a digest of the event's content when it has none
    std::string title, location;
    Stamp start;
    int64_t length = 0;  // minutes
    std::optional<Rule> rule;
    size_t rule_line = 0;
    std::vector<Stamp> exdates, rdates;
    size_t exdate_line = 0;
    std::optional<Stamp> recurrence_id;
    bool cancelled = false;
};

std::string digest_key(const Component& c) {
    std::string content;
    for (const char* name : {"DTSTART", "DTEND", "DURATION", "RRULE", "SUMMARY", "LOCATION", "RECURRENCE-ID"})
        if (const auto* p = c.find(name)) {
            content += p->name;
            for (const auto& [k, v] : p->params) content += ";" + k + "=" + v;
            content += ":" + p->value + "\n";
        }
    return "ics-" + hex64(fnv1a64(content));
}

std::variant<Event, Problem> read_event(const Component& c, const Zones& zones) {
    Event e;
    e.line = c.line;
    const auto* dtstart = c.find("DTSTART");
    if (!dtstart) return at_line(c.line, problem(Code::ics_no_start, "DTSTART", "the event has no DTSTART"));
    auto start = read_stamp(*dtstart, zones);
    if (auto* p = std::get_if<Problem>(&start)) return *p;
    e.start = std::get<Stamp>(start);
    e.title = c.find("SUMMARY") ? unescape_text(c.find("SUMMARY")->value) : "";
    e.location = c.find("LOCATION") ? unescape_text(c.find("LOCATION")->value) : "";
    if (const auto* end = c.find("DTEND")) {
        auto s = read_stamp(*end, zones);
        if (auto* p = std::get_if<Problem>(&s)) return *p;
        e.length = std::get<Stamp>(s).china() - e.start.china();
        // Some applications end a one-day all-day event on its own date.
        if (e.length == 0 && e.start.date_only) e.length = 1440;
        if (e.length < 0)
            return at_line(end->line, problem(Code::ends_before_start, "DTEND", "\"{title}\": ends ({end}) before it starts ({start})",
                                              {{"title", e.title}, {"start", dtstart->value}, {"end", end->value}}));
    } else if (const auto* d = c.find("DURATION")) {
        const auto minutes = read_duration(d->value);
        if (!minutes)
            return at_line(d->line, problem(Code::ics_bad_value, "DURATION", "{field} \"{value}\" is not a duration",
                                            {{"value", d->value.substr(0, 40)}}));
        e.length = *minutes;
    } else {
        e.length = e.start.date_only ? 1440 : kLessonMinutes;
    }
    if (const auto* uid = c.find("UID"); uid && !uid->value.empty()) e.key = uid->value;
    else e.key = digest_key(c);
    if (const auto* st = c.find("STATUS")) e.cancelled = st->value == "CANCELLED";
    if (const auto* rr = c.find("RRULE")) {
        auto r = read_rule(*rr, e.start);
        if (auto* p = std::get_if<Problem>(&r)) return *p;
        e.rule = std::get<Rule>(r);
        e.rule_line = rr->line;
    }
    // A date among the times of a timed event means that day at the event's time.
    auto read_list = [&](const char* name, std::vector<Stamp>& into) -> std::optional<Problem> {
        for (const auto* p : c.all(name)) {
            auto s = read_stamps(*p, zones);
            if (auto* problem = std::get_if<Problem>(&s)) return *problem;
            for (auto v : std::get<std::vector<Stamp>>(s)) {
                if (v.date_only && !e.start.date_only)
                    v = {v.local + (e.start.local - day_of(e.start.local) * 1440), e.start.offset, false};
                into.push_back(v);
            }
        }
        return std::nullopt;
    };
    if (auto p = read_list("EXDATE", e.exdates)) return *p;
    if (auto p = read_list("RDATE", e.rdates)) return *p;
    if (const auto* x = c.find("EXDATE")) e.exdate_line = x->line;
    if (const auto* rid = c.find("RECURRENCE-ID")) {
        auto s = read_stamp(*rid, zones);
        if (auto* p = std::get_if<Problem>(&s)) return *p;
        e.recurrence_id = std::get<Stamp>(s);
    }
    return e;
}

// One occurrence, in China time.
struct Occ {
    int64_t start = 0;   // minutes since 1970-01-01 00:00 in China
    int64_t origin = 0;  // the start of the occurrence it stands for (an override's RECURRENCE-ID): its id
    const Event* from = nullptr;  // title, location, length
};

// "-mo": the id suffix of the weekly entry on one of several weekdays.
std::string weekday_suffix(int weekday) {
    std::string s = "-" + std::string(day_code(weekday));
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string make_id(const std::string& key, const std::string& suffix) {
    std::string base = key;
    if (base.ends_with("@zhixing")) base.resize(base.size() - 8);  // our own export (to_ics)
    if (model::valid_id(base + suffix)) return base + suffix;
    return "ics-" + hex64(fnv1a64(key)) + suffix;
}

// An occurrence as entries: one a day it touches (a whole day in between).
std::vector<Entry> pieces(const Occ& o, const std::string& id) {
    std::vector<Entry> out;
    const int64_t end = o.start + o.from->length;
    const int64_t first = day_of(o.start), last = o.from->length > 0 ? day_of(end - 1) : first;
    for (int64_t day = first; day <= last && out.size() <= kMaxOccurrences; ++day) {
        Entry e;
        e.id = out.empty() ? id : id + "-p" + std::to_string(out.size() + 1);
        e.title = o.from->title;
        e.location = o.from->location;
        e.date = from_days(day);
        e.start_min = static_cast<int>(std::max(o.start, day * 1440) - day * 1440);
        e.end_min = static_cast<int>(std::min(end, (day + 1) * 1440) - day * 1440);
        out.push_back(std::move(e));
    }
    return out;
}

struct Series {
    const Event& master;
    std::vector<const Event*> overrides;
    const Term* term;
};

struct Result {
    std::vector<Entry> entries;
    std::optional<Problem> problem;  // with no entries: the event is skipped; with some: what they leave out
};

class Expander {
public:
    explicit Expander(const Series& s) : s_(s), m_(s.master), shift_(kChinaOffset - s.master.start.offset) {}

    Result run() {
        if (!m_.rule && m_.rdates.empty()) return single();
        if (!m_.rule) return one_offs(occurrences({m_.start.local}), "");
        const Rule& rule = *m_.rule;
        if (const Term* t = s_.term) {
            // The end of the term's last day, on the event's clock.
            const int64_t stop = (to_days(t->end) + 1) * 1440 - 1 - shift_;
            const auto st = starts(rule, m_.start, stop, kScanLimit);
            if (st.capped) return too_many(kScanLimit);
            auto occ = occurrences(st.local);  // up to the term's end
            if (auto weekly = weekly_entries(occ)) return {with_extras(std::move(*weekly), occ), std::nullopt};
            if (!rule.bounded()) {
                std::erase_if(occ, [&](const auto& kv) { return day_of(kv.second.start) < to_days(t->start); });
                return one_offs(std::move(occ), "");
            }
            if (st.ended) return one_offs(std::move(occ), "");
        }
        if (rule.bounded()) {
            const auto st = starts(rule, m_.start, std::numeric_limits<int64_t>::max(),
                                   kMaxOccurrences + m_.exdates.size() + s_.overrides.size() + 1);
            return one_offs(occurrences(st.local), st.ended ? "" : "more");
        }
        return without_end();
    }

private:
    // An event that happens once: its id is the UID's.
    Result single() {
        const Event* e = &m_;
        for (const auto* o : s_.overrides) e = o;  // an override of the only occurrence replaces it
        if (e->cancelled) return {};
        return {pieces({e->start.china(), e->start.china(), e}, make_id(m_.key, "")), std::nullopt};
    }

    // The rule's occurrences at `local` starts less the excluded ones and
    // those an override replaces, by their start.
    std::map<int64_t, Occ> occurrences(const std::vector<int64_t>& local) const {
        std::map<int64_t, Occ> out;
        for (const int64_t t : local) out[t + shift_] = {t + shift_, t + shift_, &m_};
        auto drop = [&](const Stamp& s) {
            if (!s.date_only) return void(out.erase(s.china()));
            std::erase_if(out, [&](const auto& kv) { return day_of(kv.first - shift_) == day_of(s.local); });
        };
        for (const auto& x : m_.exdates) drop(x);
        for (const auto* o : s_.overrides) drop(*o->recurrence_id);
        return out;
    }

    // RDATEs and overrides: occurrences beside the rule's.
    std::map<int64_t, Occ> extras(const std::map<int64_t, Occ>& rule_occurrences) const {
        std::map<int64_t, Occ> out;
        for (const auto& r : m_.rdates) {
            const bool excluded = std::any_of(m_.exdates.begin(), m_.exdates.end(),
                                              [&](const Stamp& x) { return x.china() == r.china(); });
            if (!rule_occurrences.count(r.china()) && !excluded) out[r.china()] = {r.china(), r.china(), &m_};
        }
        for (const auto* o : s_.overrides) {
            const int64_t origin = o->recurrence_id->china();
            if (o->cancelled) out.erase(origin);
            else out[origin] = {o->start.china(), origin, o};
        }
        return out;
    }

    std::string occurrence_suffix(int64_t origin) const {
        const Date d = from_days(day_of(origin));
        char b[24];
        const int minute = static_cast<int>(origin - day_of(origin) * 1440);
        if (m_.start.date_only) std::snprintf(b, sizeof b, "-%04d%02d%02d", d.y, d.m, d.d);
        else std::snprintf(b, sizeof b, "-%04d%02d%02d%02d%02d", d.y, d.m, d.d, minute / 60, minute % 60);
        return b;
    }

    // Every occurrence (with the extras) as one-off entries. `more`: the
    // rule goes on past what was read.
    Result one_offs(std::map<int64_t, Occ> occ, const std::string& more) const {
        for (auto& [origin, o] : extras(occ)) occ[origin] = o;
        std::vector<Entry> out;
        for (const auto& [origin, o] : occ) {
            for (auto& e : pieces(o, make_id(m_.key, occurrence_suffix(origin)))) out.push_back(std::move(e));
            if (out.size() > kMaxOccurrences) break;
        }
        if (out.size() > kMaxOccurrences || !more.empty()) return too_many(kMaxOccurrences);
        return {std::move(out), std::nullopt};
    }

    // The event is skipped: it repeats more often than `max` allows.
    Result too_many(size_t max) const {
        return {{}, at_line(m_.rule_line ? m_.rule_line : m_.line,
                            problem(Code::ics_too_many, "RRULE", "\"{value}\" repeats more than {max} times; split it or shorten it",
                                    {{"value", m_.title}, {"max", std::to_string(max)}}))};
    }

    std::vector<Entry> with_extras(std::vector<Entry> weekly, const std::map<int64_t, Occ>& rule_occurrences) const {
        for (const auto& [origin, o] : extras(rule_occurrences))
            for (auto& e : pieces(o, make_id(m_.key, occurrence_suffix(origin)))) weekly.push_back(std::move(e));
        return weekly;
    }

    // Weekly entries that give exactly the rule's occurrences within the
    // term, leaving out its holidays as weekly entries do; nothing when
    // there are none such.
    std::optional<std::vector<Entry>> weekly_entries(const std::map<int64_t, Occ>& occ) const {
        const Term& t = *s_.term;
        const Rule& r = *m_.rule;
        if (r.freq != Freq::weekly || r.interval > 2) return std::nullopt;
        std::map<int, Date> first;  // weekday -> its first occurrence in the term
        std::set<Date> expected;
        std::optional<int64_t> time_of_day;
        for (const auto& [start, o] : occ) {
            const Date d = from_days(day_of(start));
            if (d < t.start || d > t.end) continue;
            const int64_t minute = start - day_of(start) * 1440;
            if ((time_of_day && *time_of_day != minute) || minute + m_.length > 1440 || m_.length <= 0) return std::nullopt;
            time_of_day = minute;
            first.emplace(weekday(d), d);
            if (std::find(t.holidays.begin(), t.holidays.end(), d) == t.holidays.end()) expected.insert(d);
        }
        if (first.empty()) return std::nullopt;
        for (const bool dated : {false, true}) {
            std::vector<Entry> entries;
            for (const auto& [wd, d] : first) {
                Entry e;
                e.id = make_id(m_.key, first.size() == 1 ? "" : weekday_suffix(wd));
                e.title = m_.title;
                e.location = m_.location;
                e.weekday = wd;
                e.start_min = static_cast<int>(*time_of_day);
                e.end_min = static_cast<int>(*time_of_day + m_.length);
                if (r.interval == 2) e.weeks = week_of_term(t, d) % 2 == 1 ? Weeks::odd : Weeks::even;
                if (dated) e.date = d;
                entries.push_back(std::move(e));
            }
            std::set<Date> got;
            for (const auto& o : expand(entries, &t, t.start, t.end)) got.insert(o.date);
            if (got == expected) return entries;
        }
        return std::nullopt;
    }

    // A rule without end and no term to read it within: only a weekly one
    // can be kept, as weekly entries from its first week on.
    Result without_end() const {
        const Rule& r = *m_.rule;
        if (r.freq == Freq::weekly && r.interval == 2)
            return {{}, at_line(m_.rule_line, problem(Code::weeks_need_term, "INTERVAL",
                                                      "an every-second-week event needs a term to count weeks from"))};
        if (r.freq != Freq::weekly || r.interval != 1)
            return {{}, at_line(m_.rule_line, problem(Code::ics_unsupported, "RRULE",
                                                      "{field}={value} repeats without end: without a term only weekly "
                                                      "events may, so set the term first",
                                                      {{"value", rrule_text()}}))};
        std::map<int, Occ> first;  // weekday -> first occurrence
        for (const auto t : starts(r, m_.start, std::numeric_limits<int64_t>::max(), 8).local)
            first.emplace(weekday(from_days(day_of(t + shift_))), Occ{t + shift_, t + shift_, &m_});
        std::vector<Entry> out;
        for (const auto& [wd, o] : first) {
            auto p = pieces(o, make_id(m_.key, first.size() == 1 ? "" : weekday_suffix(wd)));
            if (p.size() != 1)
                return {{}, at_line(m_.line, problem(Code::ics_unsupported, "DTEND",
                                                     "a weekly event over midnight ({field}={value}) is not supported",
                                                     {{"value", std::to_string(m_.length) + " min"}}))};
            p[0].weekday = wd;
            out.push_back(std::move(p[0]));
        }
        out = with_extras(std::move(out), {});
        if (m_.exdates.empty() && s_.overrides.empty()) return {std::move(out), std::nullopt};
        return {std::move(out), at_line(m_.exdate_line ? m_.exdate_line : m_.line,
                                        problem(Code::ics_unsupported, "EXDATE",
                                                "\"{value}\": exceptions to a weekly event without end need a term; "
                                                "imported without them",
                                                {{"value", m_.title}}))};
    }

    std::string rrule_text() const {
        const char* names[] = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};
        return std::string("FREQ=") + names[static_cast<int>(m_.rule->freq)];
    }

    const Series& s_;
    const Event& m_;
    const int shift_;  // minutes from the event's clock to China's
};

}  // namespace

namespace {

// The line (from 1) holding the first byte that is not well-formed UTF-8
// once folded lines are joined (RFC 5545 3.1), or nothing.
std::optional<size_t> first_non_utf8_line(std::string_view text) {
    std::string joined;
    std::vector<size_t> line_at;  // the file line of each byte of `joined`
    joined.reserve(text.size());
    line_at.reserve(text.size());
    size_t line = 1;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool crlf = c == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
        const size_t nl = crlf ? i + 1 : i;
        if ((c == '\n' || crlf) && nl + 1 < text.size() && (text[nl + 1] == ' ' || text[nl + 1] == '\t')) {
            ++line;
            i = nl + 1;  // the fold (line break and one blank) is not content
            continue;
        }
        joined.push_back(c);
        line_at.push_back(line);
        if (c == '\n') ++line;  // a '\n' belongs to the line it ends
    }
    const auto bad = text::invalid_utf8(joined);
    if (bad == std::string_view::npos) return std::nullopt;
    return line_at[bad];
}

}  // namespace

Import from_ics(std::string_view text, const Term* term) {
    Import out;
    if (text.size() > kMaxFileBytes) {
        out.problems.push_back(problem(Code::too_long, "file", "the file is larger than {max} bytes; split it first",
                                       {{"max", std::to_string(kMaxFileBytes)}}));
        return out;
    }
    // Older exports (GBK) are refused whole, naming the line: text that is
    // not UTF-8 would be stored, and every later JSON answer holding it fail.
    // Checked with folds joined, as a fold may split a character's bytes.
    if (const auto line = first_non_utf8_line(text)) {
        out.problems.push_back(problem(Code::malformed, "file", "the file is not UTF-8; save it as UTF-8 and import it again",
                                       {{"detail", "not UTF-8"}, {"line", std::to_string(*line)}}));
        return out;
    }
    auto parsed = ics::parse(text);
    out.problems = std::move(parsed.problems);
    if (!parsed.calendar) {
        out.problems.push_back(problem(Code::ics_not_calendar, "", "not an iCalendar file: there is no BEGIN:VCALENDAR"));
        return out;
    }
    std::vector<const Component*> vevents, vtimezones;
    for (const auto& root : parsed.roots) {
        for (const auto& c : root.children) (c.name == "VEVENT" ? vevents : vtimezones).push_back(&c);
        if (root.name == "VEVENT") vevents.push_back(&root);
    }
    std::erase_if(vtimezones, [](const Component* c) { return c->name != "VTIMEZONE"; });
    const Zones zones(vtimezones);

    std::vector<Event> events;
    for (const auto* c : vevents) {
        auto e = read_event(*c, zones);
        if (auto* p = std::get_if<Problem>(&e)) out.problems.push_back(std::move(*p));
        else events.push_back(std::move(std::get<Event>(e)));
    }
    std::map<std::string, std::vector<const Event*>> overrides;  // by key
    std::set<std::string> masters;
    for (const auto& e : events)
        if (e.recurrence_id) overrides[e.key].push_back(&e);
        else masters.insert(e.key);

    std::set<std::string> ids, seen;
    bool said_too_many = false;
    auto add = [&](const Event& e, Series s) {
        auto r = e.cancelled ? Result{} : Expander(s).run();
        if (r.problem) out.problems.push_back(*r.problem);
        for (const auto& entry : r.entries)
            if (auto p = validate(entry, entry.weekday ? term : nullptr)) return out.problems.push_back(at_line(e.line, *p));
        if (out.entries.size() + r.entries.size() > kMaxEntries) {
            if (!said_too_many)
                out.problems.push_back(at_line(e.line, problem(Code::too_many, "entries",
                                                               "more than {max} entries; this event and those after it are left out",
                                                               {{"max", std::to_string(kMaxEntries)}})));
            said_too_many = true;
            return;
        }
        for (const auto& entry : r.entries)
            if (ids.count(entry.id))
                return out.problems.push_back(at_line(e.line, problem(Code::duplicate, "UID",
                                                                      "{field} {value} appears twice; only the first event is imported",
                                                                      {{"value", e.key}})));
        for (auto& entry : r.entries) {
            ids.insert(entry.id);
            out.entries.push_back(std::move(entry));
        }
    };
    for (const auto& e : events) {
        if (e.recurrence_id) {
            // An override whose series is not in the file stands alone.
            if (!masters.count(e.key)) {
                Event alone = e;
                alone.key = e.key + "#" + std::to_string(e.recurrence_id->china());
                add(e, Series{alone, {}, term});
            }
            continue;
        }
        if (!seen.insert(e.key).second) {
            out.problems.push_back(at_line(e.line, problem(Code::duplicate, "UID",
                                                           "{field} {value} appears twice; only the first event is imported",
                                                           {{"value", e.key}})));
            continue;
        }
        add(e, Series{e, overrides[e.key], term});
    }
    std::stable_sort(out.problems.begin(), out.problems.end(), [](const Problem& a, const Problem& b) {
        return std::atoll(a.param("line").c_str()) < std::atoll(b.param("line").c_str());
    });
    if (out.problems.size() > kMaxProblems) out.problems.resize(kMaxProblems);
    return out;
}

}  // namespace zx::timetable
