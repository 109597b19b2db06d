#include "controllers/roster.hpp"

#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"

#include "zx/core/format.hpp"
#include "zx/tours/roster.hpp"
#include "zx/wire/api.hpp"

#include <algorithm>

namespace zx::client {

namespace {
// Lines of a report shown under its summary (problems first, then the new
// students' codes); the rest are counted.
constexpr size_t kReportLines = 8;
}  // namespace

void RosterController::notice(bool ok, std::string text) {
    auto& r = s_.state.roster;
    r.busy = false;
    r.notice = {std::move(text), ok};
}

void RosterController::handle(const ImportRoster& c) {
    auto& r = s_.state.roster;
    if (r.busy) return;
    r.class_id = c.class_id;
    r.notice = {};
    if (c.pasted) return upload(c.class_id, tr(s_.lang(), S::RosterPasted), *c.pasted);
    r.busy = true;
    s_.platform.file_open(".csv,text/csv", "", [this, id = c.class_id](std::optional<std::pair<std::string, std::string>> file) {
        if (!file) return notice(false, tr(s_.lang(), S::NoFileRead));
        upload(id, file->first, file->second);
    });
}

void RosterController::upload(const std::string& class_id, const std::string& name, const std::string& text) {
    const Lang l = s_.lang();
    auto& r = s_.state.roster;
    // The rules the server applies, here first: the class's grade as this
    // device knows it (the server checks against its own).
    RosterOptions options;
    if (s_.state.data)
        if (const auto* cls = s_.state.data->school_class(class_id)) options.class_grade = cls->grade;
    const auto local = parse_roster(text, options);
    if (local.fatal)
        return notice(false, trf(l, S::ImportFailed, {{"file", name}, {"detail", describe(l, local.errors.at(0).problem)}}));
    r.busy = true;
    r.notice = {trf(l, S::Importing, {{"file", name}}), true};
    s_.api.send("POST", zx::format(api::kRosterPath, {{"id", class_id}}), api::RosterImportRequest{text},
                s_.state.account.token, [this, name](const ApiReply& reply) {
                    const Lang lang = s_.lang();
                    if (!reply.ok())
                        return notice(false, trf(lang, S::ImportFailed, {{"file", name}, {"detail", describe(lang, reply)}}));
                    api::RosterImportResult report;
                    try {
                        from_json(reply.body, report);
                    } catch (const std::exception& e) {
                        return notice(false, trf(lang, S::BadAnswer, {{"detail", e.what()}}));
                    }
                    std::string out = trf(lang, S::RosterReport,
                                          {{"file", name}, {"created", report.created}, {"linked", report.linked},
                                           {"unchanged", report.unchanged}, {"problems", report.errors.size()}});
                    std::vector<std::string> lines;
                    for (const auto& e : report.errors)
                        lines.push_back(trf(lang, S::ImportRow, {{"row", e.row}, {"id", e.id}, {"problem", describe(lang, e.problem)}}));
                    for (const auto& st : report.students)
                        if (!st.first_code.empty())
                            lines.push_back(trf(lang, S::RosterCreatedLine, {{"name", st.name}, {"number", st.student_no},
                                                                             {"username", st.username}, {"code", st.first_code}}));
                    for (size_t i = 0; i < lines.size() && i < kReportLines; ++i) out += "\n" + lines[i];
                    if (lines.size() > kReportLines) out += "\n" + trf(lang, S::RosterMore, {{"count", lines.size() - kReportLines}});
                    const bool refused_rows = std::any_of(report.errors.begin(), report.errors.end(),
                                                          [](const ImportError& e) { return !e.warning; });
                    notice(!refused_rows, std::move(out));
                    ++s_.state.roster.imported;
                    s_.engine.sync_soon();  // the new students and numbers come by sync
                });
}

void RosterController::handle(const PrintCards& c) {
    auto& r = s_.state.roster;
    if (r.busy) return;
    r.class_id = c.class_id;
    r.busy = true;
    r.notice = {};
    const api::CardTicketRequest req{std::string(lang_code(s_.lang()))};
    s_.api.send("POST", zx::format(api::kCardTicketsPath, {{"id", c.class_id}}), req, s_.state.account.token,
                [this, class_id = c.class_id](const ApiReply& reply) {
                    const Lang l = s_.lang();
                    if (!reply.ok()) return notice(false, trf(l, S::CardsFailed, {{"detail", describe(l, reply)}}));
                    api::CardTicket ticket;
                    try {
                        from_json(reply.body, ticket);
                    } catch (const std::exception& e) {
                        return notice(false, trf(l, S::BadAnswer, {{"detail", e.what()}}));
                    }
                    s_.platform.show_page(ticket.path, "cards-" + class_id + ".html", [this](const platform::Platform::PageShown& p) {
                        const Lang lang = s_.lang();
                        using K = platform::Platform::PageShown::Kind;
                        switch (p.kind) {
                            case K::tab: return notice(true, tr(lang, S::CardsOpened));
                            case K::saved:
                                s_.state.roster.saved_to = p.where;
                                return notice(true, trf(lang, S::CardsSaved, {{"where", p.where}}));
                            case K::blocked: return notice(false, tr(lang, S::CardsBlocked));
                            case K::failed: break;
                        }
                        // No answer, a refusal (410: the one-use link was spent), or the page came and could not be saved.
                        const std::string detail = p.status == 0     ? std::string(tr(lang, S::ServerUnreachable))
                                                   : p.status != 200 ? trf(lang, S::HttpStatus, {{"status", p.status}})
                                                                     : p.error;
                        notice(false, trf(lang, S::CardsFailed, {{"detail", detail}}));
                    });
                });
}

}  // namespace zx::client
