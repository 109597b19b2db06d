// The iCalendar export of a timetable (zx/space/ics.hpp): to_ics.
#include "zx/space/ics.hpp"

#include "zx/space/ics_syntax.hpp"

#include <algorithm>
#include <cstdio>

namespace zx::timetable {

namespace {
constexpr const char* kTzid = "Asia/Shanghai";

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

// How an entry's start, end and excluded days are written: a whole day as a
// DATE (RFC 5545 §3.6.1: DTEND the day after), times in Asia/Shanghai.
struct Stamps {
    bool all_day;
    std::string prefix(const char* property) const {
        return std::string(property) + (all_day ? ";VALUE=DATE:" : std::string(";TZID=") + kTzid + ":");
    }
    std::string start(Date d, const Entry& e) const { return all_day ? ics_date(d) : ics_local(d, e.start_min); }
    std::string end(Date d, const Entry& e) const {
        return all_day ? ics_date(from_days(to_days(d) + 1)) : ics_local(d, e.end_min);
    }
};

void weekly_event(std::string& out, const Entry& e, const Term* term, Date today, const Stamps& st) {
    Date start = term ? term->start : *e.date;
    if (e.date && *e.date > start) start = *e.date;
    if (!term && !e.date) start = today;
    const Date first = first_weekly(e, term, start);
    emit(out, st.prefix("DTSTART") + st.start(first, e));
    emit(out, st.prefix("DTEND") + st.end(first, e));
    std::string rule = "RRULE:FREQ=WEEKLY;INTERVAL=";
    rule += e.weeks == Weeks::all ? "1" : "2";
    rule += ";BYDAY=" + std::string(ics::day_code(e.weekday));
    // UNTIL has DTSTART's type (RFC 5545 §3.3.10): for times, the last second
    // of the term's last day in Shanghai (23:59:59+08:00) is 15:59:59 UTC,
    // and UNTIL is in UTC when DTSTART has a TZID; for days, the day itself.
    if (term) rule += ";UNTIL=" + ics_date(term->end) + (st.all_day ? "" : "T155959Z");
    emit(out, rule);
    if (!term) return;
    std::string ex;
    for (const auto& h : term->holidays) {
        if (h < first || h > term->end || weekday(h) != e.weekday) continue;
        if (e.weeks != Weeks::all && (week_of_term(*term, h) % 2 == 1) != (e.weeks == Weeks::odd)) continue;
        ex += (ex.empty() ? "" : ",") + st.start(h, e);
    }
    if (!ex.empty()) emit(out, st.prefix("EXDATE") + ex);
}
}  // namespace

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
    const int secs = static_cast<int>(now_s % 86400);
    const std::string stamp =
        ics_date(from_days(now_s / 86400)) + "T" + two(secs / 3600) + two(secs / 60 % 60) + two(secs % 60) + "Z";
    const Date today = china_today(now_ms);
    for (const auto& e : entries) {
        if (validate(e, term)) continue;  // refused by expand() too; nothing half-written
        const Stamps st{whole_day(e)};
        emit(out, "BEGIN:VEVENT");
        emit(out, "UID:" + e.id + "@zhixing");
        emit(out, "DTSTAMP:" + stamp);
        emit(out, "SUMMARY:" + escape_text(e.title));
        if (!e.location.empty()) emit(out, "LOCATION:" + escape_text(e.location));
        if (e.weekday == 0) {
            emit(out, st.prefix("DTSTART") + st.start(*e.date, e));
            emit(out, st.prefix("DTEND") + st.end(*e.date, e));
        } else {
            weekly_event(out, e, term, today, st);
        }
        emit(out, "END:VEVENT");
    }
    emit(out, "END:VCALENDAR");
    return out;
}

}  // namespace zx::timetable
