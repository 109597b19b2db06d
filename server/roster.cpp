// Rosters and cards (roster.hpp):
//   1. the class a teacher acts on, its students
//   2. import_roster: find, link or make each row's student
//   3. card tickets and the card page
#include "roster.hpp"

#include "api_error.hpp"
#include "cards.hpp"
#include "crypto.hpp"
#include "sync_service.hpp"

#include "zx/core/format.hpp"
#include "zx/sync/fields.hpp"
#include "zx/tours/roster.hpp"
#include "zx/tours/student_card.hpp"
#include "zx/wire/api.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace zx::server {

using nlohmann::json;

namespace {

// --- 1. The class and its students -------------------------------------------------

// The live class `who` teaches, or the refusal roster.hpp describes.
sync::Record taught_class(db::Connection& c, const Principal& who, const std::string& class_id, const std::string& action) {
    require_school_teacher(who, action);
    if (!who.teaching.count(class_id)) not_found("classes", class_id);
    auto cls = repo::load(c, "classes", class_id);
    if (!cls || cls->deleted) not_found("classes", class_id);
    return *cls;
}

// The class's students (live memberships and accounts), by id.
std::set<std::string> students_of(db::Connection& c, const std::string& class_id) {
    std::set<std::string> out;
    for (const auto& row : c.query("SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id "
                                   "WHERE m.class_id = ?1 AND m.role = 'student' AND m.deleted = 0 AND u.deleted = 0",
                                   json::array({class_id})))
        out.insert(row[0].get<std::string>());
    return out;
}

void add_member(db::Connection& c, ServerClock& clock, const std::string& class_id, const std::string& user_id,
                const std::string& by) {
    server_write(c, clock, "memberships", "m-" + crypto::random_id(),
                 {{"class_id", class_id}, {"user_id", user_id}, {"role", "student"}}, std::nullopt, by);
    refresh_relationships(c, clock, user_id);
}

// Thrown after a dry run's writes so that the transaction rolls back.
struct DryRunDone {};

}  // namespace

// --- 2. Import ------------------------------------------------------------------------

api::RosterImportResult import_roster(Store& store, ServerClock& clock, Accounts& accounts, const Principal& who,
                                      const std::string& class_id, std::string_view text, bool dry_run) {
    api::RosterImportResult answer;
    answer.class_id = class_id;
    answer.dry_run = dry_run;
    try {
        store.write([&](db::Connection& c) {
            const auto cls = taught_class(c, who, class_id, "import a class roster");
            const auto school = repo::text(cls, "school_id");
            RosterOptions options;
            options.class_grade = static_cast<int>(fields::integer(cls.fields, "grade"));
            auto report = parse_roster(text, options);
            if (report.fatal) {
                auto p = report.errors.at(0).problem;
                p.message = "roster import: " + p.message;
                throw ApiError(400, api::code::bad_request, std::move(p));
            }
            auto members = students_of(c, class_id);
            for (const auto& row : report.rows) {
                api::RosterStudent out;
                out.row = row.row;
                out.student_no = row.student_no;
                const auto by_number = c.query(
                    "SELECT id, display_name, username FROM users WHERE school_id = ?1 AND student_no = ?2 "
                    "AND role = 'student' AND deleted = 0 ORDER BY id LIMIT 1",
                    json::array({school, row.student_no}));
                if (!by_number.empty()) {
                    out.user_id = by_number[0][0].get<std::string>();
                    out.name = by_number[0][1].is_string() ? by_number[0][1].get<std::string>() : "";
                    out.username = by_number[0][2].is_string() ? by_number[0][2].get<std::string>() : "";
                    // The account's name is the student's own (they may edit
                    // it); a different one in the file is worth a look, as it
                    // may be a mistyped number.
                    if (out.name != row.name) {
                        auto p = problem(Code::name_differs, "name",
                                         "student number {student_no} is \"{value}\" in the file and \"{expected}\" in the "
                                         "account; the account's name is kept",
                                         {{"student_no", row.student_no}, {"value", row.name}, {"expected", out.name}});
                        report.errors.push_back({row.row, row.student_no, p.message, p, true});
                    }
                    if (members.count(out.user_id)) {
                        out.outcome = api::RosterOutcome::unchanged;
                    } else {
                        add_member(c, clock, class_id, out.user_id, who.user_id);
                        members.insert(out.user_id);
                        out.outcome = api::RosterOutcome::linked;
                    }
                } else {
                    // A member who joined with the class code has no number:
                    // the roster's row of the same name is them, when only
                    // one such member has that name.
                    std::vector<sync::Record> named;
                    for (const auto& id : members)
                        if (auto u = repo::load(c, "users", id);
                            u && repo::text(*u, "display_name") == row.name && repo::text(*u, "student_no").empty() &&
                            (repo::text(*u, "school_id").empty() || repo::text(*u, "school_id") == school))
                            named.push_back(*u);
                    if (named.size() == 1) {
                        out.user_id = named[0].id;
                        out.name = row.name;
                        out.username = repo::text(named[0], "username");
                        json fields{{"student_no", row.student_no}};
                        if (repo::text(named[0], "school_id").empty()) fields["school_id"] = school;
                        server_write(c, clock, "users", out.user_id, fields, std::nullopt, who.user_id);
                        out.outcome = api::RosterOutcome::linked;
                    } else {
                        const auto made = accounts.create_roster_student(c, row.name, school, row.student_no);
                        out.user_id = made.id;
                        out.name = made.display_name;
                        out.username = made.username;
                        add_member(c, clock, class_id, out.user_id, who.user_id);
                        members.insert(out.user_id);
                        out.first_code = accounts.issue_first_code(c, out.user_id, class_id, who.user_id, out.first_code_expires_at);
                        out.outcome = api::RosterOutcome::created;
                    }
                }
                switch (out.outcome) {
                    case api::RosterOutcome::created: ++answer.created; break;
                    case api::RosterOutcome::linked: ++answer.linked; break;
                    case api::RosterOutcome::unchanged: ++answer.unchanged; break;
                }
                answer.students.push_back(std::move(out));
            }
            std::stable_sort(report.errors.begin(), report.errors.end(),
                             [](const ImportError& a, const ImportError& b) { return a.row < b.row; });
            answer.rows = report.rows_seen;
            answer.errors = std::move(report.errors);
            if (dry_run) throw DryRunDone{};
        });
    } catch (const DryRunDone&) {
        // rolled back, as asked: the answer says what an import would do,
        // but its codes were never stored
        for (auto& s : answer.students) {
            s.first_code.clear();
            s.first_code_expires_at = 0;
        }
    }
    return answer;
}

// --- 3. Card tickets and the page -------------------------------------------------------

api::CardTicket issue_card_ticket(Store& store, ServerClock& clock, Accounts& accounts, const Principal& who,
                                  const std::string& class_id, const api::CardTicketRequest& request) {
    const auto ticket = crypto::random_token(24);
    api::CardTicket out{zx::format(api::kCardsPagePath, {{"ticket", ticket}}),
                        clock.wall_ms() + accounts.codes().card_ticket_ms};
    store.write([&](db::Connection& c) {
        (void)taught_class(c, who, class_id, "print a class's cards");
        c.prepare("INSERT INTO card_tickets (ticket_hash, class_id, issued_by, lang, issued_at, expires_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .bind(1, crypto::sha256_hex(ticket)).bind(2, class_id).bind(3, who.user_id).bind(4, request.lang)
            .bind(5, clock.wall_ms()).bind(6, out.expires_at).step();
    });
    return out;
}

std::optional<std::string> cards_page(Store& store, ServerClock& clock, Accounts& accounts, const std::string& ticket) {
    std::optional<CardSheet> sheet;
    store.write([&](db::Connection& c) {
        const auto digest = crypto::sha256_hex(ticket);
        const auto rows = c.query("SELECT class_id, issued_by, lang FROM card_tickets "
                                  "WHERE ticket_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
                                  json::array({digest, clock.wall_ms()}));
        if (rows.empty()) return;
        c.prepare("UPDATE card_tickets SET used_at = ?1 WHERE ticket_hash = ?2").bind(1, clock.wall_ms()).bind(2, digest).step();
        const auto class_id = rows[0][0].get<std::string>();
        const auto teacher_id = rows[0][1].get<std::string>();
        // Whoever asked must still teach the class now.
        const auto teacher = load_principal(c, teacher_id);
        if (!teacher || !teacher->school_teacher() || !teacher->teaching.count(class_id)) return;
        const auto cls = repo::load(c, "classes", class_id);
        if (!cls || cls->deleted) return;
        CardSheet s;
        s.lang = rows[0][2].get<std::string>();
        s.class_name = repo::text(*cls, "name");
        const auto school_id = repo::text(*cls, "school_id");
        if (const auto school = repo::load(c, "schools", school_id)) s.school = repo::text(*school, "name");
        for (const auto& id : students_of(c, class_id)) {
            const auto u = repo::load(c, "users", id);
            CardFace f;
            f.name = repo::text(*u, "display_name");
            f.student_no = repo::text(*u, "student_no");
            f.username = repo::text(*u, "username");
            // The card says which school: a number on its own means nothing
            // at a base where several schools' students arrive.
            const auto own_school = repo::text(*u, "school_id");
            if (!f.student_no.empty() && valid_student_no(f.student_no) && !own_school.empty())
                f.payload = card_payload(own_school, f.student_no);
            if (!Accounts::has_password(c, id))
                f.first_code = accounts.issue_first_code(c, id, class_id, teacher_id, f.first_code_expires_at);
            s.cards.push_back(std::move(f));
        }
        // In the roster's order: by number, those without one last, by name.
        std::sort(s.cards.begin(), s.cards.end(), [](const CardFace& a, const CardFace& b) {
            if (a.student_no.empty() != b.student_no.empty()) return b.student_no.empty();
            return a.student_no != b.student_no ? a.student_no < b.student_no : a.name < b.name;
        });
        sheet = std::move(s);
    });
    if (!sheet) return std::nullopt;
    return cards_html(*sheet);
}

}  // namespace zx::server
