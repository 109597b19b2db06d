#include "space_data.hpp"

#include "views/records.hpp"

namespace zx::client {

namespace tt = timetable;

TimetableData timetable_data(const Replica& data, const std::string& class_id) {
    TimetableData out;
    // The class's term if there is one, else the user's own.
    const sync::Record* term = nullptr;
    for (const auto* t : data.list("terms")) {
        const auto cls = rec::str(*t, "class_id");
        if (!class_id.empty() ? cls == class_id : (!cls.empty() || !term)) term = t;
    }
    if (term) {
        const auto start = tt::parse_date(rec::str(*term, "start_date"));
        const auto end = tt::parse_date(rec::str(*term, "end_date"));
        if (start && end) {
            tt::Term t{term->id, rec::str(*term, "name"), *start, *end, {}};
            const auto h = rec::json_of(*term, "holidays");
            if (h.is_array())
                for (const auto& d : h)
                    if (d.is_string())
                        if (auto x = tt::parse_date(d.get<std::string>())) t.holidays.push_back(*x);
            out.term = t;
        }
    }
    for (const auto* r : data.list("timetable_entries")) {
        if (!class_id.empty() && rec::str(*r, "class_id") != class_id) continue;
        tt::Entry e;
        e.id = r->id;
        e.title = rec::str(*r, "title");
        e.location = rec::str(*r, "location");
        e.weekday = static_cast<int>(rec::num(*r, "weekday"));
        e.start_min = static_cast<int>(rec::num(*r, "start_min"));
        e.end_min = static_cast<int>(rec::num(*r, "end_min"));
        e.weeks = tt::weeks_from_code(rec::str(*r, "weeks")).value_or(tt::Weeks::all);
        if (auto d = tt::parse_date(rec::str(*r, "date"))) e.date = d;
        out.entries.push_back(std::move(e));
    }
    return out;
}

}  // namespace zx::client
