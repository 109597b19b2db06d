// The sync part of the route table: one record by id, push and pull (the
// protocol is docs/sync.md; the rules SyncService's, sync_service.hpp), and
// the live channel that tells devices when to pull (live.hpp).
#include "api_error.hpp"
#include "routes.hpp"

#include "zx/core/error.hpp"
#include "zx/sync/model.hpp"
#include "zx/wire/api.hpp"

namespace zx::server {

using nlohmann::json;

namespace {

// parse_push names a change it refuses only in its message ("changes[i]:
// …"). To name it in the body too, find the change that raises exactly this
// error on its own (parse_push checks the batch's own keys first, then each
// change in order, so the first change whose parse fails the same way is
// the one); an error about the batch as a whole stays unattributed.
sync::PushRequest parse_push(const json& body) {
    try {
        return sync::parse_push(body);
    } catch (const ValidationError& e) {
        ApiError error(400, api::code::bad_request, e.problem());
        const auto changes = body.is_object() ? body.find("changes") : body.end();
        if (changes != body.end() && changes->is_array())
            for (size_t i = 0; i < changes->size(); ++i) {
                try {
                    (void)sync::parse_change((*changes)[i], i);
                } catch (const ValidationError& ce) {
                    if (std::string_view(ce.what()) != e.what()) break;
                    const auto& ch = (*changes)[i];
                    const auto id = ch.is_object() && ch.contains("id") && ch["id"].is_string() ? ch["id"].get<std::string>()
                                                                                               : std::string();
                    throw error.about_change(i, id);
                }
            }
        throw error;
    }
}

Response record(const Call& c) {
    const auto& collection = c.param("collection");
    const auto& id = c.param("id");
    std::optional<sync::Record> found;
    c.services.store.read([&](db::Connection& conn) {
        if (!model::find_collection(collection)) return;
        auto rec = repo::load(conn, collection, id);
        if (rec && can_see(c.who(), repo::audience(conn, collection, id))) found = std::move(rec);
    });
    // Another user's record answers exactly like a missing one.
    if (!found) not_found(collection, id);
    return json_response(sync::to_json(*found));
}

Response push(const Call& c) {
    const auto result = c.services.sync.push(c.who().user_id, parse_push(c.body()));
    auto body = sync::to_json(result.response);
    if (!result.replayed) return json_response(body);
    body["error"] = {{"code", api::code::batch_replayed},
                     {"message", "this batch was already applied; its acknowledgements are repeated, "
                                 "nothing was written again"}};
    return json_response(body, 409);
}

Response pull(const Call& c) {
    return json_response(sync::to_json(c.services.sync.pull(c.who().user_id, sync::parse_pull(c.body()))));
}

// The caps are checked here, before anything is sent; the stream opens once
// its header is out (EventHub::open).
Response events(const Call& c) { return c.services.live.open(c.who(), c.request.authorization); }

}  // namespace

std::vector<Endpoint> sync_routes() {
    return {
        {.methods = {"GET"},
         .path = api::kRecordPath,
         .auth = Auth::user,
         .summary = "One record the signed-in user may see",
         .response = "Record",
         .handler = record},
        {.methods = {"POST"},
         .path = api::kPushPath,
         .auth = Auth::user,
         .summary = "Push a batch of changes, stored all or none (a replayed batch answers 409 with its acks)",
         .request = "PushRequest",
         .response = "PushResponse",
         .handler = push},
        {.methods = {"POST"},
         .path = api::kPullPath,
         .auth = Auth::user,
         .summary = "Pull what changed after a cursor among the records the user may see",
         .request = "PullRequest",
         .response = "PullResponse",
         .handler = pull},
        {.methods = {"GET"},
         .path = api::kEventsPath,
         .auth = Auth::user,
         .summary = "Open the live channel: Server-Sent Events (hello, changed, bye; heartbeat comments) that say "
                    "when something the user may see changed, never what (429 too_many_streams, 503 streams_full)",
         .response = "LiveEvent",
         .response_media = "text/event-stream",
         .handler = events},
    };
}

}  // namespace zx::server
