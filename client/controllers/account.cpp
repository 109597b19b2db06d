#include "controllers/account.hpp"

#include "messages.hpp"
#include "platform/platform.hpp"

#include "zx/core/error.hpp"
#include "zx/core/strict_json.hpp"
#include "zx/space/timetable.hpp"
#include "zx/wire/api.hpp"

#include <algorithm>

namespace zx::client {

namespace {
// How often the status bar re-checks the server; short enough that coming
// back online is noticed soon, long enough to cost nothing.
constexpr double kHealthIntervalS = 10.0;
constexpr const char* kSessionKey = "session";
}  // namespace

void AccountController::init() {
    // A device remembers who signed in last, so it opens their data offline.
    s_.platform.storage_load(kSessionKey, [this](std::optional<std::string> text) {
        s_.state.account.restored = true;
        if (!text) return;
        try {
            // A server answer kept as it came: read under the same depth limit.
            establish(api::session_from_json(strict::parse(*text, "saved session")));
        } catch (const std::exception&) {
            s_.platform.storage_remove(kSessionKey);  // unreadable: sign in again
        }
    });
    s_.engine.on_unauthorized = [this] { s_.state.account.expired = true; };
    check_health();
}

void AccountController::tick(double now_s) {
    // Sync just reached the server while the status bar still says offline:
    // check now (at most once a second), not at the next regular check, so
    // the bar and the retries of failed work follow at once.
    using K = SyncStatus::Kind;
    const auto k = s_.state.sync.kind;
    if (s_.state.server == ServerStatus::offline && (k == K::synced || k == K::pending) &&
        now_s >= next_health_s_ - kHealthIntervalS + 1)
        next_health_s_ = now_s;
    if (now_s >= next_health_s_) {
        const bool first = next_health_s_ == 0;
        next_health_s_ = now_s + kHealthIntervalS;
        if (!first) check_health();
    }
    // The next check, in wall-clock time, for an idle app's frame pacing.
    double due_s = next_health_s_;
    if (s_.state.server == ServerStatus::offline && (k == K::synced || k == K::pending))
        due_s = std::min(due_s, next_health_s_ - kHealthIntervalS + 1);
    s_.platform.request_frame(s_.state.now_ms + static_cast<int64_t>((due_s - now_s) * 1000.0) + 1);
}

void AccountController::check_health() {
    s_.api.send("GET", api::kHealthPath, nullptr, "", [this](const ApiReply& r) {
        auto& st = s_.state;
        const bool was_offline = st.server != ServerStatus::online;
        if (r.status != 200) {
            st.server_offline(r.offline() ? r.failure : platform::HttpFailure::unreachable);
            return;
        }
        st.server = ServerStatus::online;
        try {
            api::Health h;
            from_json(r.body, h);
            st.server_version = h.version;
        } catch (const std::exception&) {
            st.server_version.clear();
        }
        // Coming back online retries failed work without the user asking.
        if (was_offline && on_back_online) on_back_online();
    });
}

void AccountController::notice(bool ok, std::string text) { s_.state.account_notice = {std::move(text), ok}; }

void AccountController::request(const std::string& method, const std::string& path, const nlohmann::json& body,
                                std::function<void(const nlohmann::json&)> on_ok, OnError on_error) {
    auto& st = s_.state;
    if (st.account_busy) return;
    st.account_busy = true;
    s_.api.send(method, path, body, st.account.token, [this, on_ok = std::move(on_ok), on_error = std::move(on_error)](const ApiReply& r) {
        auto& state = s_.state;
        state.account_busy = false;
        if (!r.ok()) {
            if (on_error && on_error(r)) return;
            notice(false, describe(s_.lang(), r));
            if (r.status == 401 && state.account.signed_in) state.account.expired = true;
            return;
        }
        notice(true, "");
        try {
            on_ok(r.body);
        } catch (const std::exception& e) {
            notice(false, trf(s_.lang(), S::BadAnswer, {{"detail", e.what()}}));
        }
    });
}

void AccountController::establish(const api::Session& s) {
    const bool same_user = s_.engine.user_id() == s.user.id;
    s_.state.account = {true, false, s.user, s.token, true};
    // Each role lands on its own home, never on an empty student page: parents
    // on their children, base staff and administrators on the map of bases.
    // Only from the default view: one the person or a link chose stays.
    if (s_.state.view == ViewId::space) {
        using api::Role;
        if (s.user.role == Role::parent) s_.state.view = ViewId::family;
        else if (s.user.role == Role::base_staff || s.user.role == Role::admin) s_.state.view = ViewId::map;
    }
    if (same_user)
        s_.engine.set_token(s.token);  // signed in again after expiry: keep the open store and its outbox
    else
        s_.engine.start(s.user.id, s.token);
    s_.engine.sync_soon();
    s_.platform.storage_save(kSessionKey, nlohmann::json(s).dump(), [](bool) {});
}

void AccountController::handle(const SignIn& c) {
    request(api::kLoginPath, c.request, [this](const nlohmann::json& j) { establish(api::session_from_json(j)); });
}

void AccountController::handle(const Register& c) {
    // The server's rules for a new account, checked here first so the form
    // says what to fix without a round trip (and works out what it can offline).
    try {
        (void)api::parse_register(nlohmann::json(c.request));
    } catch (const ValidationError& e) {
        return notice(false, describe(s_.lang(), e.problem()));
    }
    // The server answers a taken name exactly like a free one (so that
    // registering tells nobody which names exist) and opens no session: the
    // sign-in that follows is what tells. Its bad_credentials right after a
    // 202 means the name is someone else's.
    const api::LoginRequest login{c.request.username, c.request.password};
    request(api::kRegisterPath, c.request, [this, login](const nlohmann::json&) {
        request(
            api::kLoginPath, login, [this](const nlohmann::json& j) { establish(api::session_from_json(j)); },
            [this](const ApiReply& r) {
                if (r.status != 401) return false;
                notice(false, tr(s_.lang(), S::RegisteredNameTaken));
                return true;
            });
    });
}

void AccountController::handle(const SignOut&) {
    auto& st = s_.state;
    if (!st.account.token.empty()) s_.api.send("POST", api::kLogoutPath, nullptr, st.account.token, [](const ApiReply&) {});
    sign_out_here();
    // Back to the start page and its sign-in form: what the other views
    // showed was the account's own.
    st.view = ViewId::space;
    notice(true, "");
}

// Forgets the session on this device (the server's side is the caller's).
void AccountController::sign_out_here() {
    auto& st = s_.state;
    s_.platform.storage_remove(kSessionKey);
    if (on_signing_out) on_signing_out();
    s_.engine.stop();
    st.account = {};
    st.account.restored = true;  // nobody is signed in now: known, not to be looked up again
    st.sessions.clear();
    st.sessions_loaded = false;
    st.invitation.reset();
}

void AccountController::handle(const TakeOverStore&) { s_.engine.take_over(); }

void AccountController::handle(const CreateClass& c) {
    try {
        (void)api::parse_create_class(nlohmann::json(c.request));
    } catch (const ValidationError& e) {
        return notice(false, describe(s_.lang(), e.problem()));
    }
    request(api::kClassesPath, c.request, [this](const nlohmann::json& j) {
        const auto info = api::class_from_json(j);
        notice(true, trf(s_.lang(), S::ClassCreated, {{"name", info.name}, {"code", info.join_code}}));
        s_.engine.sync_soon();
    });
}

void AccountController::handle(const JoinClass& c) {
    request(api::kJoinClassPath, api::CodeRequest{c.code}, [this](const nlohmann::json& j) {
        notice(true, trf(s_.lang(), S::ClassJoined, {{"name", api::class_from_json(j).name}}));
        s_.engine.sync_soon();
    });
}

void AccountController::handle(const IssueGuardianCode& c) {
    request(zx::format(api::kGuardianCodesPath, {{"id", c.class_id}}), api::GuardianCodeRequest{c.student_id}, [this](const nlohmann::json& j) {
        notice(true, trf(s_.lang(), S::GuardianCodeIssued, {{"code", api::guardian_code_from_json(j).code}}));
    });
}

void AccountController::handle(const LinkGuardian& c) {
    request(api::kLinkGuardianPath, api::CodeRequest{c.code}, [this](const nlohmann::json& j) {
        notice(true, trf(s_.lang(), S::ChildLinked, {{"name", api::user_from_json(j).display_name}}));
        s_.engine.sync_soon();
    });
}

void AccountController::handle(const ChangePassword& c) {
    // The shared rules for the new password first, so the form says what to
    // fix without a round trip.
    try {
        (void)api::parse_change_password(nlohmann::json(c.request));
    } catch (const ValidationError& e) {
        return notice(false, describe(s_.lang(), e.problem()));
    }
    request(api::kPasswordPath, c.request, [this](const nlohmann::json&) {
        // The others have ended: list what is left (the notice stays unless that fails).
        handle(LoadSessions{});
        notice(true, tr(s_.lang(), S::PasswordChanged));
    });
}

void AccountController::handle(const LoadSessions&) {
    // A read, not an action: a success leaves the notice of the last action
    // (a password change, a session ended) where it is.
    auto& st = s_.state;
    if (st.account_busy) return;
    st.account_busy = true;
    s_.api.send("GET", api::kSessionsPath, nullptr, st.account.token, [this](const ApiReply& r) {
        auto& state = s_.state;
        state.account_busy = false;
        if (!r.ok()) {
            notice(false, describe(s_.lang(), r));
            if (r.status == 401 && state.account.signed_in) state.account.expired = true;
            return;
        }
        try {
            state.sessions = r.body.get<api::SessionList>().sessions;
            state.sessions_loaded = true;
        } catch (const std::exception& e) {
            notice(false, trf(s_.lang(), S::BadAnswer, {{"detail", e.what()}}));
        }
    });
}

void AccountController::handle(const EndSession& c) {
    const auto& list = s_.state.sessions;
    const bool current = std::any_of(list.begin(), list.end(), [&](const api::SessionInfo& s) { return s.current && s.id == c.id; });
    request("DELETE", zx::format(api::kSessionPath, {{"id", c.id}}), nullptr, [this, current, id = c.id](const nlohmann::json&) {
        if (current) {
            // This device's own session: the server has ended it already.
            sign_out_here();
            return notice(true, "");
        }
        auto& sessions = s_.state.sessions;
        std::erase_if(sessions, [&](const api::SessionInfo& s) { return s.id == id; });
        notice(true, tr(s_.lang(), S::SessionEnded));
    });
}

void AccountController::handle(const InviteTeacher& c) {
    try {
        (void)api::parse_teacher_invitation_request(nlohmann::json(c.request));
    } catch (const ValidationError& e) {
        return notice(false, describe(s_.lang(), e.problem()));
    }
    request(api::kTeacherInvitationsPath, c.request, [this](const nlohmann::json& j) {
        const auto inv = j.get<api::TeacherInvitation>();
        notice(true, trf(s_.lang(), S::InvitationIssued,
                         {{"code", inv.code}, {"school", inv.school_id}, {"expires", timetable::format_date_time(inv.expires_at)}}));
        s_.state.invitation = inv;
    });
}

void AccountController::handle(const FirstSignIn& c) {
    // The shared rules (the code's length, the password's) first, so the
    // form says what to fix without spending a request.
    try {
        (void)api::parse_first_sign_in(nlohmann::json(c.request));
    } catch (const ValidationError& e) {
        return notice(false, describe(s_.lang(), e.problem()));
    }
    request(api::kFirstSignInPath, c.request, [this](const nlohmann::json& j) {
        const auto session = api::session_from_json(j);
        establish(session);
        // The card's user name is how they sign in from now on: say it.
        notice(true, trf(s_.lang(), S::FirstSignInDone,
                         {{"name", session.user.display_name}, {"username", session.user.username}}));
    });
}

}  // namespace zx::client
