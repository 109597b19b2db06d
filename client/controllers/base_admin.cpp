#include "controllers/base_admin.hpp"

#include "messages.hpp"
#include "platform/platform.hpp"

#include "zx/wire/api.hpp"

namespace zx::client {

namespace {
// The rows of a report shown under its summary; the rest are counted.
constexpr size_t kReportRows = 8;
}  // namespace

void BaseAdminController::handle(const ImportBases& c) {
    const Lang l = s_.lang();
    s_.platform.file_open(".geojson,.json,.csv,application/geo+json,text/csv", c.path_hint,
                          [this, l](std::optional<std::pair<std::string, std::string>> file) {
        auto& m = s_.state.map;
        if (!file) {
            m.import = {tr(l, S::NoFileRead), false};
            return;
        }
        const auto name = file->first;
        const bool csv = name.ends_with(".csv") || name.ends_with(".CSV");
        m.import = {trf(l, S::Importing, {{"file", name}}), true};
        m.importing = true;
        platform::HttpRequest req{"POST", api::kBasesImportPath, std::move(file->second), s_.state.account.token,
                                  csv ? "text/csv" : "application/geo+json"};
        s_.platform.http(req, [this, l, name](const platform::HttpResponse& raw) {
            auto& map = s_.state.map;
            map.importing = false;
            const auto r = read_reply(raw);
            if (!r.ok()) {
                map.import = {trf(l, S::ImportFailed, {{"file", name}, {"detail", describe(l, r)}}), false};
                return;
            }
            api::ImportResult report;
            try {
                from_json(r.body, report);
            } catch (const std::exception& e) {
                map.import = {trf(l, S::BadAnswer, {{"detail", e.what()}}), false};
                return;
            }
            std::string text = trf(l, S::ImportReport, {{"file", name}, {"added", report.added}, {"updated", report.updated},
                                                        {"routes", report.routes}, {"problems", report.errors.size()}});
            for (size_t i = 0; i < report.errors.size() && i < kReportRows; ++i) {
                const auto& e = report.errors[i];
                text += "\n" + trf(l, S::ImportRow, {{"row", e.row}, {"id", e.id}, {"problem", describe(l, e.problem)}});
            }
            map.import = {text, report.errors.empty()};
            if (on_imported) on_imported();  // sync brings them to the records too
        });
    });
}

void BaseAdminController::handle(const SetBaseStatus& c) {
    const Lang l = s_.lang();
    s_.engine.edit({"bases", c.base_id, management_fields(c.status, c.capacity, c.reason)},
                   [this, l](const EditOutcome& o) {
                       s_.state.report(s_.state.notices.bases, o.ok ? Notice{tr(l, S::SavedLocally), true} : Notice{describe(l, o), false});
                   });
}

}  // namespace zx::client
