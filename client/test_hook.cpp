// The read-only test hook: what window.zhixing.state() (web) and
// --dump-state (desktop) report, so that browser, desktop and headless tests
// check what the app shows and click where a person would (ItemRect). Never
// used by the app itself; every field is a fact tests assert on.
#include "app.hpp"
#include "platform/platform.hpp"
#include "sync/replica.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace zx::client {

std::string record_json(const SyncEngine& engine, const std::string& collection, const std::string& id) {
    const auto* r = engine.ready() ? engine.replica().find(collection, id) : nullptr;
    return r ? sync::to_json(*r).dump() : std::string("null");
}

std::string App::state_json() const {
    const auto& s = state_;
    const auto& b = s.bases;
    nlohmann::json j{
        {"target", platform_.target()},
        {"frame", s.frame},
        {"view", view_code(s.view)},
        {"language", lang_code(s.lang())},
        {"server", server_status_code(s.server)},
        {"serverFailure", platform::http_failure_code(s.server == ServerStatus::offline ? s.server_failure
                                                                                       : platform::HttpFailure::none)},
        {"basesStatus", load_status_code(b.status)},
        {"bases", b.all.size()},
        {"shownBases", b.shown.size()},
        {"query", b.filter.query},
        {"demo", b.demo},
        {"selectedBase", s.selected_base},
        {"fontCjk", fonts_.cjk},
        {"fontGlyphs", fonts_.body ? fonts_.body->Glyphs.Size : 0},
        {"fontEmPx", current_font_em_px()},
        {"glyphsExtra", glyphs_.extra().size()},
        {"glyphsQueued", glyphs_.queued()},
        {"glyphsUnavailable", glyphs_.unavailable()},
    };
    if (const Base* sel = s.find_base(s.selected_base)) {
        j["selectedBaseName"] = sel->name;
        j["selectedBaseStatus"] = to_code(sel->status);
        j["selectedBaseRating"] = sel->rating;
    }
    j["filter"] = {{"categories", b.filter.categories}, {"levels", b.filter.levels}, {"minRating", b.filter.min_rating},
                   {"grade", b.filter.grade},           {"openDate", b.filter.open_date}, {"radiusKm", b.filter.radius_km}};
    j["route"] = s.map.route;
    j["routes"] = s.routes.size();
    j["importReport"] = s.map.import.text;
    j["mapTab"] = ui_.map.tab;
    j["tripPlan"] = {{"bases", s.trip_draft.bases}, {"route", s.trip_draft.route_id}, {"selected", s.trip_draft.selected_trip}};
    if (s.kiosk.on) {
        const auto& k = s.kiosk;
        nlohmann::json kj{{"screen", kiosk_screen_code(k.screen)},
                          {"loaded", k.loaded},
                          {"enrolled", k.enrolment.has_value()},
                          {"base", k.enrolment ? k.enrolment->base_id : ""},
                          {"deviceId", k.enrolment ? k.enrolment->device_id : ""},
                          {"trips", k.today ? k.today->trips.size() : 0},
                          {"queue", k.queue.size()},
                          {"refused", k.refused},
                          {"sentAt", k.sent_at},
                          {"notice", k.notice.text},
                          {"revoked", k.revoked},
                          {"resets", k.resets},
                          {"idleS", k.idle_s},
                          {"rosterTrip", k.roster_trip}};
        if (k.result)
            kj["result"] = {{"kind", kiosk_result_code(k.result->kind)}, {"name", k.result->name},
                            {"student", k.result->student_id},        {"trip", k.result->trip_id},
                            {"at", k.result->at},                     {"task", k.result->task},
                            {"canCheckOut", k.result->can_check_out}};
        j["kiosk"] = std::move(kj);
    }
    j["signedIn"] = s.account.signed_in;
    j["sessionExpired"] = s.account.expired;
    if (s.account.signed_in) j["user"] = {{"id", s.account.user.id}, {"role", api::to_code(s.account.user.role)}};
    const auto& pulls = engine_.pulls();
    j["sync"] = {{"status", status_code(s.sync.kind)},
                 {"pending", s.sync.pending},
                 {"rejected", s.sync.rejected},
                 {"issue", issue_code(s.sync.issue)},
                 // The live channel: "off", "connecting", "live" or "waiting";
                 // signals received, streams that came up, and why each pull was made.
                 {"live", live_code(s.sync.live)},
                 {"signals", engine_.live().signals()},
                 {"liveConnects", engine_.live().connects()},
                 {"pulls", {{"signal", pulls.signal}, {"poll", pulls.poll}, {"other", pulls.other}}}};
    j["notice"] = s.account_notice.text;
    if (s.sessions_loaded) {
        auto& sessions = j["sessions"] = nlohmann::json::array();
        for (const auto& x : s.sessions) sessions.push_back({{"id", x.id}, {"current", x.current}});
    }
    if (s.invitation) j["invitation"] = {{"code", s.invitation->code}, {"school", s.invitation->school_id}};
    if (s.progress) j["progress"] = {{"done", s.progress->done}, {"total", s.progress->total}};
    j["noteNotice"] = s.notes.notice.text;
    j["openNote"] = s.notes.open_id;
    j["link"] = s.link;
    j["address"] = platform_.route_current();
    j["activity"] = {{"id", s.activity.id}, {"child", s.activity.child}, {"review", s.activity.review},
                     {"creating", s.activity.creating}};
    // What the edit buffers hold (drafts put back, typing kept).
    j["editor"] = {{"note", ui_.knowledge.note.id},       {"title", ui_.knowledge.note.title},
                   {"body", ui_.knowledge.note.body},     {"dirty", ui_.knowledge.note.dirty},
                   {"answer", ui_.activities.draft},      {"feedback", ui_.activities.feedback},
                   {"tripTitle", ui_.trips.title}};
    {
        auto& d = j["drafts"] = nlohmann::json::object();
        d["loaded"] = s.drafts.loaded;
        d["unwritten"] = s.drafts.unwritten;
        auto& list = d["entries"] = nlohmann::json::array();
        for (const auto& [key, x] : s.drafts.entries) {
            std::string k = key;
            std::replace(k.begin(), k.end(), '\x1f', '/');  // collection/record/field
            list.push_back({{"key", k}, {"text", x.text}, {"link", x.link}, {"shown", x.shown}});
        }
    }
    j["spaceNotice"] = s.notices.last.text;
    j["attentionNotice"] = s.notices.attention.text;
    j["familyNotice"] = s.notices.family.text;
    j["tripsNotice"] = s.notices.trips.text;
    j["roster"] = {{"class", s.roster.class_id}, {"busy", s.roster.busy}, {"notice", s.roster.notice.text},
                   {"ok", s.roster.notice.ok}, {"imported", s.roster.imported}, {"savedTo", s.roster.saved_to}};
    j["search"] = nlohmann::json::array();
    for (const auto& h : s.notes.hits) j["search"].push_back({{"id", h.note_id}, {"snippet", h.snippet}});
    j["searched"] = s.notes.searched;
    if (const SpaceData* data = s.data) {
        j["records"] = data->counts();
        auto& subs = j["submissions"] = nlohmann::json::array();
        for (const auto& sub : data->submissions())
            subs.push_back({{"id", sub.id}, {"activity", sub.activity_id}, {"owner", sub.owner_id},
                            {"status", to_code(sub.status)}, {"score", sub.score}});
        // In id order, as the store lists them.
        std::vector<const Note*> by_id;
        for (const auto& n : data->notes()) by_id.push_back(&n.note);
        std::sort(by_id.begin(), by_id.end(), [](const Note* x, const Note* y) { return x->id < y->id; });
        auto& notes = j["notes"] = nlohmann::json::array();
        for (const Note* n : by_id) notes.push_back({{"id", n->id}, {"title", n->title}});
        auto& refused = j["refused"] = nlohmann::json::array();
        for (const auto& r : data->refused())
            refused.push_back({{"change", r.change_id}, {"collection", r.collection}, {"record", r.record_id},
                               {"problem", r.error.problem}, {"reverted", r.reverted}});
        // The parents' home as derived (what the family view draws), and the
        // selected trip's consent roster (what its teachers see).
        auto& family = j["family"] = nlohmann::json::array();
        for (const auto& child : data->family(s.now_ms)) {
            nlohmann::json trips = nlohmann::json::array(), acts = nlohmann::json::array(), today = nlohmann::json::array();
            for (const auto& o : child.today) today.push_back(o.title);
            for (const auto& t : child.trips)
                trips.push_back({{"id", t.trip->id}, {"consent", to_code(t.state)}, {"form", t.form != nullptr},
                                 {"mine", t.mine ? to_code(t.mine->answer) : ""}, {"stale", t.stale}, {"open", t.open},
                                 {"thisWeek", t.this_week}, {"reminded", t.form ? t.form->reminded_at : 0}});
            for (const auto& a : child.activities)
                acts.push_back({{"id", a.activity->id},
                                {"status", a.submission ? to_code(a.submission->status) : ""},
                                {"score", a.submission ? a.submission->score : 0.0},
                                {"feedback", a.submission ? a.submission->feedback : ""}});
            family.push_back({{"id", child.id}, {"name", child.name}, {"today", today}, {"trips", trips},
                              {"activities", acts}, {"actions", child.actions}, {"grade", child.grade}});
        }
        if (!s.trip_draft.selected_trip.empty()) {
            const auto& roster = data->consent_roster(s.trip_draft.selected_trip);
            nlohmann::json rows = nlohmann::json::array();
            for (const auto& r : roster.rows) rows.push_back({{"student", r.student_id}, {"state", to_code(r.state)}});
            j["consentRoster"] = {{"form", roster.form != nullptr}, {"consented", roster.consented},
                                  {"declined", roster.declined},  {"unanswered", roster.unanswered}, {"rows", rows}};
            // The register at the stop the trip is at (register_panel.cpp).
            const auto& trip_id = s.trip_draft.selected_trip;
            const int stop = data->current_stop(trip_id);
            const HeadCount& hc = data->head_count(trip_id, stop, s.now_ms);
            nlohmann::json students = nlohmann::json::object();
            for (const auto& p : hc.students) students[p.student_id] = to_code(p.state);
            const Trip* trip = data->trip(trip_id);
            j["headCount"] = {{"stop", stop},           {"expected", hc.total.expected}, {"in", hc.total.checked_in},
                              {"absent", hc.total.absent}, {"missing", hc.total.missing}, {"overdue", hc.overdue},
                              {"canClose", hc.can_close}, {"students", students},
                              {"status", trip ? trip->status : ""}, {"events", data->attendance_of(trip_id).size()}};
        }
        j["homeResources"] = data->home_resources({}).size();
        auto& conflicts = j["conflicts"] = nlohmann::json::array();
        for (const Conflict* c : data->all_open_conflicts())
            conflicts.push_back({{"id", c->id}, {"collection", c->target_collection}, {"record", c->target_id},
                                 {"field", c->field}});
    }
    // The layout rule of this frame (ui/layout.hpp) and touch scrolling.
    const auto& L = ui::layout();
    j["layout"] = {{"phone", L.phone},         {"width", L.width},         {"height", L.height},
                   {"fontScale", L.font_scale}, {"bodyFontCssPx", L.body_font_css_px}, {"targetH", L.target_h}};
    j["touch"] = {{"drags", touch_.drags()}, {"dragging", touch_.dragging()}, {"flinging", touch_.flinging()}};
    auto& items = j["items"] = nlohmann::json::object();
    for (const auto& it : ui_.items) items[it.name] = {it.x, it.y, it.w, it.h};
    return j.dump();
}

}  // namespace zx::client
