#include "zx/space/timetable.hpp"

#include "zx/core/china_time.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace zx::timetable {

namespace {
bool valid_date(int y, int m, int d) {
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
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

bool real_date(Date d) { return valid_date(d.y, d.m, d.d); }

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
    for (size_t i = 0; i < occ.size(); ++i) {
        if (whole_day(occ[i])) continue;
        for (size_t j = i + 1; j < occ.size() && occ[j].date == occ[i].date; ++j)
            if (!whole_day(occ[j]) && occ[j].start_min < occ[i].end_min && occ[i].start_min < occ[j].end_min)
                out.push_back({occ[i], occ[j]});
    }
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
