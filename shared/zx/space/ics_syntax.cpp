#include "zx/space/ics_syntax.hpp"

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
};

// Physical lines joined into content lines (RFC 5545 §3.1: CRLF followed by
// one space or tab is removed). A fold may split a UTF-8 sequence; joining
// the bytes mends it.
std::vector<Line> unfold(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<Line> lines;
    size_t pos = 0, number = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !lines.empty())
            lines.back().text.append(line.substr(1));
        else
            lines.push_back({std::string(line), number});
    }
    return lines;
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
            out.problems.push_back(at_line(c.line, problem(Code::ics_no_end, "END", "the event has no END:VEVENT")));
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
    for (const auto& l : unfold(text)) {
        if (l.text.empty()) continue;
        auto p = split(l);
        if (!p) {
            if (b.in_event())
                b.out.problems.push_back(at_line(l.number, problem(Code::ics_bad_value, "", "\"{value}\" is not a property",
                                                                   {{"value", l.text.substr(0, 40)}})));
            continue;
        }
        if (p->name == "BEGIN") {
            const std::string name = upper(p->value);
            if (name == "VCALENDAR") b.out.calendar = true;
            // An event inside an event: the first one never ended.
            if (name == "VEVENT" && b.unwind_to(name)) b.close(false);
            b.open.push_back(Component{name, l.number, {}, {}});
        } else if (p->name == "END") {
            if (b.unwind_to(upper(p->value))) b.close(true);
        } else if (!b.open.empty()) {
            b.open.back().props.push_back(std::move(*p));
        }
    }
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
