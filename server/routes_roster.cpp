// The rosters part of the route table: a class's roster import, the ticket
// and the page of its printable cards, and a student's first sign-in with
// the code from their card. The rules are roster.hpp's and Accounts'.
#include "api_error.hpp"
#include "cards.hpp"
#include "roster.hpp"
#include "routes.hpp"

#include "zx/wire/api.hpp"

namespace zx::server {

namespace {

Response import_roster(const Call& c) {
    const auto& r = c.request;
    const auto dry = c.query_value("dry_run");
    const bool dry_run = dry == "1" || dry == "true";
    const auto type = r.content_type.substr(0, r.content_type.find(';'));
    // The file as it is (text/csv) lets a file in GBK reach the reader,
    // which names the encoding; JSON can only carry UTF-8.
    std::string text;
    if (type == "text/csv") text = r.body;
    else if (type == "application/json" || type.empty()) text = api::parse_roster_import(c.body()).csv;
    else
        throw ApiError(415, api::code::unsupported_media_type,
                       problem(Code::unknown_value, "Content-Type",
                               "a roster is sent as JSON with the file's text in \"csv\" (application/json) or as the file itself "
                               "(text/csv), not \"{value}\"",
                               {{"value", r.content_type}, {"allowed", "application/json, text/csv"}}));
    auto& s = c.services;
    return json_response(import_roster(s.store, s.clock, s.accounts, c.who(), c.param("id"), text, dry_run));
}

Response card_ticket(const Call& c) {
    // The body may be left out: the page is then in Chinese.
    const auto req = c.request.body.empty() ? api::CardTicketRequest{} : api::parse_card_ticket_request(c.body());
    auto& s = c.services;
    return json_response(issue_card_ticket(s.store, s.clock, s.accounts, c.who(), c.param("id"), req), 201);
}

Response cards(const Call& c) {
    Response res;
    res.content_type = "text/html; charset=utf-8";
    // Names and sign-in codes: kept by no cache, sent to no other site, and
    // the page may load nothing but its own inline styles and SVG.
    res.headers = {{"Cache-Control", "no-store"},
                   {"Referrer-Policy", "no-referrer"},
                   {"X-Content-Type-Options", "nosniff"},
                   {"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"}};
    // A HEAD (a link checker, a preview) must not use the ticket up.
    if (c.request.method == "HEAD") return res;
    auto& s = c.services;
    if (auto page = cards_page(s.store, s.clock, s.accounts, c.param("ticket"))) {
        res.body = std::move(*page);
        return res;
    }
    res.status = 410;
    res.body = cards_gone_html();
    return res;
}

Response first_sign_in(const Call& c) {
    auto req = api::parse_first_sign_in(c.body());
    auto& accounts = c.services.accounts;
    auto attempt = accounts.admit_first_sign_in(req, c.request.remote);
    return on_worker(
        c, [&accounts, req = std::move(req), attempt] { return json_response(accounts.first_sign_in(req, attempt)); },
        [&accounts, attempt] { accounts.cancel(attempt); });
}

}  // namespace

std::vector<Endpoint> roster_routes() {
    return {
        {.methods = {"POST"},
         .path = api::kRosterPath,
         .auth = Auth::user,
         .summary = "Import the class's roster from CSV (its teachers): creates or links each row's student, row by row; "
                    "importing the same file again changes nothing",
         .request = "RosterImportRequest",
         .response = "RosterImportResult",
         .request_media = {"application/json", "text/csv"},
         .query = {{"dry_run", "1 or true: check and report, store nothing", {"0", "1", "false", "true"}}},
         .handler = import_roster},
        {.methods = {"POST"},
         .path = api::kCardTicketsPath,
         .auth = Auth::user,
         .summary = "Issue a one-use ticket for the class's printable student cards (its teachers)",
         .request = "CardTicketRequest",
         .response = "CardTicket",
         .status = 201,
         .handler = card_ticket},
        {.methods = {"GET"},
         .path = api::kCardsPagePath,
         .summary = "The class's student cards as a printable A4 page, once per ticket (410 when used or expired); "
                    "students without a password get new first sign-in codes on it",
         .response = "CardsPage",
         .response_media = "text/html",
         .handler = cards},
        {.methods = {"POST"},
         .path = api::kFirstSignInPath,
         .summary = "Set the first password with the code from one's student card, once, and sign in",
         .request = "FirstSignInRequest",
         .response = "Session",
         .handler = first_sign_in},
    };
}

}  // namespace zx::server
