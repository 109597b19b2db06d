#include "zx/space/ics_recur.hpp"

#include "zx/space/timetable.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace zx::timetable::ics {

namespace {

std::optional<int> positive(const std::string& s) {
    if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const int v = std::stoi(s);
    return v > 0 ? std::optional<int>(v) : std::nullopt;
}

Problem unsupported(const Property& p, const std::string& part, const std::string& value) {
    return at_line(p.line, problem(Code::ics_unsupported, part, "repeating by {field}={value} is not supported", {{"value", value}}));
}

Problem bad(const Property& p, const std::string& part, const std::string& value) {
    return at_line(p.line, problem(Code::ics_bad_value, part, "{field}={value} cannot be read", {{"value", value}}));
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos <= s.size()) {
        size_t end = s.find(sep, pos);
        if (end == std::string::npos) end = s.size();
        out.push_back(s.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

// UNTIL on DTSTART's clock: a UTC time moved onto it, a date as its last minute.
std::variant<int64_t, Problem> read_until(const Property& p, const std::string& v, const Stamp& start) {
    Property as{"UNTIL", {}, v, p.line};
    auto s = read_stamp(as, Zones({}));
    if (auto* problem = std::get_if<Problem>(&s)) return *problem;
    const auto& u = std::get<Stamp>(s);
    if (u.date_only) return u.local + 1439;
    const bool utc = v.back() == 'Z' || v.back() == 'z';
    return utc ? u.local + start.offset : u.local;  // a floating UNTIL is on DTSTART's clock already
}

}  // namespace

std::variant<Rule, Problem> read_rule(const Property& p, const Stamp& start) {
    std::map<std::string, std::string> parts;
    for (const auto& item : split(p.value, ';')) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) continue;
        std::string key = item.substr(0, eq), value = item.substr(eq + 1);
        for (auto& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        for (auto& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        parts[key] = value;
    }
    Rule r;
    const auto freq = parts["FREQ"];
    if (freq == "DAILY") r.freq = Freq::daily;
    else if (freq == "WEEKLY") r.freq = Freq::weekly;
    else if (freq == "MONTHLY") r.freq = Freq::monthly;
    else if (freq == "YEARLY") r.freq = Freq::yearly;
    else return unsupported(p, "FREQ", freq);
    const Date d0 = from_days(day_of(start.local));
    for (const auto& [key, value] : parts) {
        if (key == "FREQ") continue;
        if (key == "INTERVAL" || key == "COUNT") {
            const auto n = positive(value);
            if (!n) return bad(p, key, value);
            (key == "INTERVAL" ? r.interval : r.count.emplace()) = *n;
        } else if (key == "UNTIL") {
            // A date after 2200 (some applications write 99991231) means no end.
            if (value.size() >= 4 && value.substr(0, 4) > "2200") continue;
            auto u = read_until(p, value, start);
            if (auto* problem = std::get_if<Problem>(&u)) return *problem;
            r.until = std::get<int64_t>(u);
        } else if (key == "WKST") {
            r.wkst = weekday_of_code(value);
            if (!r.wkst) return bad(p, key, value);
        } else if (key == "BYDAY") {
            if (r.freq != Freq::daily && r.freq != Freq::weekly) return unsupported(p, key, value);
            for (const auto& code : split(value, ',')) {
                const int d = weekday_of_code(code);
                if (!d) return code.size() > 2 && weekday_of_code(code.substr(code.size() - 2)) ? unsupported(p, key, value)
                                                                                          : bad(p, key, value);
                if (std::find(r.byday.begin(), r.byday.end(), d) == r.byday.end()) r.byday.push_back(d);
            }
        } else if (key == "BYMONTHDAY" && (r.freq == Freq::monthly || r.freq == Freq::yearly) &&
                   value == std::to_string(d0.d)) {
            // repeats DTSTART's day of the month
        } else if (key == "BYMONTH" && r.freq == Freq::yearly && value == std::to_string(d0.m)) {
            // repeats DTSTART's month
        } else {
            return unsupported(p, key, value);
        }
    }
    return r;
}

Starts starts(const Rule& rule, const Stamp& start, int64_t stop, size_t max) {
    Starts out;
    out.local.push_back(start.local);
    if (rule.count && *rule.count <= 1) {
        out.ended = true;
        return out;
    }
    const int64_t d0 = day_of(start.local), time_of_day = start.local - d0 * 1440;
    const Date first = from_days(d0);
    const int64_t last_day = to_days({2200, 12, 31});
    std::vector<int> days = rule.byday;
    if (days.empty() && rule.freq == Freq::weekly) days.push_back(weekday(first));
    // One candidate day; true when the enumeration is over.
    auto offer = [&](int64_t day) {
        if (!days.empty() && std::find(days.begin(), days.end(), weekday(from_days(day))) == days.end()) return false;
        const int64_t t = day * 1440 + time_of_day;
        if (t <= start.local) return false;
        if (rule.until && t > *rule.until) return out.ended = true;
        if (t > stop) return true;
        out.local.push_back(t);
        if (rule.count && out.local.size() >= static_cast<size_t>(*rule.count)) return out.ended = true;
        return out.capped = out.local.size() >= max;
    };
    const int64_t step = rule.interval;
    for (int64_t k = 0;; ++k) {
        switch (rule.freq) {
            case Freq::daily: {
                const int64_t day = d0 + k * step;
                if (day > last_day) return out;
                if (offer(day)) return out;
                break;
            }
            case Freq::weekly: {
                const int64_t week = d0 - (weekday(first) - rule.wkst + 7) % 7 + 7 * step * k;
                if (week > last_day) return out;
                for (int i = 0; i < 7; ++i)
                    if (offer(week + i)) return out;
                break;
            }
            case Freq::monthly: {
                const int64_t month = first.y * 12 + (first.m - 1) + k * step;
                const Date d{static_cast<int>(month / 12), static_cast<int>(month % 12) + 1, first.d};
                if (d.y > 2200) return out;
                if (real_date(d) && offer(to_days(d))) return out;
                break;
            }
            case Freq::yearly: {
                const Date d{first.y + static_cast<int>(k * step), first.m, first.d};
                if (d.y > 2200) return out;
                if (real_date(d) && offer(to_days(d))) return out;
                break;
            }
        }
    }
}

}  // namespace zx::timetable::ics
