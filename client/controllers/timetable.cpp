#include "controllers/timetable.hpp"

#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"

#include "zx/text/lists.hpp"

namespace zx::client {

namespace tt = timetable;

void TimetableController::report(const EditOutcome& o, S ok_text) {
    s_.state.report(s_.state.notices.timetable, o.ok ? Notice{tr(s_.lang(), ok_text), true} : Notice{describe(s_.lang(), o), false});
}

void TimetableController::handle(const AddTimetableEntry& c) {
    const auto* data = s_.state.data;
    if (!data) return;
    const auto& term = data->timetable(c.item.class_id).term;
    const auto item = place_entry(c.item, term ? &*term : nullptr, s_.state.now_ms);
    if (auto p = validate(item, term ? &*term : nullptr)) return report({false, p, {}}, S::SavedLocally);
    s_.engine.edit({"timetable_entries", "tim-" + s_.platform.random_hex(12), to_fields(item)},
                   [this](const EditOutcome& o) { report(o, S::SavedLocally); });
}

void TimetableController::handle(const DeleteTimetableEntry& c) {
    s_.engine.edit({"timetable_entries", c.id, nlohmann::json::object(), true},
                   [this](const EditOutcome& o) { report(o, S::EntryDeleted); });
}

void TimetableController::handle(const SaveTerm& c) {
    TermItem t = c.term;
    t.holidays = text::split_list(c.holidays, text::kBlanksAndCommas);
    if (auto p = validate(t)) return report({false, p, {}}, S::SavedLocally);
    const std::string id = t.id.empty() ? "ter-" + s_.platform.random_hex(12) : t.id;
    s_.engine.edit({"terms", id, to_fields(t)}, [this](const EditOutcome& o) { report(o, S::SavedLocally); });
}

void TimetableController::handle(const ExportTimetable& c) {
    const Lang l = s_.lang();
    const auto* data = s_.state.data;
    if (!data) return;
    const auto& td = data->timetable(c.class_id);
    const auto ics = tt::to_ics(td.entries, td.term ? &*td.term : nullptr,
                                s_.state.account.user.display_name + " · " + tr(l, S::SpaceTimetable), s_.state.now_ms);
    s_.platform.file_save("zhixing-timetable.ics", "text/calendar", ics, [this, l](bool ok, const std::string& where) {
        s_.state.report(s_.state.notices.timetable, ok ? Notice{trf(l, S::Exported, {{"where", where}}), true}
                                   : Notice{trf(l, S::ExportFailed, {{"detail", where}}), false});
    });
}

void TimetableController::handle(const ImportTimetable& c) {
    const Lang l = s_.lang();
    s_.platform.file_open(".ics,text/calendar", c.path_hint,
                          [this, l, class_id = c.class_id](std::optional<std::pair<std::string, std::string>> file) {
        if (!file) {
            s_.state.report(s_.state.notices.timetable, {tr(l, S::NoFileRead), false});
            return;
        }
        const auto* data = s_.state.data;
        if (!data) return;
        const auto& td = data->timetable(class_id);
        const auto result = tt::from_ics(file->second, td.term ? &*td.term : nullptr);
        // Every entry read is one record, all of them in one transaction, with
        // ids that the same file gives again: importing it twice updates them.
        // An entry exported from here and read back is the record it was.
        const auto& me = s_.state.account.user.id;
        std::vector<RecordWrite> writes;
        for (const auto& e : result.entries) {
            const auto* mine = data->timetable_entry(e.id);
            if (mine && !mine->owner_id.empty() && mine->owner_id != me) mine = nullptr;
            TimetableItem item;
            item.entry = e;
            item.kind = mine ? mine->kind : "event";
            item.class_id = class_id;
            if (td.term && e.weekday) item.term_id = td.term->id;
            auto fields = to_fields(item);
            // What the entry does not have is cleared: an update becomes the entry read.
            for (const char* f : {"date", "weeks", "term_id"})
                if (!fields.contains(f)) fields[f] = nullptr;
            writes.push_back({"timetable_entries", mine ? e.id : imported_entry_id(me, class_id, e.id), std::move(fields)});
        }
        std::string text = trf(l, S::Imported, {{"count", result.entries.size()}, {"file", file->first},
                                                {"failed", result.problems.size()}});
        for (size_t i = 0; i < result.problems.size() && i < 5; ++i) text += "\n" + describe(l, result.problems[i]);
        const bool clean = result.problems.empty();
        s_.engine.edit(std::move(writes), [this, l, text, clean](const EditOutcome& o) {
            s_.state.report(s_.state.notices.timetable, o.ok ? Notice{text, clean} : Notice{describe(l, o), false});
        });
    });
}

}  // namespace zx::client
