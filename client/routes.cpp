#include "routes.hpp"

#include <array>
#include <vector>

namespace zx::client {

namespace {

struct RouteRow {
    ViewId view;
    std::string_view list;    // "/notes": the view ("" = the home view)
    std::string_view object;  // "/note/<id>": one object of it ("" = none)
    bool account;             // shows the signed-in person's data
};

constexpr std::array kRoutes{
    RouteRow{ViewId::space, "", "", false},
    RouteRow{ViewId::knowledge, "notes", "note", true},
    RouteRow{ViewId::tools, "tools", "", true},
    RouteRow{ViewId::activities, "activities", "activity", true},
    RouteRow{ViewId::timetable, "timetable", "", true},
    RouteRow{ViewId::map, "map", "map", false},
    RouteRow{ViewId::trips, "trips", "trip", true},
    RouteRow{ViewId::settings, "settings", "", false},
    RouteRow{ViewId::attention, "attention", "", true},
    RouteRow{ViewId::family, "family", "", true},
};

const RouteRow& row_of(ViewId v) {
    for (const auto& r : kRoutes)
        if (r.view == v) return r;
    return kRoutes.front();
}

bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.' || c == ':';
        if (!ok) return false;
    }
    return id != "." && id != "..";
}

std::vector<std::string_view> segments(std::string_view s) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i <= s.size()) {
        const size_t j = s.find('/', i);
        const size_t end = j == std::string_view::npos ? s.size() : j;
        if (end > i) out.push_back(s.substr(i, end - i));
        if (j == std::string_view::npos) break;
        i = j + 1;
    }
    return out;
}

}  // namespace

std::optional<Link> parse_link(std::string_view text) {
    if (!text.empty() && text.front() == '#') text.remove_prefix(1);
    if (text.size() > 600) return std::nullopt;
    const auto seg = segments(text);
    Link r;
    if (seg.empty()) return r;
    for (const auto& row : kRoutes) {
        if (!row.list.empty() && seg[0] == row.list && seg.size() == 1) {
            r.view = row.view;
            return r;
        }
        if (row.object.empty() || seg[0] != row.object || seg.size() < 2) continue;
        if (!valid_id(seg[1])) return std::nullopt;
        r.view = row.view;
        r.id = std::string(seg[1]);
        // Activities name the child or the submission after the activity.
        for (size_t i = 2; i < seg.size(); i += 2) {
            if (row.view != ViewId::activities || i + 1 >= seg.size() || !valid_id(seg[i + 1])) return std::nullopt;
            if (seg[i] == "child" && r.child.empty()) r.child = std::string(seg[i + 1]);
            else if (seg[i] == "review" && r.review.empty()) r.review = std::string(seg[i + 1]);
            else return std::nullopt;
        }
        return r;
    }
    return std::nullopt;
}

std::string print_link(const Link& r) {
    const RouteRow& row = row_of(r.view);
    if (r.id.empty() || row.object.empty() || !valid_id(r.id)) return "/" + std::string(row.list);
    std::string out = "/" + std::string(row.object) + "/" + r.id;
    if (r.view == ViewId::activities) {
        if (valid_id(r.child)) out += "/child/" + r.child;
        if (valid_id(r.review)) out += "/review/" + r.review;
    }
    return out;
}

bool link_needs_account(const Link& r) { return row_of(r.view).account; }

}  // namespace zx::client
