#pragma once
// The API's routes as a table. Each Endpoint says what the dispatcher
// (router.hpp) needs — methods, path, who may call it, the query parameters
// it takes — and what the API document (openapi.hpp) shows: a summary and
// the schema names of the request and the answer. The handlers live by area:
//   routes_public.cpp    health, bases, a base by id, GeoJSON export and import, the API document
//   routes_accounts.cpp  register, log in and out, password, sessions, teacher invitations,
//                        me, classes and their join codes, guardian codes and links
//   routes_sync.cpp      one record by id, push, pull, the live channel
//   routes_kiosk.cpp     kiosks: enrolment codes, enrol, devices and revoking, today, events
//   routes_roster.cpp    a class's roster import, its card ticket and printable cards, first sign-in
// Nothing else lists paths: the dispatcher answers 404 and 405 from the table.
#include "accounts.hpp"
#include "authz.hpp"
#include "http.hpp"
#include "kiosk.hpp"
#include "live.hpp"
#include "repo.hpp"
#include "store.hpp"
#include "sync_service.hpp"
#include "workers.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zx::server {

// What the handlers work with; owned by the Server.
struct Services {
    Store& store;
    ServerClock& clock;
    Accounts& accounts;
    SyncService& sync;
    Workers& passwords;  // Argon2 work, off the network threads
    EventHub& live;      // the live channel's streams
};

// Who may call a route. The dispatcher checks before the handler runs.
enum class Auth {
    none,   // anyone
    token,  // a bearer token must be sent, valid or not (signing out an unknown session is harmless)
    user,   // a valid session
    admin,  // a valid session of an administrator
    device, // a kiosk's valid device token (kiosk.hpp); sessions do not open these routes
};
std::string_view to_code(Auth a);

// One request as a handler sees it: the path's {name} values, the query and,
// for Auth::user and Auth::admin, who is signed in.
struct Call {
    const Request& request;
    Services& services;
    std::vector<std::pair<std::string, std::string>> path_params;
    std::vector<std::pair<std::string, std::string>> query;  // as sent (not decoded), names known to the route
    std::optional<Principal> principal;
    std::optional<KioskDevice> device;  // Auth::device

    // The value of path segment {name}; the table guarantees it exists.
    const std::string& param(std::string_view name) const;
    // The value of a query parameter, if sent.
    std::optional<std::string> query_value(std::string_view name) const;
    // The signed-in user (routes with Auth::user or Auth::admin).
    const Principal& who() const;
    // The request body as JSON, strictly parsed (ValidationError otherwise).
    nlohmann::json body() const;
};

using RouteHandler = Response (*)(const Call&);

struct QueryParam {
    std::string name;
    std::string description;
    std::vector<std::string> values;  // the values allowed; empty: any
};

struct Endpoint {
    // Upper-case methods, usually one. HEAD is allowed wherever GET is and is
    // never listed.
    std::vector<std::string> methods;
    // An exact path ("/api/v1/health") or a pattern whose {name} segments
    // match one non-empty segment each ("/api/v1/bases/{id}"). Where an exact
    // segment and a {name} both match, the exact one wins ("bases/import").
    std::string path;
    Auth auth = Auth::none;
    // One line for the API document, an imperative sentence ("List …"). For
    // Auth::admin it also names the action in the refusal of other users.
    std::string summary;
    // Schema names (api_schema.hpp) of the body taken and of the success
    // answer; "" for none.
    std::string request = {};
    std::string response = {};
    int status = 200;  // the success status
    // Media types of the body taken (empty: application/json) and of the answer.
    std::vector<std::string> request_media = {};
    std::string response_media = "application/json";
    // Query parameters it takes; any other is refused with 400.
    std::vector<QueryParam> query = {};
    RouteHandler handler = nullptr;
};

// The parts of the table, one per file, and all of it (in that order).
std::vector<Endpoint> public_routes();
std::vector<Endpoint> account_routes();
std::vector<Endpoint> sync_routes();
std::vector<Endpoint> kiosk_routes();
std::vector<Endpoint> roster_routes();
const std::vector<Endpoint>& api_routes();

// A JSON answer with Cache-Control: no-store (API answers are per user and
// change with every write).
Response json_response(const nlohmann::json& j, int status = 200);

// What `fn` answers, or the JSON error body of what it throws: an ApiError
// as it says (with its Allow, Retry-After and WWW-Authenticate headers), a
// ValidationError as a 400 with its problem, JSON of the wrong shape as a 400.
// The one place exceptions become answers (Server::handle uses it too).
Response answer(const std::function<Response()>& fn);

// Answers with what `work` returns, run on a password worker (Services::
// passwords) so that Argon2 never holds a network thread; what it throws is
// answered as answer() does. When the workers' queue is full, 503
// (server_busy, with Retry-After) at once, and `busy` runs (to give back a
// counted attempt). `work` must own all it uses: the Call is gone by then.
Response on_worker(const Call& c, std::function<Response()> work, std::function<void()> busy = nullptr);

}  // namespace zx::server
