#include "zx/space/ics_syntax.hpp"

#include "zx/space/ics.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace zx::timetable::ics {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

struct Line {
    std::string text;
    size_t number = 0;
    bool overlong = false;  // longer than kMaxLineBytes: `text` holds only its start
};

// Physical lines joined into content lines (RFC 5545 §3.1: CRLF followed by
// one space or tab is removed), each handed to `emit` once complete; one
// line is held at a time. A fold may split a UTF-8 sequence; joining the
// bytes mends it.
template <class Emit>
void unfold(std::string_view text, Emit&& emit) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    Line cur;
    bool have = false;
    size_t pos = 0, number = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const bool continues = have && !line.empty() && (line[0] == ' ' || line[0] == '\t');
        if (!continues) {
            if (have) emit(cur);
            cur = Line{"", number, false};
            have = true;
        }
        const std::string_view part = continues ? line.substr(1) : line;
        // Past the limit only the flag is kept: memory stays within it.
        const size_t room = kMaxLineBytes - cur.text.size();
        if (part.size() > room) cur.overlong = true;
        cur.text.append(part.substr(0, room));
    }
    if (have) emit(cur);
}

// NAME *(";" PARAM) ":" VALUE, where a parameter value may be a quoted
// string holding ':' , ';' and ','. Nothing when there is no ':' outside
// quotes.
std::optional<Property> split(const Line& l) {
    const std::string& s = l.text;
    Property p;
    p.line = l.number;
    size_t i = 0;
    while (i < s.size() && s[i] != ';' && s[i] != ':') ++i;
    if (i == s.size() || i == 0) return std::nullopt;
    p.name = upper(s.substr(0, i));
    while (s[i] == ';') {
        const size_t name_start = ++i;
        while (i < s.size() && s[i] != '=' && s[i] != ';' && s[i] != ':') ++i;
        if (i == s.size()) return std::nullopt;
        std::string name = upper(s.substr(name_start, i - name_start));
        std::string value;
        if (s[i] == '=') {
            ++i;
            bool quoted = false;
            for (; i < s.size(); ++i) {
                const char c = s[i];
                if (c == '"') quoted = !quoted;
                else if (!quoted && (c == ';' || c == ':')) break;
                else value += c;
            }
            if (i == s.size()) return std::nullopt;
        }
        p.params.emplace_back(std::move(name), std::move(value));
    }
    p.value = s.substr(i + 1);
    return p;
}

struct Builder {
    Parsed out;
    std::vector<Component> open;  // the innermost last
    size_t events = 0;            // VEVENTs begun
    // Inside a component that is skipped (too deep, an event past
    // kMaxEvents): how many of its BEGINs are open.
    size_t skipping = 0;
    bool said_too_many_props = false;

    // Problems past kMaxProblems are not kept: a file of a million bad
    // lines must not make a million problems.
    void report(Problem p) {
        if (out.problems.size() < kMaxProblems) out.problems.push_back(std::move(p));
    }
    void limit_problem(size_t line, std::string field, size_t max, const char* english) {
        report(at_line(line, problem(Code::too_many, std::move(field), english, {{"max", std::to_string(max)}})));
    }

    bool in_event() const {
        return std::any_of(open.begin(), open.end(), [](const Component& c) { return c.name == "VEVENT"; });
    }
    void attach(Component c) {
        if (open.empty()) out.roots.push_back(std::move(c));
        else open.back().children.push_back(std::move(c));
    }
    // Closes the innermost open component; one that lacks its END is kept,
    // except an event, which would be half-read.
    void close(bool ended) {
        Component c = std::move(open.back());
        open.pop_back();
        if (!ended && c.name == "VEVENT") {
            report(at_line(c.line, problem(Code::ics_no_end, "END", "the event has no END:VEVENT")));
            return;
        }
        attach(std::move(c));
    }
    // Closes everything above the innermost open component called `name`;
    // false when none is open.
    bool unwind_to(const std::string& name) {
        const auto it = std::find_if(open.rbegin(), open.rend(), [&](const Component& c) { return c.name == name; });
        if (it == open.rend()) return false;
        const size_t keep = static_cast<size_t>(open.rend() - it);  // index of that component, plus one
        while (open.size() > keep) close(false);
        return true;
    }
};

}  // namespace

std::string Property::param(std::string_view n) const {
    for (const auto& [k, v] : params)
        if (k == n) return v;
    return "";
}

const Property* Component::find(std::string_view n) const {
    for (const auto& p : props)
        if (p.name == n) return &p;
    return nullptr;
}

std::vector<const Property*> Component::all(std::string_view n) const {
    std::vector<const Property*> out;
    for (const auto& p : props)
        if (p.name == n) out.push_back(&p);
    return out;
}

Parsed parse(std::string_view text) {
    Builder b;
    unfold(text, [&b](const Line& l) {
        if (l.text.empty()) return;
        if (l.overlong) {
            const std::string name = upper(l.text.substr(0, std::min(l.text.find_first_of(";:"), size_t{40})));
            b.report(at_line(l.number, problem(Code::too_long, name, "{field} is longer than {max} bytes; left out",
                                                               {{"max", std::to_string(kMaxLineBytes)}})));
            return;
        }
        auto p = split(l);
        if (!p) {
            if (b.in_event() && !b.skipping)
                b.report(at_line(l.number, problem(Code::ics_bad_value, "", "\"{value}\" is not a property",
                                                                   {{"value", l.text.substr(0, 40)}})));
            return;
        }
        if (b.skipping) {
            // Only the nesting is followed until the skipped component ends.
            if (p->name == "BEGIN") ++b.skipping;
            else if (p->name == "END") --b.skipping;
            return;
        }
        if (p->name == "BEGIN") {
            const std::string name = upper(p->value);
            if (name == "VCALENDAR") b.out.calendar = true;
            // An event inside an event: the first one never ended.
            if (name == "VEVENT" && b.unwind_to(name)) b.close(false);
            if (b.open.size() >= kMaxDepth) {
                b.limit_problem(l.number, "BEGIN", kMaxDepth, "components nest more than {max} deep; the inner ones are left out");
                b.skipping = 1;
                return;
            }
            if (name == "VEVENT" && ++b.events > kMaxEvents) {
                if (b.events == kMaxEvents + 1)
                    b.limit_problem(l.number, "VEVENT", kMaxEvents, "more than {max} events; the rest of the file is left out");
                b.skipping = 1;
                return;
            }
            b.open.push_back(Component{name, l.number, {}, {}});
        } else if (p->name == "END") {
            if (b.unwind_to(upper(p->value))) b.close(true);
        } else if (!b.open.empty()) {
            auto& props = b.open.back().props;
            if (props.size() >= kMaxProperties) {
                if (!b.said_too_many_props)
                    b.limit_problem(l.number, b.open.back().name, kMaxProperties,
                                    "{field} has more than {max} properties; the rest are left out");
                b.said_too_many_props = true;
                return;
            }
            props.push_back(std::move(*p));
        }
    });
    while (!b.open.empty()) b.close(false);
    return std::move(b.out);
}

namespace {
constexpr std::string_view kDayCodes[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
}

std::string_view day_code(int weekday) { return weekday >= 1 && weekday <= 7 ? kDayCodes[weekday - 1] : ""; }

int weekday_of_code(std::string_view code) {
    for (int i = 0; i < 7; ++i)
        if (code == kDayCodes[i]) return i + 1;
    return 0;
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

Problem at_line(size_t line, Problem p) {
    p.params.emplace_back("line", std::to_string(line));
    p.message = "line " + std::to_string(line) + ": " + p.message;
    return p;
}

}  // namespace zx::timetable::ics
