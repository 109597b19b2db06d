#include "app.hpp"

#include "zx/tours/trips.hpp"

#include "platform/platform.hpp"
#include "space_data.hpp"
#include "sync/replica.hpp"
#include "views/records.hpp"

#include "zx/space/cards.hpp"
#include "zx/space/fsrs.hpp"
#include "zx/text/markdown.hpp"
#include "zx/sync/model.hpp"
#include "zx/text/text.hpp"
#include "zx/space/timetable.hpp"
#include "views/views.hpp"

#include "zx/wire/api.hpp"
#include "zx/core/version.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace zx::client {

namespace {
// How often the status bar re-checks the server; short enough that coming
// back online is noticed soon, long enough to cost nothing.
constexpr double kHealthIntervalS = 10.0;
constexpr float kNavWidth = 200.0f;
// Map zoom used when a base is picked from the list (street level).
constexpr double kFocusZoom = 13.0;
}  // namespace

std::string_view view_code(ViewId v) {
    switch (v) {
        case ViewId::space: return "space";
        case ViewId::knowledge: return "knowledge";
        case ViewId::tools: return "tools";
        case ViewId::activities: return "activities";
        case ViewId::timetable: return "timetable";
        case ViewId::map: return "map";
        case ViewId::trips: return "trips";
        case ViewId::settings: return "settings";
    }
    return "space";
}

std::string_view load_status_code(LoadStatus s) {
    switch (s) {
        case LoadStatus::idle: return "idle";
        case LoadStatus::loading: return "loading";
        case LoadStatus::ready: return "ready";
        case LoadStatus::error: return "error";
    }
    return "idle";
}

const Route* AppState::find_route(const std::string& id) const {
    for (const auto& r : routes)
        if (r.id == id) return &r;
    return nullptr;
}

const Base* AppState::find_base(const std::string& id) const {
    for (const auto& b : bases.all)
        if (b.id == id) return &b;
    return nullptr;
}

App::App(platform::Platform& platform) : platform_(platform), engine_(platform) {}

App::~App() = default;

namespace {
constexpr const char* kSessionKey = "session";
}  // namespace

void App::init() {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; nothing to remember
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    fonts_ = load_fonts(platform_.font_path());
    apply_theme(state_.settings.ui_scale);

    platform_.set_state_provider([this] { return state_json(); });
    platform_.set_record_provider([this](const std::string& collection, const std::string& id) {
        const auto* r = engine_.ready() ? engine_.replica().find(collection, id) : nullptr;
        return r ? sync::to_json(*r).dump() : std::string("null");
    });
    platform_.set_map_pick_handler([this](const std::string& id) { commands_.push(SelectBase{id, false}); });
    // Runs at the first poll(), before any view can change a setting.
    platform_.storage_load(kSettingsKey, [this](std::optional<std::string> text) {
        if (!text) return;
        state_.settings = settings_from_json(*text);
        apply_theme(state_.settings.ui_scale);
    });
    // A device remembers who signed in last, so it opens their data offline.
    platform_.storage_load(kSessionKey, [this](std::optional<std::string> text) {
        if (!text) return;
        try {
            establish(api::session_from_json(nlohmann::json::parse(*text)));
        } catch (const std::exception&) {
            platform_.storage_remove(kSessionKey);  // unreadable: sign in again
        }
    });
    engine_.on_unauthorized = [this] { state_.account.expired = true; };
    request_health();
    request_bases();
}

void App::request_health() {
    platform_.http_get(api::kHealthPath, [this](const platform::HttpResponse& r) {
        const bool was_offline = state_.server != ServerStatus::online;
        if (r.status == 200) {
            state_.server = ServerStatus::online;
            const auto j = nlohmann::json::parse(r.body, nullptr, false);
            if (j.is_object()) state_.server_version = j.value("version", "");
            // Coming back online retries failed work without the user asking.
            if (was_offline && state_.bases.status == LoadStatus::error) request_bases();
            if (was_offline) engine_.retry_now();
        } else {
            state_.server = ServerStatus::offline;
        }
    });
}

void App::request_bases() {
    state_.bases.status = LoadStatus::loading;
    state_.bases.error.clear();
    platform_.http_get(api::kBasesPath,
                       [this](const platform::HttpResponse& r) { on_bases(r.status, r.body, r.error); });
}

void App::on_bases(int status, const std::string& body, const std::string& error) {
    auto& b = state_.bases;
    if (status != 200 && engine_.ready() && !engine_.replica().list("bases").empty()) {
        // Offline, but this device synced the bases before: show those.
        b.all.clear();
        for (const auto* r : engine_.replica().list("bases")) {
            try {
                nlohmann::json j = r->fields;
                j["id"] = r->id;
                Base base;
                from_json(j, base);
                b.all.push_back(std::move(base));
            } catch (const std::exception&) {
                // a half-synced base: leave it out until it is complete
            }
        }
        b.demo = std::any_of(b.all.begin(), b.all.end(), [](const Base& x) { return x.demo; });
        b.status = LoadStatus::ready;
        if (status == 0) state_.server = ServerStatus::offline;
        refilter();
        return;
    }
    if (status != 200) {
        b.status = LoadStatus::error;
        if (status == 0) {
            b.error = error;
            state_.server = ServerStatus::offline;
        } else {
            // Prefer the server's own explanation from the JSON error body.
            api::Error e;
            try {
                from_json(nlohmann::json::parse(body), e);
                b.error = "HTTP " + std::to_string(status) + ": " + e.message;
            } catch (const std::exception&) {
                b.error = "HTTP " + std::to_string(status);
            }
        }
        return;
    }
    try {
        api::BaseList list;
        from_json(nlohmann::json::parse(body), list);
        b.all = std::move(list.bases);
        b.demo = list.demo;
        state_.routes = std::move(list.routes);
        b.status = LoadStatus::ready;
        state_.server = ServerStatus::online;
    } catch (const std::exception& e) {
        b.status = LoadStatus::error;
        b.error = std::string("invalid response: ") + e.what();
        return;
    }
    if (!state_.selected_base.empty() && !state_.find_base(state_.selected_base)) state_.selected_base.clear();
    refilter();
}

void App::refilter() {
    auto& b = state_.bases;
    b.shown.clear();
    for (size_t i = 0; i < b.all.size(); ++i)
        if (matches(b.all[i], b.filter)) b.shown.push_back(i);
    std::vector<cluster::Item> items;
    items.reserve(b.shown.size());
    double s = 90, w = 180, n = -90, e = -180;
    for (size_t k = 0; k < b.shown.size(); ++k) {
        const auto& base = b.all[b.shown[k]];
        items.push_back({base.lat, base.lon, static_cast<uint32_t>(k)});
        s = std::min(s, base.lat);
        n = std::max(n, base.lat);
        w = std::min(w, base.lon);
        e = std::max(e, base.lon);
    }
    // 60 px at every zoom up to 16, as Leaflet cluster maps usually do; from
    // zoom 17 on every base stands alone.
    clusters_.build(items, {0, 16, 60, 2});
    clusters_dirty_ = true;
    // A new set is shown whole, on both maps.
    if (!items.empty()) platform_.map_fit(s, w, n, e);
    platform_.map_select(state_.selected_base);
}

void App::bases_from_replica() {
    if (!engine_.ready()) return;
    if (const auto rev = engine_.replica().revision("routes"); rev != routes_revision_) {
        routes_revision_ = rev;
        std::vector<Route> routes;
        for (const auto* r : engine_.replica().list("routes")) {
            try {
                routes.push_back(route_from_fields(r->id, r->fields));
            } catch (const std::exception&) {
                // a half-synced route: left out until complete
            }
        }
        if (!routes.empty()) state_.routes = std::move(routes);
        last_route_ = "\x01";  // redraw the route from the new data
    }
    const auto rev = engine_.replica().revision("bases");
    if (rev == bases_revision_) return;
    bases_revision_ = rev;
    const auto records = engine_.replica().list("bases");
    if (records.empty()) return;  // not synced yet: keep the server's list
    auto& b = state_.bases;
    b.all.clear();
    for (const auto* r : records) {
        try {
            auto base = base_from_fields(r->id, r->fields);
            if (listed(base)) b.all.push_back(std::move(base));
        } catch (const std::exception&) {
            // a half-synced base: leave it out until it is complete
        }
    }
    b.demo = std::any_of(b.all.begin(), b.all.end(), [](const Base& x) { return x.demo; });
    b.status = LoadStatus::ready;
    b.from_sync = true;
    if (!state_.selected_base.empty() && !state_.find_base(state_.selected_base)) state_.selected_base.clear();
    refilter();
}

void App::update_map() {
    const auto view = platform_.map_view();
    if (!view) return;
    // The route drawn follows the routes tab's pick.
    if (state_.ui.map.route != last_route_) {
        last_route_ = state_.ui.map.route;
        std::vector<platform::MapLine> lines;
        if (last_route_.empty()) fitted_route_.clear();
        if (const Route* r = state_.find_route(last_route_)) {
            platform::MapLine line;
            line.id = r->id;
            double s = 90, w = 180, n = -90, e = -180;
            for (const auto& stop : r->stops)
                if (const Base* base = state_.find_base(stop.base_id)) {
                    line.points.emplace_back(base->lat, base->lon);
                    s = std::min(s, base->lat);
                    n = std::max(n, base->lat);
                    w = std::min(w, base->lon);
                    e = std::max(e, base->lon);
                }
            // A newly chosen route is shown whole, like a new set of bases
            // (not again when only its data was refreshed by sync).
            if (!line.points.empty() && fitted_route_ != r->id) platform_.map_fit(s, w, n, e);
            fitted_route_ = r->id;
            lines.push_back(std::move(line));
        }
        platform_.map_set_lines(std::move(lines));
    }
    if (!clusters_dirty_ && last_view_ == view) return;
    clusters_dirty_ = false;
    last_view_ = view;
    const auto& b = state_.bases;
    auto found = clusters_.query(view->west, view->south, view->east, view->north, view->zoom);
    std::vector<platform::MapMarker> markers;
    markers.reserve(found.size() + 1);
    bool selected_drawn = false;
    for (const auto& c : found) {
        if (c.is_point) {
            const auto& base = b.all[b.shown[c.index]];
            selected_drawn = selected_drawn || base.id == state_.selected_base;
            markers.push_back({base.id, base.name, base.lat, base.lon, category_rgb(base.category), 1, -1});
        } else {
            char title[64];
            std::snprintf(title, sizeof title, tr(state_.lang(), S::MapClusterTitle), c.count);
            markers.push_back({"", title, c.lat, c.lon, 0x3C7A89, c.count, c.expansion_zoom});
        }
    }
    // The selected base stands out even inside a cluster: it is taken out of
    // its cluster and drawn alone, so counts still add up to the set.
    const Base* sel = state_.find_base(state_.selected_base);
    if (sel && !selected_drawn && sel->lat >= view->south && sel->lat <= view->north && sel->lon >= view->west &&
        sel->lon <= view->east) {
        for (size_t k = 0; k < found.size(); ++k) {
            if (found[k].is_point) continue;
            const auto leaves = clusters_.leaves(found[k].id);
            const auto it = std::find_if(leaves.begin(), leaves.end(),
                                         [&](uint32_t i) { return b.all[b.shown[i]].id == sel->id; });
            if (it == leaves.end()) continue;
            auto& m = markers[k];
            if (--m.count == 1) {  // what is left is one base
                const auto& other = b.all[b.shown[leaves[it == leaves.begin() ? 1 : 0]]];
                m = {other.id, other.name, other.lat, other.lon, category_rgb(other.category), 1, -1};
            }
            markers.push_back({sel->id, sel->name, sel->lat, sel->lon, category_rgb(sel->category), 1, -1});
            break;
        }
    }
    platform_.map_set_markers(std::move(markers), b.shown.size());
    platform_.map_select(state_.selected_base);
}

void App::save_settings() {
    platform_.storage_save(kSettingsKey, settings_to_json(state_.settings), [this](bool ok) {
        state_.settings_notice_ok = ok;
        state_.settings_notice = tr(state_.lang(), ok ? S::SettingsSaved : S::SettingsSaveFailed);
    });
}

void App::apply(const Command& c) {
    if (const auto* nav = std::get_if<Navigate>(&c)) {
        state_.view = nav->view;
    } else if (const auto* sel = std::get_if<SelectBase>(&c)) {
        const Base* base = sel->id.empty() ? nullptr : state_.find_base(sel->id);
        state_.selected_base = base ? base->id : std::string();
        platform_.map_select(state_.selected_base);
        clusters_dirty_ = true;  // the selected base leaves its cluster
        if (base && sel->focus_map) platform_.map_focus(base->lat, base->lon, kFocusZoom);
        if (base && !sel->focus_map) state_.ui.map.scroll_to_selected = true;
    } else if (std::holds_alternative<Locate>(c)) {
        state_.ui.map.location_error.clear();
        platform_.locate([this](std::optional<std::pair<double, double>> where, const std::string& error) {
            if (where) state_.ui.map.my_location = geo::LatLon{where->first, where->second};
            else state_.ui.map.location_error = error;
        });
    } else if (const auto* tb = std::get_if<ToggleTripBase>(&c)) {
        auto& plan = state_.ui.trips.bases;
        const auto it = std::find(plan.begin(), plan.end(), tb->base_id);
        if (it != plan.end()) plan.erase(it);
        else plan.push_back(tb->base_id);
    } else if (std::holds_alternative<PlanTrip>(c)) {
        plan_trip();
    } else if (const auto* ib = std::get_if<ImportBases>(&c)) {
        import_bases(ib->path_hint);
    } else if (const auto* f = std::get_if<SetBaseFilter>(&c)) {
        state_.bases.filter = f->filter;
        refilter();
    } else if (std::holds_alternative<ReloadBases>(c)) {
        request_bases();
    } else if (const auto* cs = std::get_if<ChangeSettings>(&c)) {
        const bool scale_changed = cs->settings.ui_scale != state_.settings.ui_scale;
        state_.settings = cs->settings;
        if (scale_changed) apply_theme(state_.settings.ui_scale);
        save_settings();
    } else {
        apply_account(c);
    }
}

void App::notice(bool ok, std::string text) {
    state_.account_notice_ok = ok;
    state_.account_notice = std::move(text);
}

void App::account_request(const std::string& method, const std::string& path, const nlohmann::json& body,
                          std::function<void(const nlohmann::json&)> on_ok) {
    if (state_.account_busy) return;
    state_.account_busy = true;
    platform_.http({method, path, body.is_null() ? std::string() : body.dump(), state_.account.token},
                   [this, on_ok = std::move(on_ok)](const platform::HttpResponse& r) {
                       state_.account_busy = false;
                       const auto j = nlohmann::json::parse(r.body, nullptr, false);
                       if (r.status >= 200 && r.status < 300) {
                           notice(true, "");
                           try {
                               on_ok(j);
                           } catch (const std::exception& e) {
                               notice(false, std::string("unexpected answer: ") + e.what());
                           }
                       } else if (r.status == 0) {
                           notice(false, tr(state_.lang(), S::StatusOffline));
                       } else {
                           notice(false, j.is_object() && j.contains("error") ? j["error"].value("message", "")
                                                                              : "HTTP " + std::to_string(r.status));
                           if (r.status == 401 && state_.account.signed_in) state_.account.expired = true;
                       }
                   });
}

void App::establish(const api::Session& s) {
    const bool same_user = engine_.user_id() == s.user.id;
    state_.account = {true, false, s.user, s.token};
    if (same_user)
        engine_.set_token(s.token);  // signed in again after expiry: keep the open store and its outbox
    else
        engine_.start(s.user.id, s.token);
    engine_.sync_soon();
    platform_.storage_save(kSessionKey, nlohmann::json(s).dump(), [](bool) {});
}

void App::open_note(const std::string& id) {
    auto& ed = state_.ui.knowledge.note;
    ed = NoteEditorUi{};
    const auto* n = engine_.ready() ? engine_.replica().find("notes", id) : nullptr;
    if (!n || n->deleted) return;
    ed.id = id;  // the editor fills its buffers from the stored note
    state_.ui.knowledge.version_shown.clear();
}

std::string App::tags_text(const sync::Record& note) {
    std::string t;
    for (const auto& x : rec::tags(note)) t += (t.empty() ? "" : ", ") + x;
    return t;
}

void App::save_note(const SaveNote& sn) {
    const Lang l = state_.lang();
    auto& ed = state_.ui.knowledge.note;
    auto report = [&](bool ok, std::string text) {
        if (ed.id != sn.id) return;
        ed.notice_ok = ok;
        ed.notice = std::move(text);
    };
    // Limits are checked here, where the text is still in the editor: an
    // oversized note is never half-written and nothing typed is lost.
    if (sn.body.size() > model::kMaxBodyBytes) {
        char buf[256];
        std::snprintf(buf, sizeof buf, tr(l, S::NoteTooLong), static_cast<int>(sn.body.size() / 1024),
                      static_cast<int>(model::kMaxBodyBytes / 1024));
        return report(false, buf);
    }
    if (sn.title.size() > 200) return report(false, tr(l, S::TitleTooLong));
    // Tags: separated by commas, ASCII or Chinese (，).
    std::string list = sn.tags;
    for (size_t at; (at = list.find("，")) != std::string::npos;) list.replace(at, std::string("，").size(), ",");
    nlohmann::json tags = nlohmann::json::array();
    size_t p = 0;
    while (p <= list.size()) {
        size_t c = list.find(',', p);
        if (c == std::string::npos) c = list.size();
        std::string t = list.substr(p, c - p);
        while (!t.empty() && t.front() == ' ') t.erase(0, 1);
        while (!t.empty() && t.back() == ' ') t.pop_back();
        if (!t.empty()) tags.push_back(t);
        p = c + 1;
    }
    // The text being replaced goes into the note's history first.
    if (const auto* old = engine_.replica().find("notes", sn.id);
        old && (rec::str(*old, "body") != sn.body || rec::str(*old, "title") != sn.title) &&
        !(rec::str(*old, "body").empty() && rec::str(*old, "title").empty()))
        engine_.edit("note_versions", "v-" + platform_.random_hex(12),
                     {{"note_id", sn.id}, {"title", rec::str(*old, "title")}, {"body", rec::str(*old, "body")},
                      {"saved_at", rec::modified_ms(*old)}});
    engine_.edit("notes", sn.id, {{"title", sn.title}, {"body", sn.body}, {"subject", sn.subject}, {"tags", tags}},
                 std::nullopt, [this, l, id = sn.id](bool ok, const std::string& err) {
                     auto& e = state_.ui.knowledge.note;
                     if (e.id != id) return;
                     char buf[512];
                     std::snprintf(buf, sizeof buf, tr(l, S::SaveFailed), err.c_str());
                     e.notice_ok = ok;
                     e.notice = ok ? tr(l, S::SavedLocally) : buf;
                     if (ok) e.dirty = false;
                 });
}

void App::search(const std::string& query) {
    auto& kb = state_.ui.knowledge;
    if (text::match_expression(query).empty()) {
        kb.hits.clear();
        kb.searched = query;
        kb.searching = false;
        return;
    }
    kb.searching = true;
    engine_.search(query, 100, [this, query](std::vector<SyncEngine::Hit> hits, const std::string& error) {
        auto& k = state_.ui.knowledge;
        if (k.query != query) return;  // the user typed on; a newer search is under way
        k.searching = false;
        k.searched = query;
        k.hits.clear();
        if (!error.empty()) {
            state_.space_notice_ok = false;
            state_.space_notice = error;
        }
        for (const auto& h : hits)
            if (const auto* n = engine_.replica().find("notes", h.note_id)) {
                const auto snip = text::snippet(md::plain_text(rec::str(*n, "body")), query, 48);
                k.hits.push_back({h.note_id, snip.text});
            }
    });
}

void App::make_cards(const std::string& note_id) {
    const Lang l = state_.lang();
    const auto* note = engine_.ready() ? engine_.replica().find("notes", note_id) : nullptr;
    if (!note) return;
    int added = 0, existing = 0;
    for (const auto& d : cards::from_note(rec::str(*note, "body"))) {
        // A stable id per note and card text: making cards twice adds none.
        uint64_t h = 1469598103934665603ull;
        for (unsigned char ch : note_id + "|" + d.key) {
            h ^= ch;
            h *= 1099511628211ull;
        }
        char id[24];
        std::snprintf(id, sizeof id, "k%016llx", static_cast<unsigned long long>(h));
        if (const auto* c = engine_.replica().find("cards", id); c && !c->deleted) {
            ++existing;
            continue;
        }
        engine_.edit("cards", id,
                     {{"note_id", note_id}, {"kind", d.kind}, {"front", d.front}, {"back", d.back}, {"state", 0},
                      {"due_ms", state_.now_ms}, {"reps", 0}, {"lapses", 0}});
        ++added;
    }
    char buf[200];
    std::snprintf(buf, sizeof buf, tr(l, S::CardsMade), added, existing);
    auto& ed = state_.ui.knowledge.note;
    ed.notice_ok = added + existing > 0;
    ed.notice = added + existing > 0 ? std::string(buf) : tr(l, S::NoCardText);
}

void App::review_card(const std::string& card_id, int grade) {
    const auto* c = engine_.ready() ? engine_.replica().find("cards", card_id) : nullptr;
    if (!c || grade < 1 || grade > 4) return;
    fsrs::ReviewLog log{};
    const auto next = fsrs::review(rec::card(*c), static_cast<fsrs::Grade>(grade), state_.now_ms, fsrs::Params{}, &log);
    engine_.edit("cards", card_id, rec::card_fields(next));
    engine_.edit("review_logs", "r-" + platform_.random_hex(12),
                 {{"card_id", card_id}, {"grade", grade}, {"reviewed_at", log.reviewed_ms},
                  {"elapsed_days", log.elapsed_days}, {"scheduled_days", log.scheduled_days},
                  {"stability", log.stability}, {"difficulty", log.difficulty}});
    ++state_.ui.tools.reviewed_today;
}

void App::export_timetable() {
    const Lang l = state_.lang();
    if (!engine_.ready()) return;
    const auto td = timetable_data(engine_.replica(), state_.ui.timetable.class_id);
    const auto ics = timetable::to_ics(td.entries, td.term ? &*td.term : nullptr,
                                       state_.account.user.display_name + " · " + tr(l, S::SpaceTimetable), state_.now_ms);
    platform_.file_save("zhixing-timetable.ics", "text/calendar", ics, [this, l](bool ok, const std::string& where) {
        state_.space_notice_ok = ok;
        state_.space_notice = ok ? std::string(tr(l, S::Exported)) + where : where;
    });
}

void App::import_timetable(const std::string& path_hint) {
    const Lang l = state_.lang();
    platform_.file_open(".ics,text/calendar", path_hint,
                        [this, l](std::optional<std::pair<std::string, std::string>> file) {
        if (!file) {
            state_.space_notice_ok = false;
            state_.space_notice = tr(l, S::NoFileRead);
            return;
        }
        if (!engine_.ready()) return;
        const auto td = timetable_data(engine_.replica(), state_.ui.timetable.class_id);
        const auto result = timetable::from_ics(file->second, td.term ? &*td.term : nullptr);
        for (const auto& e : result.entries) {
            nlohmann::json f{{"title", e.title}, {"location", e.location}, {"weekday", e.weekday},
                             {"start_min", e.start_min}, {"end_min", e.end_min}, {"weeks", timetable::weeks_code(e.weeks)},
                             {"kind", "event"}};
            if (e.date) f["date"] = timetable::format(*e.date);
            if (td.term && e.weekday) f["term_id"] = td.term->id;
            if (!state_.ui.timetable.class_id.empty()) f["class_id"] = state_.ui.timetable.class_id;
            engine_.edit("timetable_entries", "imp-" + platform_.random_hex(10), f);
        }
        char buf[200];
        std::snprintf(buf, sizeof buf, tr(l, S::Imported), static_cast<int>(result.entries.size()), file->first.c_str(),
                      static_cast<int>(result.problems.size()));
        std::string text = buf;
        for (size_t i = 0; i < result.problems.size() && i < 5; ++i) text += "\n" + result.problems[i];
        state_.space_notice_ok = result.problems.empty();
        state_.space_notice = text;
    });
}

void App::apply_account(const Command& c) {
    const Lang l = state_.lang();
    if (const auto* in = std::get_if<SignIn>(&c)) {
        account_request("POST", api::kLoginPath, {{"username", in->username}, {"password", in->password}},
                        [this](const nlohmann::json& j) { establish(api::session_from_json(j)); });
    } else if (const auto* reg = std::get_if<Register>(&c)) {
        const auto& r = reg->request;
        account_request("POST", api::kRegisterPath,
                        {{"username", r.username}, {"password", r.password}, {"display_name", r.display_name},
                         {"role", api::to_code(r.role)}},
                        [this](const nlohmann::json& j) { establish(api::session_from_json(j)); });
    } else if (std::holds_alternative<SignOut>(c)) {
        if (!state_.account.token.empty())
            platform_.http({"POST", api::kLogoutPath, "", state_.account.token}, [](const platform::HttpResponse&) {});
        platform_.storage_remove(kSessionKey);
        engine_.stop();
        state_.account = {};
        state_.ui.space = SpaceViewUi{};
        notice(true, "");
    } else if (std::holds_alternative<TakeOverStore>(c)) {
        engine_.take_over();
    } else if (const auto* cc = std::get_if<CreateClass>(&c)) {
        account_request("POST", api::kClassesPath, {{"name", cc->name}, {"grade", cc->grade}},
                        [this, l](const nlohmann::json& j) {
                            const auto info = api::class_from_json(j);
                            char buf[128];
                            std::snprintf(buf, sizeof buf, tr(l, S::JoinCode), info.join_code.c_str());
                            notice(true, info.name + " · " + buf);
                            engine_.sync_soon();
                        });
    } else if (const auto* jc = std::get_if<JoinClass>(&c)) {
        account_request("POST", api::kJoinClassPath, {{"code", jc->code}}, [this](const nlohmann::json& j) {
            notice(true, api::class_from_json(j).name);
            engine_.sync_soon();
        });
    } else if (const auto* gc = std::get_if<IssueGuardianCode>(&c)) {
        account_request("POST", std::string(api::kClassesPath) + "/" + gc->class_id + api::kGuardianCodesSuffix,
                        {{"student_id", gc->student_id}}, [this, l](const nlohmann::json& j) {
                            notice(true, std::string(tr(l, S::GuardianCodeLabel)) + ": " +
                                             j.at("code").get<std::string>());
                        });
    } else if (const auto* lg = std::get_if<LinkGuardian>(&c)) {
        account_request("POST", api::kLinkGuardianPath, {{"code", lg->code}}, [this](const nlohmann::json& j) {
            notice(true, api::user_from_json(j).display_name);
            engine_.sync_soon();
        });
    } else if (const auto* nn = std::get_if<NewNote>(&c)) {
        const auto id = "n-" + platform_.random_hex(12);
        engine_.edit("notes", id, {{"title", nn->title}, {"body", ""}, {"created_at", platform_.now_ms()}}, std::nullopt,
                     [this, id](bool ok, const std::string& err) {
                         if (!ok) return notice(false, err);
                         state_.view = ViewId::knowledge;
                         open_note(id);
                     });
    } else if (const auto* on = std::get_if<OpenNote>(&c)) {
        state_.view = ViewId::knowledge;
        open_note(on->id);
    } else if (const auto* sn = std::get_if<SaveNote>(&c)) {
        save_note(*sn);
    } else if (const auto* dn = std::get_if<DeleteNote>(&c)) {
        engine_.edit("notes", dn->id, nlohmann::json::object(), true);
        if (state_.ui.knowledge.note.id == dn->id) state_.ui.knowledge.note = NoteEditorUi{};
    } else if (const auto* pn = std::get_if<PinNote>(&c)) {
        engine_.edit("notes", pn->id, {{"pinned", pn->pinned}});
    } else if (const auto* rv = std::get_if<RestoreVersion>(&c)) {
        if (const auto* v = engine_.ready() ? engine_.replica().find("note_versions", rv->version_id) : nullptr) {
            const auto note_id = rec::str(*v, "note_id");
            const auto* note = engine_.replica().find("notes", note_id);
            // Restoring is itself a save, so the text it replaces goes into the history.
            save_note({note_id, rec::str(*v, "title"), rec::str(*v, "body"), note ? rec::str(*note, "subject") : "",
                       note ? tags_text(*note) : ""});
            state_.ui.knowledge.note.dirty = false;
        }
    } else if (const auto* sq = std::get_if<SearchNotes>(&c)) {
        search(sq->query);
    } else if (const auto* mc = std::get_if<MakeCards>(&c)) {
        make_cards(mc->note_id);
    } else if (const auto* rvc = std::get_if<ReviewCard>(&c)) {
        review_card(rvc->card_id, rvc->grade);
    } else if (const auto* er = std::get_if<EditRecord>(&c)) {
        const auto id = er->id.empty() ? er->collection.substr(0, 3) + "-" + platform_.random_hex(12) : er->id;
        engine_.edit(er->collection, id, er->fields, er->deleted, [this, l](bool ok, const std::string& err) {
            state_.space_notice_ok = ok;
            char buf[512];
            std::snprintf(buf, sizeof buf, tr(l, S::SaveFailed), err.c_str());
            state_.space_notice = ok ? tr(l, S::SavedLocally) : buf;
        });
    } else if (std::holds_alternative<ExportTimetable>(c)) {
        export_timetable();
    } else if (const auto* it = std::get_if<ImportTimetable>(&c)) {
        import_timetable(it->path_hint);
    } else if (const auto* ou = std::get_if<OpenUrl>(&c)) {
        platform_.open_url(ou->url);
    } else if (const auto* rc = std::get_if<ResolveConflict>(&c)) {
        const auto* conflict = engine_.ready() ? engine_.replica().find("conflicts", rc->conflict_id) : nullptr;
        if (!conflict) return;
        if (rc->adopt) {
            const auto target = conflict->fields.value("target_id", "");
            const auto field = conflict->fields.value("field", "");
            engine_.edit(conflict->fields.value("target_collection", ""), target,
                         {{field, conflict->fields.value("value", "")}}, std::nullopt,
                         [this, target](bool ok, const std::string&) {
                             if (ok) open_note(target);
                         });
        }
        engine_.edit("conflicts", rc->conflict_id, {{"resolved", true}});
    }
}

void App::frame() {
    platform_.poll();
    engine_.tick();
    state_.now_ms = platform_.now_ms();
    state_.progress = engine_.progress();
    state_.sync = engine_.status();
    state_.data = engine_.ready() ? &engine_.replica() : nullptr;
    ImGui::NewFrame();
    ++state_.frame;
    state_.ui.items.clear();
    if (ImGui::GetTime() >= next_health_check_) {
        next_health_check_ = ImGui::GetTime() + kHealthIntervalS;
        if (state_.frame > 1) request_health();
    }
    draw_shell();
    ImGui::Render();
    platform_.end_frame();
    for (const auto& c : commands_.take()) apply(c);
    bases_from_replica();
    update_map();
}

void App::draw_shell() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    constexpr ImGuiWindowFlags kRoot = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::Begin("##zhixing", nullptr, kRoot);
    ImGui::PopStyleVar();

    const float scale = state_.settings.ui_scale;
    const float status_h = ImGui::GetFrameHeight() + 6 * scale;
    const float nav_w = kNavWidth * scale;
    const ImVec2 avail = ImGui::GetContentRegionAvail();

    ImGui::BeginChild("##nav", {nav_w, avail.y - status_h});
    draw_nav(nav_w);
    ImGui::EndChild();
    ImGui::SameLine(0, 0);

    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {16 * scale, 14 * scale});
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_WindowBg));
    ImGui::BeginChild("##content", {0, avail.y - status_h}, ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    ViewContext ctx{state_, state_.ui, platform_, commands_};
    if (fonts_.title) ImGui::PushFont(fonts_.title);
    ImGui::TextUnformatted(tr(state_.lang(), view_entry(state_.view).title));
    if (fonts_.title) ImGui::PopFont();
    ImGui::Spacing();
    view_entry(state_.view).draw(ctx);
    ImGui::EndChild();

    draw_status_bar();
    ImGui::End();
}

void App::draw_nav(float width) {
    const float scale = state_.settings.ui_scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetWindowPos();
    dl->AddRectFilled(p0, {p0.x + width, p0.y + ImGui::GetWindowHeight()}, im_color(0x17414D));

    ImGui::SetCursorPos({18 * scale, 18 * scale});
    ImGui::PushStyleColor(ImGuiCol_Text, im_color(0xFFFFFF));
    if (fonts_.title) ImGui::PushFont(fonts_.title);
    ImGui::TextUnformatted(tr(state_.lang(), S::AppName));
    if (fonts_.title) ImGui::PopFont();
    ImGui::SetCursorPosX(18 * scale);
    ImGui::PushStyleColor(ImGuiCol_Text, im_color(0xB9D3DA));
    ImGui::TextUnformatted(tr(state_.lang(), S::AppTagline));
    ImGui::PopStyleColor();
    ImGui::Dummy({0, 14 * scale});

    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, {0.0f, 0.5f});
    for (const auto& v : all_views()) {
        const bool active = v.id == state_.view;
        ImGui::SetCursorPosX(10 * scale);
        ImGui::PushStyleColor(ImGuiCol_Header, im_color(0x2A6F80));
        ImGui::PushStyleColor(ImGuiCol_HeaderHovered, im_color(0x22596A));
        ImGui::PushStyleColor(ImGuiCol_HeaderActive, im_color(0x2A6F80));
        ImGui::PushID(static_cast<int>(v.id));
        if (ImGui::Selectable(tr(state_.lang(), v.title), active, 0, {width - 20 * scale, 40 * scale}))
            commands_.push(Navigate{v.id});
        note_item(state_.ui, "nav:" + std::string(view_code(v.id)));
        ImGui::PopID();
        ImGui::PopStyleColor(3);
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

void App::draw_status_bar() {
    const Lang l = state_.lang();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {12, 4});
    ImGui::BeginChild("##status", {0, 0}, ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar();
    const float y = ImGui::GetCursorPosY();
    uint32_t dot = 0xB0B0B0;
    std::string text;
    char buf[256];
    switch (state_.server) {
        case ServerStatus::online:
            dot = 0x2E9E5B;
            std::snprintf(buf, sizeof buf, tr(l, S::StatusOnline), state_.server_version.c_str());
            text = buf;
            break;
        case ServerStatus::offline:
            dot = 0xC8102E;
            text = tr(l, S::StatusOffline);
            break;
        case ServerStatus::unknown: text = tr(l, S::StatusConnecting); break;
    }
    auto dot_text = [](uint32_t rgb, const std::string& t) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float r = 5.0f;
        ImGui::GetWindowDrawList()->AddCircleFilled({p.x + r, p.y + ImGui::GetTextLineHeight() / 2}, r, im_color(rgb));
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 2 * r + 6);
        ImGui::TextUnformatted(t.c_str());
    };
    dot_text(dot, text);
    if (state_.account.signed_in) {
        // Sync status: always visible while someone is signed in.
        const auto& sy = state_.sync;
        uint32_t c = 0x2E9E5B;
        std::string t;
        using K = SyncStatus::Kind;
        switch (sy.kind) {
            case K::synced: t = tr(l, S::SyncSynced); break;
            case K::pending:
                c = 0xE0A000;
                std::snprintf(buf, sizeof buf, tr(l, S::SyncPending), static_cast<int>(sy.pending));
                t = buf;
                break;
            case K::offline:
                c = 0x888888;
                std::snprintf(buf, sizeof buf, tr(l, S::SyncOffline), static_cast<int>(sy.pending));
                t = buf;
                break;
            case K::opening: c = 0x888888; t = tr(l, S::SyncOpening); break;
            case K::busy_elsewhere: c = 0xC8102E; t = tr(l, S::StoreBusy); break;
            case K::lost: c = 0xC8102E; t = tr(l, S::StoreLost); break;
            case K::signed_out: c = 0x888888; t = tr(l, S::NotSignedIn); break;
            case K::store_error:
            case K::error:
                c = 0xC8102E;
                if (sy.rejected > 0 && sy.message.empty())
                    std::snprintf(buf, sizeof buf, tr(l, S::SyncRejected), static_cast<int>(sy.rejected));
                else
                    std::snprintf(buf, sizeof buf, tr(l, S::SyncError), sy.message.c_str());
                t = buf;
                break;
        }
        ImGui::SameLine(0, 24);
        dot_text(c, t);
        ImGui::SameLine(0, 24);
        ImGui::TextDisabled("%s", state_.account.user.display_name.c_str());
    }
    if (state_.bases.status == LoadStatus::ready) {
        ImGui::SameLine(0, 24);
        std::snprintf(buf, sizeof buf, tr(l, S::StatusBases), static_cast<int>(state_.bases.all.size()));
        ImGui::TextUnformatted(buf);
        if (state_.bases.demo) {
            ImGui::SameLine(0, 8);
            ImGui::TextDisabled("(%s)", tr(l, S::StatusDemo));
        }
    }
    ImGui::SetCursorPosY(y);
    ImGui::EndChild();
}

std::string App::state_json() const {
    const auto& b = state_.bases;
    nlohmann::json j{
        {"target", platform_.target()},
        {"frame", state_.frame},
        {"view", view_code(state_.view)},
        {"language", lang_code(state_.lang())},
        {"server", state_.server == ServerStatus::online    ? "online"
                   : state_.server == ServerStatus::offline ? "offline"
                                                            : "unknown"},
        {"basesStatus", load_status_code(b.status)},
        {"bases", b.all.size()},
        {"shownBases", b.shown.size()},
        {"query", b.filter.query},
        {"demo", b.demo},
        {"selectedBase", state_.selected_base},
        {"fontCjk", fonts_.cjk},
    };
    if (const Base* sel = state_.find_base(state_.selected_base)) {
        j["selectedBaseName"] = sel->name;
        j["selectedBaseStatus"] = to_code(sel->status);
        j["selectedBaseRating"] = sel->rating;
    }
    j["filter"] = {{"categories", b.filter.categories}, {"levels", b.filter.levels}, {"minRating", b.filter.min_rating},
                   {"grade", b.filter.grade}, {"openDate", b.filter.open_date}, {"radiusKm", b.filter.radius_km}};
    j["route"] = state_.ui.map.route;
    j["routes"] = state_.routes.size();
    j["importReport"] = state_.ui.map.import_report;
    j["mapTab"] = state_.ui.map.tab;
    j["tripPlan"] = {{"bases", state_.ui.trips.bases}, {"route", state_.ui.trips.route_id},
                     {"selected", state_.ui.trips.selected_trip}};
    j["signedIn"] = state_.account.signed_in;
    j["sessionExpired"] = state_.account.expired;
    if (state_.account.signed_in) j["user"] = {{"id", state_.account.user.id}, {"role", api::to_code(state_.account.user.role)}};
    j["sync"] = {{"status", status_code(state_.sync.kind)},
                 {"pending", state_.sync.pending},
                 {"rejected", state_.sync.rejected},
                 {"message", state_.sync.message}};
    j["notice"] = state_.account_notice;
    if (state_.progress) j["progress"] = {{"done", state_.progress->done}, {"total", state_.progress->total}};
    j["noteNotice"] = state_.ui.knowledge.note.notice;
    j["spaceNotice"] = state_.space_notice;
    j["search"] = nlohmann::json::array();
    for (const auto& h : state_.ui.knowledge.hits) j["search"].push_back({{"id", h.note_id}, {"snippet", h.snippet}});
    j["searched"] = state_.ui.knowledge.searched;
    if (state_.data) {
        auto& counts = j["records"] = nlohmann::json::object();
        for (const auto& [collection, bucket] : state_.data->all()) {
            size_t n = 0;
            for (const auto& [id, r] : bucket) n += r.deleted ? 0 : 1;
            counts[collection] = n;
        }
        auto& subs = j["submissions"] = nlohmann::json::array();
        for (const auto* r : state_.data->list("submissions"))
            subs.push_back({{"id", r->id}, {"activity", rec::str(*r, "activity_id")}, {"owner", rec::str(*r, "owner_id")},
                            {"status", rec::str(*r, "status")}, {"score", rec::real(*r, "score")}});
        auto& notes = j["notes"] = nlohmann::json::array();
        for (const auto* n : state_.data->list("notes"))
            notes.push_back({{"id", n->id}, {"title", n->fields.value("title", nlohmann::json("")).is_string()
                                                          ? n->fields.value("title", "")
                                                          : ""}});
    }
    auto& items = j["items"] = nlohmann::json::object();
    for (const auto& it : state_.ui.items) items[it.name] = {it.x, it.y, it.w, it.h};
    return j.dump();
}

namespace {
std::string field_text(const sync::Record& r, const char* key) {
    const auto it = r.fields.find(key);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

void App::plan_trip() {
    auto& t = state_.ui.trips;
    const Lang l = state_.lang();
    const bool zh = l == Lang::zh;
    auto fail = [&](const std::string& why) {
        state_.space_notice_ok = false;
        state_.space_notice = why;
    };
    if (!engine_.ready()) return fail(zh ? "请先登录" : "Sign in first");
    const auto& replica = engine_.replica();
    TripPlan plan;
    plan.trip_id = "trip-" + platform_.random_hex(8);
    plan.class_id = t.class_id;
    plan.title = t.title;
    plan.date = t.date;
    const auto from = timetable::parse_hhmm(t.start), until = timetable::parse_hhmm(t.end);
    if (!from || !until) return fail(zh ? "时间格式应为 HH:MM，例如 08:30" : "Times must look like 08:30");
    plan.start_min = *from;
    plan.end_min = *until;
    std::optional<Route> route;
    if (!t.route_id.empty()) {
        const Route* r = state_.find_route(t.route_id);
        if (!r) return fail((zh ? "找不到线路 " : "No route ") + t.route_id);
        route = *r;
        plan.route_id = t.route_id;
    } else {
        plan.base_ids = t.bases;
    }
    // Everyone in the class who is a student takes part.
    for (const auto* m : replica.list("memberships"))
        if (field_text(*m, "class_id") == t.class_id && field_text(*m, "role") == "student")
            plan.student_ids.push_back(field_text(*m, "user_id"));
    std::sort(plan.student_ids.begin(), plan.student_ids.end());
    plan.student_ids.erase(std::unique(plan.student_ids.begin(), plan.student_ids.end()), plan.student_ids.end());
    // Groups: one per line, "name" or "name, leader's user name"; the planner
    // leads a group whose leader is not named or not known here.
    const auto& me = state_.account.user;
    size_t start = 0;
    while (start <= t.groups.size()) {
        size_t end = t.groups.find('\n', start);
        if (end == std::string::npos) end = t.groups.size();
        std::string line = t.groups.substr(start, end - start);
        start = end + 1;
        std::replace(line.begin(), line.end(), '\t', ' ');
        size_t comma = line.find("，");
        size_t comma_len = 3;
        if (comma == std::string::npos) {
            comma = line.find(',');
            comma_len = 1;
        }
        auto trim = [](std::string x) {
            while (!x.empty() && (x.back() == ' ' || x.back() == '\r')) x.pop_back();
            while (!x.empty() && x.front() == ' ') x.erase(x.begin());
            return x;
        };
        const std::string name = trim(comma == std::string::npos ? line : line.substr(0, comma));
        const std::string who = comma == std::string::npos ? "" : trim(line.substr(comma + comma_len));
        if (name.empty()) continue;
        std::string leader = me.id;
        for (const auto* u : replica.list("users"))
            if (!who.empty() && (field_text(*u, "username") == who || field_text(*u, "display_name") == who)) leader = u->id;
        plan.groups.emplace_back(name, leader);
        if (end == t.groups.size()) break;
    }
    plan.leaders = {me.id};
    std::vector<PlannedRecord> records;
    try {
        records = zx::plan_trip(plan, route, state_.bases.all);
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    auto ok = std::make_shared<bool>(true);
    for (const auto& rec : records)
        engine_.edit(rec.collection, rec.id, rec.fields, std::nullopt, [this, ok, l](bool good, const std::string& err) {
            if (!good && *ok) {
                *ok = false;
                char buf[512];
                std::snprintf(buf, sizeof buf, tr(l, S::SaveFailed), err.c_str());
                state_.space_notice_ok = false;
                state_.space_notice = buf;
            }
        });
    state_.space_notice_ok = true;
    state_.space_notice = tr(l, S::TripCreated);
    t.selected_trip = plan.trip_id;
    t.bases.clear();
    t.route_id.clear();
}

void App::import_bases(const std::string& path_hint) {
    const Lang l = state_.lang();
    const bool zh = l == Lang::zh;
    platform_.file_open(".geojson,.json,.csv,application/geo+json,text/csv", path_hint,
                        [this, l, zh](std::optional<std::pair<std::string, std::string>> file) {
        auto& ui = state_.ui.map;
        if (!file) {
            ui.import_ok = false;
            ui.import_report = tr(l, S::NoFileRead);
            return;
        }
        const auto& name = file->first;
        const bool csv = name.size() >= 4 && (name.ends_with(".csv") || name.ends_with(".CSV"));
        platform::HttpRequest req{"POST", api::kBasesImportPath, std::move(file->second), state_.account.token,
                                  csv ? "text/csv" : "application/geo+json"};
        ui.import_ok = true;
        ui.import_report = zh ? "正在导入 " + name + " ……" : "Importing " + name + "...";
        platform_.http(req, [this, name, zh](const platform::HttpResponse& r) {
            auto& u = state_.ui.map;
            const auto j = nlohmann::json::parse(r.body, nullptr, false);
            if (r.status != 200 || !j.is_object()) {
                u.import_ok = false;
                u.import_report = name + ": " + (j.is_object() && j.contains("error") && j["error"].is_object()
                                                     ? j["error"].value("message", "")
                                                     : r.status == 0 ? r.error : "HTTP " + std::to_string(r.status));
                return;
            }
            char head[256];
            std::snprintf(head, sizeof head,
                          zh ? "%s：新增 %d，更新 %d，线路 %d；%d 行有问题" : "%s: %d added, %d updated, %d routes; %d rows with problems",
                          name.c_str(), j.value("added", 0), j.value("updated", 0), j.value("routes", 0),
                          static_cast<int>(j.value("errors", nlohmann::json::array()).size()));
            std::string text = head;
            int shown = 0;
            for (const auto& e : j.value("errors", nlohmann::json::array())) {
                if (++shown > 8) break;
                text += "\n#" + std::to_string(e.value("row", 0)) + " " + e.value("id", "") + ": " + e.value("message", "");
            }
            u.import_ok = j.value("errors", nlohmann::json::array()).empty();
            u.import_report = text;
            request_bases();  // the server's list now has them; sync brings them to the replica too
        });
    });
}

}  // namespace zx::client
