#include "zx/space/ics_time.hpp"

#include "zx/space/timetable.hpp"

#include <algorithm>
#include <cctype>

namespace zx::timetable::ics {

namespace {

// Zones that keep one offset all year today, by the names calendar
// applications write: IANA names (Apple, Google, DingTalk, WeCom), Windows
// names (Outlook), and the old aliases. Xinjiang's IANA zone is UTC+6 (many
// there keep Beijing time, but a file that names Asia/Urumqi means its
// clock).
struct KnownZone {
    std::string_view name;
    int offset;
};
constexpr KnownZone kKnownZones[] = {
    {"Asia/Shanghai", 480},        {"Asia/Chongqing", 480},       {"Asia/Chungking", 480},
    {"Asia/Harbin", 480},          {"PRC", 480},                  {"Asia/Hong_Kong", 480},
    {"Hongkong", 480},             {"Asia/Macau", 480},           {"Asia/Macao", 480},
    {"Asia/Taipei", 480},          {"ROC", 480},                  {"Etc/GMT-8", 480},
    {"China Standard Time", 480},  {"Taipei Standard Time", 480}, {"Asia/Urumqi", 360},
    {"Asia/Kashgar", 360},         {"UTC", 0},                    {"Etc/UTC", 0},
    {"GMT", 0},                    {"Etc/GMT", 0},
};

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::optional<int> known(std::string_view tzid) {
    for (const auto& z : kKnownZones)
        if (same_name(tzid, z.name)) return z.offset;
    // Thunderbird and libical prefix the IANA name with a path:
    // "/mozilla.org/20070129_1/Asia/Shanghai".
    for (const auto& z : kKnownZones)
        if (tzid.size() > z.name.size() + 1 && tzid[tzid.size() - z.name.size() - 1] == '/' &&
            same_name(tzid.substr(tzid.size() - z.name.size()), z.name))
            return z.offset;
    // Outlook's display names, "(UTC+08:00) Beijing, Chongqing, Hong Kong,
    // Urumqi": every zone of Windows at +08:00 keeps it all year. Other
    // offsets are not taken from a name, as some of them have summer time.
    for (std::string_view prefix : {"(UTC+08:00)", "(GMT+08:00)"})
        if (tzid.starts_with(prefix)) return 480;
    return std::nullopt;
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

// "+0800", "-0500", "+053000" -> minutes east of UTC.
std::optional<int> utc_offset(std::string_view s) {
    int hh = 0, mm = 0;
    if (s.size() < 5 || (s[0] != '+' && s[0] != '-') || !digits(s, 1, 2, hh) || !digits(s, 3, 2, mm)) return std::nullopt;
    return (s[0] == '-' ? -1 : 1) * (hh * 60 + mm);
}

// A date or date-time as 15 characters ("19910915T020000"), for ordering
// the observances of a VTIMEZONE; "" when unreadable.
std::string sortable(std::string_view v) {
    if (v.size() == 8) return std::string(v) + "T000000";
    if (v.size() >= 15) return std::string(v.substr(0, 15));
    return "";
}

// The one offset a VTIMEZONE keeps from its last change on, or nothing when
// it keeps changing (daylight saving time). Its observances (STANDARD,
// DAYLIGHT) start at DTSTART and repeat by RRULE and RDATE: those whose
// RRULE has no end still change the offset every year, so they must all
// agree; otherwise the observance that started last is in force. Apple
// writes the past changes of a zone (China's summer time of 1986-1991), so
// an observance that has ended does not count.
std::optional<int> fixed_offset(const Component& tz) {
    std::optional<int> ongoing;
    bool any_ongoing = false, disagree = false;
    std::string last_start;
    std::optional<int> last_offset;
    for (const auto& o : tz.children) {
        if (o.name != "STANDARD" && o.name != "DAYLIGHT") continue;
        const auto* to = o.find("TZOFFSETTO");
        const auto offset = to ? utc_offset(to->value) : std::nullopt;
        if (!offset) return std::nullopt;
        std::string start = o.find("DTSTART") ? sortable(o.find("DTSTART")->value) : "";
        if (const auto* rule = o.find("RRULE")) {
            const auto at = rule->value.find("UNTIL=");
            if (at == std::string::npos && rule->value.find("COUNT=") == std::string::npos) {
                if (any_ongoing && ongoing != offset) disagree = true;
                any_ongoing = true;
                ongoing = offset;
                continue;
            }
            if (at != std::string::npos) start = std::max(start, sortable(rule->value.substr(at + 6, 16)));
        }
        for (const auto* r : o.all("RDATE")) start = std::max(start, sortable(r->value));
        if (!last_offset || start > last_start) {
            last_start = start;
            last_offset = offset;
        } else if (start == last_start && offset != last_offset) {
            return std::nullopt;  // two offsets from the same moment on
        }
    }
    if (any_ongoing) return disagree ? std::nullopt : ongoing;
    return last_offset;
}

Problem bad_value(const Property& p, std::string_view value, const char* english) {
    return at_line(p.line, problem(Code::ics_bad_value, p.name, english, {{"value", std::string(value.substr(0, 40))}}));
}

}  // namespace

int64_t day_of(int64_t minutes) { return minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440; }

Zones::Zones(const std::vector<const Component*>& vtimezones) {
    for (const auto* tz : vtimezones)
        if (const auto* id = tz->find("TZID")) defined_[id->value] = fixed_offset(*tz);
}

std::optional<int> Zones::offset(std::string_view tzid) const {
    if (const auto k = known(tzid)) return k;
    if (const auto it = defined_.find(tzid); it != defined_.end()) return it->second;
    return std::nullopt;
}

std::variant<Stamp, Problem> read_stamp(const Property& p, std::string_view v, const Zones& zones) {
    int y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
    const bool date_only = v.size() == 8;
    const bool utc = v.size() == 16 && (v[15] == 'Z' || v[15] == 'z');
    const bool shaped = digits(v, 0, 4, y) && digits(v, 4, 2, m) && digits(v, 6, 2, d) &&
                        (date_only || ((v.size() == 15 || utc) && (v[8] == 'T' || v[8] == 't') && digits(v, 9, 2, hh) &&
                                       digits(v, 11, 2, mm) && digits(v, 13, 2, ss)));
    if (!shaped) return bad_value(p, v, "{field} \"{value}\" is not an iCalendar date-time");
    if (!real_date({y, m, d}) || hh > 23 || mm > 59 || ss > 60)
        return bad_value(p, v, "{field} \"{value}\" is not a real date and time");
    Stamp s;
    s.local = to_days({y, m, d}) * 1440 + hh * 60 + mm;
    s.date_only = date_only;
    if (utc) {
        s.offset = 0;
    } else if (const auto tzid = p.param("TZID"); !tzid.empty() && !date_only) {
        const auto offset = zones.offset(tzid);
        if (!offset)
            return at_line(p.line, problem(Code::ics_time_zone, "TZID",
                                           "time zone \"{value}\" has no fixed offset from UTC, so its times cannot be "
                                           "converted to China time (UTC+8)",
                                           {{"value", tzid}}));
        s.offset = *offset;
    }
    return s;
}

std::variant<Stamp, Problem> read_stamp(const Property& p, const Zones& zones) { return read_stamp(p, p.value, zones); }

std::variant<std::vector<Stamp>, Problem> read_stamps(const Property& p, const Zones& zones) {
    std::vector<Stamp> out;
    size_t pos = 0;
    while (pos <= p.value.size()) {
        size_t comma = p.value.find(',', pos);
        if (comma == std::string::npos) comma = p.value.size();
        const std::string_view one = std::string_view(p.value).substr(pos, comma - pos);
        pos = comma + 1;
        if (one.empty()) continue;
        // RDATE;VALUE=PERIOD:start/end or start/duration: the start is the occurrence.
        auto s = read_stamp(p, one.substr(0, one.find('/')), zones);
        if (auto* problem = std::get_if<Problem>(&s)) return *problem;
        out.push_back(std::get<Stamp>(s));
    }
    return out;
}

std::optional<int64_t> read_duration(std::string_view s) {
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    if (s.size() < 3 || s[0] != 'P') return std::nullopt;
    int64_t seconds = 0;
    bool in_time = false, any = false;
    for (size_t i = 1; i < s.size();) {
        if (s[i] == 'T') {
            if (in_time) return std::nullopt;
            in_time = true;
            ++i;
            continue;
        }
        int64_t n = 0;
        const size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 9) n = n * 10 + (s[i++] - '0');
        if (i == start || i == s.size()) return std::nullopt;
        const char unit = s[i++];
        if (!in_time && unit == 'W') seconds += n * 7 * 86400;
        else if (!in_time && unit == 'D') seconds += n * 86400;
        else if (in_time && unit == 'H') seconds += n * 3600;
        else if (in_time && unit == 'M') seconds += n * 60;
        else if (in_time && unit == 'S') seconds += n;
        else return std::nullopt;
        any = true;
    }
    if (!any) return std::nullopt;
    return seconds / 60;
}

}  // namespace zx::timetable::ics
