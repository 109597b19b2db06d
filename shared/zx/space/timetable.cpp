#include "zx/space/timetable.hpp"

#include "zx/core/china_time.hpp"

#include "zx/sync/model.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

namespace zx::timetable {

namespace {
constexpr int kTzOffsetMin = 8 * 60;  // Asia/Shanghai, all year
constexpr const char* kTzid = "Asia/Shanghai";
constexpr const char* kDayCodes[] = {"", "MO", "TU", "WE", "TH", "FR", "SA", "SU"};

bool valid_date(int y, int m, int d) {
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::string two(int v) {
    char b[16];
    std::snprintf(b, sizeof b, "%02d", v);
    return b;
}

std::string ics_date(Date d) {
    char b[32];
    std::snprintf(b, sizeof b, "%04d%02d%02d", d.y, d.m, d.d);
    return b;
}

std::string ics_local(Date d, int minutes) { return ics_date(d) + "T" + two(minutes / 60) + two(minutes % 60) + "00"; }

std::string escape_text(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\\' || c == ';' || c == ',') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c != '\r') {
            out += c;
        }
    }
    return out;
}

std::string unescape_text(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            const char n = s[++i];
            out += (n == 'n' || n == 'N') ? '\n' : n;
        } else {
            out += s[i];
        }
    }
    return out;
}

// RFC 5545 §3.1: lines longer than 75 octets continue on lines that start
// with a space; never split inside a UTF-8 sequence.
void emit(std::string& out, const std::string& line) {
    size_t pos = 0;
    bool first = true;
    while (pos < line.size()) {
        size_t room = first ? 75 : 74;
        size_t end = std::min(line.size(), pos + room);
        while (end < line.size() && end > pos && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
        if (!first) out += ' ';
        out.append(line, pos, end - pos);
        out += "\r\n";
        pos = end;
        first = false;
    }
    if (line.empty()) out += "\r\n";
}

Date first_weekly(const Entry& e, const Term* term, Date from) {
    int64_t day = to_days(from);
    for (int i = 0; i < 21; ++i, ++day) {
        const Date d = from_days(day);
        if (weekday(d) != e.weekday) continue;
        if (term && e.weeks != Weeks::all) {
            const int w = week_of_term(*term, d);
            if ((w % 2 == 1) != (e.weeks == Weeks::odd)) continue;
        }
        return d;
    }
    return from;
}
}  // namespace

int64_t to_days(Date dt) {
    // Howard Hinnant's days_from_civil.
    int y = dt.y - (dt.m <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = static_cast<unsigned>((153 * (dt.m + (dt.m > 2 ? -3 : 9)) + 2) / 5 + dt.d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468;
}

Date from_days(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

int weekday(Date d) {
    const int64_t z = to_days(d);  // 1970-01-01 was a Thursday
    return static_cast<int>(((z % 7 + 7) % 7 + 3) % 7) + 1;
}

std::optional<Date> parse_date(std::string_view s) {
    int y, m, d;
    char tail;
    const std::string str(s);
    if (std::sscanf(str.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s.size() != 10) return std::nullopt;
    if (!valid_date(y, m, d)) return std::nullopt;
    return Date{y, m, d};
}

std::string format(Date d) {
    char b[32];
    std::snprintf(b, sizeof b, "%04d-%02d-%02d", d.y, d.m, d.d);
    return b;
}

std::string_view weeks_code(Weeks w) {
    switch (w) {
        case Weeks::all: return "all";
        case Weeks::odd: return "odd";
        case Weeks::even: return "even";
    }
    return "all";
}

std::optional<Weeks> weeks_from_code(std::string_view s) {
    if (s == "all" || s.empty()) return Weeks::all;
    if (s == "odd") return Weeks::odd;
    if (s == "even") return Weeks::even;
    return std::nullopt;
}

int week_of_term(const Term& t, Date d) {
    const int64_t monday = to_days(t.start) - (weekday(t.start) - 1);
    const int64_t diff = to_days(d) - monday;
    return static_cast<int>((diff >= 0 ? diff : diff - 6) / 7) + 1;
}

std::optional<Problem> validate(const Entry& e, const Term* term) {
    const std::vector<std::pair<std::string, std::string>> who{{"title", e.title}};
    auto with = [&](std::vector<std::pair<std::string, std::string>> more) {
        more.insert(more.begin(), who.begin(), who.end());
        return more;
    };
    if (e.title.empty()) return problem(Code::required, "title", "an entry has no title");
    if (e.start_min < 0 || e.start_min >= 24 * 60 || e.end_min <= 0 || e.end_min > 24 * 60)
        return problem(Code::out_of_range, "time", "\"{title}\": times must lie within one day ({min}-{max})",
                       with({{"value", format_hhmm(e.start_min) + "-" + format_hhmm(e.end_min)}, {"min", "00:00"}, {"max", "24:00"}}));
    if (e.end_min <= e.start_min)
        return problem(Code::ends_before_start, e.title, "\"{title}\": ends ({end}) before it starts ({start})",
                       with({{"start", format_hhmm(e.start_min)}, {"end", format_hhmm(e.end_min)}}));
    if (e.weekday == 0) {
        if (!e.date) return problem(Code::one_off_needs_date, "date", "\"{title}\": a one-off event needs a date", who);
        return std::nullopt;
    }
    if (e.weekday < 1 || e.weekday > 7)
        return problem(Code::out_of_range, "weekday", "\"{title}\": weekday {value} is not {min} (Monday) to {max} (Sunday)",
                       with({{"value", std::to_string(e.weekday)}, {"min", "1"}, {"max", "7"}}));
    if (e.weeks != Weeks::all && !term)
        return problem(Code::weeks_need_term, "weeks",
                       "\"{title}\": odd/even weeks count from the term's first week, but no term start is set", who);
    if (!term && !e.date)
        return problem(Code::weekly_needs_start, "date", "\"{title}\": a weekly entry needs a term or a first date", who);
    if (term && term->end < term->start)
        return problem(Code::ends_before_start, term->name, "term \"{field}\" ends ({end}) before it starts ({start})",
                       {{"start", format(term->start)}, {"end", format(term->end)}});
    return std::nullopt;
}

std::vector<Occurrence> expand(const std::vector<Entry>& entries, const Term* term, Date from, Date to,
                               std::vector<Problem>* problems) {
    std::vector<Occurrence> out;
    const int64_t lo = to_days(from), hi = to_days(to);
    for (const auto& e : entries) {
        if (auto p = validate(e, term)) {
            if (problems) problems->push_back(*p);
            continue;
        }
        auto occ = [&](Date d) { out.push_back({e.id, e.title, e.location, d, e.start_min, e.end_min}); };
        if (e.weekday == 0) {
            const int64_t day = to_days(*e.date);
            if (day >= lo && day <= hi) occ(*e.date);
            continue;
        }
        int64_t first = lo, last = hi;
        if (term) {
            first = std::max(first, to_days(term->start));
            last = std::min(last, to_days(term->end));
        }
        if (e.date) first = std::max(first, to_days(*e.date));
        for (int64_t day = first; day <= last; ++day) {
            const Date d = from_days(day);
            if (weekday(d) != e.weekday) continue;
            if (term) {
                if (e.weeks != Weeks::all && (week_of_term(*term, d) % 2 == 1) != (e.weeks == Weeks::odd)) continue;
                if (std::find(term->holidays.begin(), term->holidays.end(), d) != term->holidays.end()) continue;
            }
            occ(d);
        }
    }
    std::sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) {
        return std::tie(a.date, a.start_min, a.end_min, a.title) < std::tie(b.date, b.start_min, b.end_min, b.title);
    });
    return out;
}

std::vector<Clash> clashes(const std::vector<Occurrence>& occ) {
    std::vector<Clash> out;
    for (size_t i = 0; i < occ.size(); ++i)
        for (size_t j = i + 1; j < occ.size() && occ[j].date == occ[i].date; ++j)
            if (occ[j].start_min < occ[i].end_min && occ[i].start_min < occ[j].end_min) out.push_back({occ[i], occ[j]});
    return out;
}

std::string to_ics(const std::vector<Entry>& entries, const Term* term, std::string_view calendar_name,
                   int64_t now_ms) {
    std::string out;
    emit(out, "BEGIN:VCALENDAR");
    emit(out, "VERSION:2.0");
    emit(out, "PRODID:-//Zhixing//Study Timetable//ZH");
    emit(out, "CALSCALE:GREGORIAN");
    emit(out, "METHOD:PUBLISH");
    emit(out, "X-WR-CALNAME:" + escape_text(calendar_name));
    emit(out, std::string("X-WR-TIMEZONE:") + kTzid);
    emit(out, "BEGIN:VTIMEZONE");
    emit(out, std::string("TZID:") + kTzid);
    emit(out, "BEGIN:STANDARD");
    emit(out, "DTSTART:19700101T000000");
    emit(out, "TZOFFSETFROM:+0800");
    emit(out, "TZOFFSETTO:+0800");
    emit(out, "TZNAME:CST");
    emit(out, "END:STANDARD");
    emit(out, "END:VTIMEZONE");

    const int64_t now_s = now_ms / 1000;
    const Date today = from_days(now_s / 86400);
    const int secs = static_cast<int>(now_s % 86400);
    const std::string stamp = ics_date(today) + "T" + two(secs / 3600) + two(secs / 60 % 60) + two(secs % 60) + "Z";
    const std::string tz = std::string(";TZID=") + kTzid + ":";
    for (const auto& e : entries) {
        if (validate(e, term)) continue;  // refused by expand() too; nothing half-written
        emit(out, "BEGIN:VEVENT");
        emit(out, "UID:" + e.id + "@zhixing");
        emit(out, "DTSTAMP:" + stamp);
        emit(out, "SUMMARY:" + escape_text(e.title));
        if (!e.location.empty()) emit(out, "LOCATION:" + escape_text(e.location));
        if (e.weekday == 0) {
            emit(out, "DTSTART" + tz + ics_local(*e.date, e.start_min));
            emit(out, "DTEND" + tz + ics_local(*e.date, e.end_min));
        } else {
            Date start = term ? term->start : *e.date;
            if (e.date && *e.date > start) start = *e.date;
            if (!term && !e.date) start = today;
            const Date first = first_weekly(e, term, start);
            emit(out, "DTSTART" + tz + ics_local(first, e.start_min));
            emit(out, "DTEND" + tz + ics_local(first, e.end_min));
            std::string rule = "RRULE:FREQ=WEEKLY;INTERVAL=";
            rule += e.weeks == Weeks::all ? "1" : "2";
            rule += std::string(";BYDAY=") + kDayCodes[e.weekday];
            // The last second of the term's last day in Shanghai (23:59:59+08:00)
            // is 15:59:59 UTC; RFC 5545 wants UNTIL in UTC when DTSTART has a TZID.
            if (term) rule += ";UNTIL=" + ics_date(term->end) + "T155959Z";
            emit(out, rule);
            if (term) {
                std::string ex;
                for (const auto& h : term->holidays) {
                    if (h < first || h > term->end || weekday(h) != e.weekday) continue;
                    if (e.weeks != Weeks::all && (week_of_term(*term, h) % 2 == 1) != (e.weeks == Weeks::odd)) continue;
                    ex += (ex.empty() ? "" : ",") + ics_local(h, e.start_min);
                }
                if (!ex.empty()) emit(out, "EXDATE" + tz + ex);
            }
        }
        emit(out, "END:VEVENT");
    }
    emit(out, "END:VCALENDAR");
    return out;
}

namespace {

// A problem of the file at a line: the line is a parameter (clients say
// "第 12 行" or "line 12" before the problem) and leads the English message.
Problem at_line(size_t line, Problem p) {
    p.params.emplace_back("line", std::to_string(line));
    p.message = "line " + std::to_string(line) + ": " + p.message;
    return p;
}

struct Property {
    std::string name;
    std::map<std::string, std::string> params;
    std::string value;
    size_t line = 0;
};

// "DTSTART;TZID=Asia/Shanghai:20260907T080000" -> date and minutes, local time.
bool parse_datetime(const Property& p, Date& date, int& minutes, std::optional<Problem>& problem) {
    const auto& v = p.value;
    int y, m, d, hh = 0, mm = 0, ss = 0;
    bool utc = false, all_day = false;
    if (v.size() == 8 && std::sscanf(v.c_str(), "%4d%2d%2d", &y, &m, &d) == 3) {
        all_day = true;
    } else if ((v.size() == 15 || v.size() == 16) &&
               std::sscanf(v.c_str(), "%4d%2d%2dT%2d%2d%2d", &y, &m, &d, &hh, &mm, &ss) == 6) {
        utc = v.size() == 16 && v.back() == 'Z';
    } else {
        problem = at_line(p.line, zx::problem(Code::ics_bad_value, p.name, "{field} \"{value}\" is not an iCalendar date-time",
                                              {{"value", v}}));
        return false;
    }
    if (!valid_date(y, m, d) || hh > 23 || mm > 59 || ss > 60) {
        problem = at_line(p.line, zx::problem(Code::ics_bad_value, p.name, "{field} \"{value}\" is not a real date and time",
                                              {{"value", v}}));
        return false;
    }
    auto tzid = p.params.find("TZID");
    if (tzid != p.params.end() && tzid->second != kTzid && tzid->second != "Asia/Chongqing" &&
        tzid->second != "PRC") {
        problem = at_line(p.line, zx::problem(Code::ics_unsupported, "TZID",
                                              "time zone {value} is not supported; timetables use Asia/Shanghai",
                                              {{"value", tzid->second}}));
        return false;
    }
    int64_t total = to_days({y, m, d}) * 1440 + hh * 60 + mm + (utc ? kTzOffsetMin : 0);
    date = from_days(total >= 0 ? total / 1440 : (total - 1439) / 1440);
    minutes = static_cast<int>(total - to_days(date) * 1440);
    if (all_day) minutes = 0;
    return true;
}

}  // namespace

Import from_ics(std::string_view text, const Term* term) {
    Import out;
    // Unfold: a line starting with a space or tab continues the previous one.
    std::vector<std::pair<std::string, size_t>> lines;
    size_t pos = 0, line_no = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(pos, end - pos));
        pos = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !lines.empty())
            lines.back().first += line.substr(1);
        else
            lines.emplace_back(std::move(line), line_no);
    }
    bool calendar = false;
    for (const auto& [l, n] : lines)
        if (l == "BEGIN:VCALENDAR") calendar = true;
    if (!calendar) {
        out.problems.push_back(problem(Code::ics_not_calendar, "", "not an iCalendar file: there is no BEGIN:VCALENDAR"));
        return out;
    }

    bool in_event = false;
    size_t event_line = 0;
    std::map<std::string, Property> ev;
    int generated = 0;
    auto finish = [&] {
        auto fail = [&](Problem p) { out.problems.push_back(std::move(p)); };
        const auto start = ev.find("DTSTART");
        if (start == ev.end())
            return fail(at_line(event_line, problem(Code::ics_no_start, "DTSTART", "the event has no DTSTART")));
        Entry e;
        std::optional<Problem> err;
        Date d0;
        int m0 = 0;
        if (!parse_datetime(start->second, d0, m0, err)) return fail(*err);
        if (auto end = ev.find("DTEND"); end != ev.end()) {
            Date d1;
            int m1 = 0;
            if (!parse_datetime(end->second, d1, m1, err)) return fail(*err);
            if (d1 == d0) e.end_min = m1;
            else if (to_days(d1) == to_days(d0) + 1 && m1 == 0) e.end_min = 24 * 60;
            else
                return fail(at_line(end->second.line, problem(Code::ics_unsupported, "DTEND", "events that span days are not supported",
                                                              {{"value", end->second.value}})));
        } else {
            e.end_min = std::min(24 * 60, m0 + 45);
        }
        e.start_min = m0;
        if (start->second.value.size() == 8) e.end_min = 24 * 60;  // an all-day event
        e.title = ev.count("SUMMARY") ? unescape_text(ev["SUMMARY"].value) : "";
        e.location = ev.count("LOCATION") ? unescape_text(ev["LOCATION"].value) : "";
        std::string uid = ev.count("UID") ? ev["UID"].value.substr(0, ev["UID"].value.find('@')) : "";
        e.id = model::valid_id(uid) ? uid : "ics-" + std::to_string(++generated);

        if (auto rr = ev.find("RRULE"); rr != ev.end()) {
            std::map<std::string, std::string> parts;
            size_t p = 0;
            const auto& v = rr->second.value;
            while (p < v.size()) {
                size_t semi = v.find(';', p);
                if (semi == std::string::npos) semi = v.size();
                const auto item = v.substr(p, semi - p);
                const auto eq = item.find('=');
                if (eq != std::string::npos) parts[item.substr(0, eq)] = item.substr(eq + 1);
                p = semi + 1;
            }
            const size_t rl = rr->second.line;
            if (parts["FREQ"] != "WEEKLY")
                return fail(at_line(rl, problem(Code::ics_unsupported, "FREQ", "only weekly repetition is supported ({field}={value})",
                                                {{"value", parts["FREQ"]}})));
            const std::string interval = parts.count("INTERVAL") ? parts["INTERVAL"] : "1";
            if (interval != "1" && interval != "2")
                return fail(at_line(rl, problem(Code::ics_unsupported, "INTERVAL",
                                                "repeating every {value} weeks is not supported (1 or 2)", {{"value", interval}})));
            e.weekday = weekday(d0);
            if (parts.count("BYDAY") && !parts["BYDAY"].empty()) {
                const auto by = parts["BYDAY"];
                if (by.find(',') != std::string::npos)
                    return fail(at_line(rl, problem(Code::ics_unsupported, "BYDAY",
                                                    "one weekly event on several days is not supported ({field}={value})",
                                                    {{"value", by}})));
                int k = 0;
                for (int i = 1; i <= 7; ++i)
                    if (by == kDayCodes[i]) k = i;
                if (k == 0)
                    return fail(at_line(rl, problem(Code::ics_bad_value, "BYDAY", "{field}={value} is not a weekday", {{"value", by}})));
                e.weekday = k;
            }
            if (interval == "2") {
                if (!term)
                    return fail(at_line(rl, problem(Code::weeks_need_term, "INTERVAL",
                                                    "an every-second-week event needs a term to count weeks from")));
                e.weeks = week_of_term(*term, d0) % 2 == 1 ? Weeks::odd : Weeks::even;
            }
            if (!term) e.date = d0;
        } else {
            e.date = d0;
        }
        if (auto v = validate(e, term)) return fail(at_line(event_line, *v));
        out.entries.push_back(std::move(e));
    };

    for (const auto& [l, n] : lines) {
        if (l == "BEGIN:VEVENT") {
            if (in_event) out.problems.push_back(at_line(event_line, problem(Code::ics_no_end, "END", "the event has no END:VEVENT")));
            in_event = true;
            event_line = n;
            ev.clear();
            continue;
        }
        if (l == "END:VEVENT") {
            if (in_event) finish();
            in_event = false;
            continue;
        }
        if (!in_event) continue;
        const auto colon = l.find(':');
        if (colon == std::string::npos) {
            out.problems.push_back(
                at_line(n, problem(Code::ics_bad_value, "", "\"{value}\" is not a property", {{"value", l.substr(0, 40)}})));
            continue;
        }
        Property p;
        p.line = n;
        p.value = l.substr(colon + 1);
        std::string head = l.substr(0, colon);
        size_t semi = head.find(';');
        p.name = head.substr(0, semi);
        while (semi != std::string::npos) {
            size_t next = head.find(';', semi + 1);
            const auto param = head.substr(semi + 1, next == std::string::npos ? std::string::npos : next - semi - 1);
            const auto eq = param.find('=');
            if (eq != std::string::npos) p.params[param.substr(0, eq)] = param.substr(eq + 1);
            semi = next;
        }
        ev[p.name] = std::move(p);
    }
    if (in_event) out.problems.push_back(at_line(event_line, problem(Code::ics_no_end, "END", "the event has no END:VEVENT")));
    return out;
}

std::optional<Problem> check_date(std::string_view field, std::string_view v, bool required) {
    if (v.empty()) {
        if (required) return problem(Code::required, std::string(field), "{field} is required");
        return std::nullopt;
    }
    if (!parse_date(v))
        return problem(Code::not_a_date, std::string(field), "{field} \"{value}\" is not a real date (YYYY-MM-DD)",
                       {{"value", std::string(v)}});
    return std::nullopt;
}

Date china_today(int64_t now_ms) { return from_days(china::day_of(now_ms)); }

std::string format_date_time(int64_t ms) { return format(china_today(ms)) + " " + format_hhmm(china::minute_of_day(ms)); }

std::optional<int> parse_hhmm(std::string_view s) {
    int h = 0, m = 0;
    char tail = 0;
    const std::string z(s);
    if (std::sscanf(z.c_str(), "%d:%d%c", &h, &m, &tail) != 2 || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m))
        return std::nullopt;
    return h * 60 + m;
}

std::string format_hhmm(int minutes) {
    minutes = std::clamp(minutes, 0, 24 * 60);
    char b[8];
    std::snprintf(b, sizeof b, "%02d:%02d", (minutes / 60) % 100, minutes % 60);
    return b;
}

}  // namespace zx::timetable
