#pragma once
// The one state object of the client. The App owns it; views read it and push
// Commands; only the App changes it (besides widget buffers that belong to a
// view's own UI, such as the text of a search box).
#include "i18n.hpp"
#include "settings.hpp"
#include "sync/engine.hpp"

#include "zx/api.hpp"
#include "zx/base.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace zx::client {

class Replica;

enum class ViewId { space, map, settings };
std::string_view view_code(ViewId v);  // "space" | "map" | "settings"

enum class LoadStatus { idle, loading, ready, error };
std::string_view load_status_code(LoadStatus s);

enum class ServerStatus { unknown, online, offline };

struct BasesState {
    LoadStatus status = LoadStatus::idle;
    std::string error;          // set when status == error
    std::vector<Base> all;      // as listed by the server, ordered by id
    bool demo = false;          // the server said this is demo data
    std::string query;          // the filter that `shown` reflects
    std::vector<size_t> shown;  // indices into `all` matching `query`
};

// Who is signed in on this device. The token is the server's bearer token;
// it is kept by the platform's storage ("session"), never in URLs or logs.
struct Account {
    bool signed_in = false;
    bool expired = false;  // the server refused the token; data stays, sign in again
    api::UserInfo user;
    std::string token;
};

// Widget state that belongs to the views themselves (text being typed, a
// slider being dragged), kept across frames and view switches.
struct MapViewUi {
    char query[256] = {};
    bool scroll_to_selected = false;
};
struct SettingsViewUi {
    int scale_percent = 0;  // while the scale slider is dragged; 0 = not editing
};
struct NoteEditorUi {
    std::string id;  // the note being edited; empty for none
    std::string title;
    std::string body;
    bool dirty = false;  // edited since loaded or saved
    std::string notice;  // the result of the last save
    bool notice_ok = true;
};
struct SpaceViewUi {
    std::string username, password, display_name;
    int role = 0;  // register as: 0 student, 1 teacher, 2 parent
    bool registering = false;
    std::string class_name;
    int grade = 7;
    std::string code;
    NoteEditorUi note;
};
// Screen rectangles of the interactive items drawn this frame, by name
// ("nav:map", "base:zj-0001", "lang:en"). The test hook reports them so that
// browser and desktop tests click where a person would, without guessing
// pixels. Rebuilt every frame; only items actually drawn are listed.
struct ItemRect {
    std::string name;
    float x, y, w, h;
};
struct ViewUi {
    MapViewUi map;
    SettingsViewUi settings;
    SpaceViewUi space;
    std::vector<ItemRect> items;
};

struct AppState {
    Settings settings;
    std::string settings_notice;  // result of the last save, shown in settings
    bool settings_notice_ok = true;

    ViewId view = ViewId::space;
    BasesState bases;
    std::string selected_base;  // id, or empty

    ServerStatus server = ServerStatus::unknown;
    std::string server_version;

    Account account;
    bool account_busy = false;    // a sign-in or class request is under way
    std::string account_notice;   // the answer to the last one
    bool account_notice_ok = true;
    SyncStatus sync;              // refreshed every frame
    const Replica* data = nullptr;  // the signed-in user's records (null when signed out)

    ViewUi ui;
    uint64_t frame = 0;

    Lang lang() const { return settings.language; }
    const Base* find_base(const std::string& id) const;
};

// --- Commands: what views ask for; App::apply() carries them out after drawing.
struct Navigate {
    ViewId view;
};
struct SelectBase {
    std::string id;  // empty clears the selection
    bool focus_map;  // pan the map to it (true when picked from the list)
};
struct SetBaseQuery {
    std::string query;
};
struct ReloadBases {};
struct ChangeSettings {
    Settings settings;
};
struct SignIn {
    std::string username, password;
};
struct Register {
    api::RegisterRequest request;
};
struct SignOut {};
struct TakeOverStore {};
struct CreateClass {
    std::string name;
    int grade;
};
struct JoinClass {
    std::string code;
};
struct IssueGuardianCode {
    std::string class_id, student_id;
};
struct LinkGuardian {
    std::string code;
};
struct NewNote {};
struct OpenNote {
    std::string id;
};
struct SaveNote {
    std::string id, title, body;
};
struct DeleteNote {
    std::string id;
};
// Settles a conflict: `adopt` puts the kept version back into the note.
struct ResolveConflict {
    std::string conflict_id;
    bool adopt;
};
using Command = std::variant<Navigate, SelectBase, SetBaseQuery, ReloadBases, ChangeSettings, SignIn, Register,
                             SignOut, TakeOverStore, CreateClass, JoinClass, IssueGuardianCode, LinkGuardian,
                             NewNote, OpenNote, SaveNote, DeleteNote, ResolveConflict>;

class Commands {
public:
    void push(Command c) { queue_.push_back(std::move(c)); }
    std::vector<Command> take() { return std::exchange(queue_, {}); }

private:
    std::vector<Command> queue_;
};

}  // namespace zx::client
