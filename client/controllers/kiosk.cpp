// The kiosk terminal (kiosk.hpp has the contracts).
//   init, storage       the enrolment, the queue and the last day, from the platform's storage
//   tick                today's refresh, sending, the idle reset
//   enrol               a one-time code for a device token (POST /api/v1/kiosk/enrol)
//   scan, pick, record  a scanned or typed code or a tapped name to an event in the queue
//   send                the queue to POST /api/v1/kiosk/events
//   staff               the PIN, whole groups, unenrolling, quitting
#include "controllers/kiosk.hpp"

#include "messages.hpp"
#include "platform/platform.hpp"

#include "zx/core/china_time.hpp"
#include "zx/core/sha256.hpp"
#include "zx/space/timetable.hpp"
#include "zx/tours/student_card.hpp"
#include "zx/wire/paths.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace zx::client {

using nlohmann::json;

namespace {
constexpr const char* kEnrolmentKey = "kiosk";
constexpr const char* kQueueKey = "kiosk-queue";
constexpr const char* kTodayKey = "kiosk-today";
constexpr int64_t kTodayEveryMs = 60'000;  // rosters change rarely during the day
constexpr int64_t kFirstRetryMs = 2'000;
constexpr int64_t kLastRetryMs = 60'000;
constexpr size_t kBatch = 200;  // the server's limit per request
constexpr int kPinTries = 5;
constexpr int64_t kPinLockMs = 5 * 60'000;
constexpr size_t kPinDigits = 6;

std::string pin_digest(const std::string& salt, const std::string& pin) { return sha256_hex(salt + ":" + pin); }

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

json enrolment_json(const KioskEnrolment& e) {
    return {{"device_id", e.device_id}, {"token", e.token},     {"base_id", e.base_id},  {"base_name", e.base_name},
            {"name", e.name},           {"pin_salt", e.pin_salt}, {"pin_hash", e.pin_hash}};
}
std::optional<KioskEnrolment> enrolment_from(const std::string& text) {
    const auto j = json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    KioskEnrolment e;
    e.device_id = j.value("device_id", "");
    e.token = j.value("token", "");
    e.base_id = j.value("base_id", "");
    e.base_name = j.value("base_name", "");
    e.name = j.value("name", "");
    e.pin_salt = j.value("pin_salt", "");
    e.pin_hash = j.value("pin_hash", "");
    if (e.token.empty() || e.base_id.empty() || e.pin_hash.empty()) return std::nullopt;
    return e;
}

std::string today_in_china(int64_t now_ms) { return timetable::format(timetable::china_today(now_ms)); }

bool has_kind(const api::RosterEntry& r, AttendanceKind kind) {
    return std::find(r.done.begin(), r.done.end(), std::string(to_code(kind))) != r.done.end();
}
}  // namespace

// --- init, storage ------------------------------------------------------------------

void KioskController::init() {
    const auto mode = s_.platform.kiosk_mode();
    k().on = mode.on;
    k().idle_s = mode.idle_s;
    if (!k().on) return;
    k().last_input_ms = s_.platform.now_ms();
    s_.platform.storage_load(kEnrolmentKey, [this](std::optional<std::string> text) {
        if (text) k().enrolment = enrolment_from(*text);
        k().screen = k().enrolment ? KioskScreen::attract : KioskScreen::enrol;
        s_.platform.storage_load(kQueueKey, [this](std::optional<std::string> q) {
            if (q) {
                const auto j = json::parse(*q, nullptr, false);
                if (j.is_array())
                    for (const auto& e : j)
                        if (e.is_object() && e.contains("id") && e.contains("fields")) try {
                                k().queue.push_back(attendance_from_fields(e["id"].get<std::string>(), e["fields"]));
                            } catch (const std::exception&) {
                                // An entry this version cannot read stays out of the queue (and in no screen).
                            }
            }
            s_.platform.storage_load(kTodayKey, [this](std::optional<std::string> t) {
                // Yesterday's rosters are no use; today's let a kiosk that
                // starts offline check students in.
                if (t) {
                    const auto j = json::parse(*t, nullptr, false);
                    if (j.is_object()) try {
                            auto day = api::kiosk_today_from_json(j);
                            if (day.date == today_in_china(s_.platform.now_ms())) k().today = std::move(day);
                        } catch (const std::exception&) {
                        }
                }
                k().loaded = true;
                s_.platform.request_frame();
            });
        });
    });
}

void KioskController::save_queue(std::function<void(bool ok)> done) {
    json q = json::array();
    for (const auto& e : k().queue) q.push_back({{"id", e.id}, {"fields", to_fields(e)}});
    s_.platform.storage_save(kQueueKey, q.dump(), std::move(done));
}

void KioskController::save_enrolment() {
    if (k().enrolment) s_.platform.storage_save(kEnrolmentKey, enrolment_json(*k().enrolment).dump(), [](bool) {});
    else s_.platform.storage_remove(kEnrolmentKey);
}

// --- tick ------------------------------------------------------------------------------

void KioskController::tick(bool input) {
    if (!k().on || !k().loaded) return;
    const int64_t now = s_.platform.now_ms();
    if (input) k().last_input_ms = now;
    const bool resting = k().screen == KioskScreen::attract || k().screen == KioskScreen::enrol ||
                         k().screen == KioskScreen::revoked;
    const int64_t idle_at = k().last_input_ms + static_cast<int64_t>(k().idle_s) * 1000;
    if (!resting) {
        if (now >= idle_at) to_attract();
        else s_.platform.request_frame(idle_at);
    }
    if (!k().enrolment || !k().revoked.empty()) return;
    if (!k().today_loading) {
        const int64_t due = k().today_at + kTodayEveryMs;
        if (now >= due) load_today();
        else s_.platform.request_frame(due);
    }
    if (!k().queue.empty() && !k().sending) {
        if (now >= next_send_ms_) send();
        else s_.platform.request_frame(next_send_ms_);
    }
}

void KioskController::to_attract() {
    if (k().screen == KioskScreen::enrol) return;
    // A revoked kiosk shows why until it is enrolled again.
    k().screen = k().revoked.empty() ? KioskScreen::attract : KioskScreen::revoked;
    k().result.reset();
    k().roster_trip.clear();
    k().notice = {};
    ++k().resets;
}

void KioskController::load_today() {
    k().today_loading = true;
    s_.api.send("GET", api::kKioskTodayPath, nullptr, k().enrolment->token, [this](const ApiReply& r) {
        k().today_loading = false;
        k().today_at = s_.platform.now_ms();
        if (r.status == 401) return revoked(r);
        if (r.offline()) {
            s_.state.server_offline(r.failure);
            k().today_at -= kTodayEveryMs - kFirstRetryMs * 5;  // try again in 10 s
            return;
        }
        if (!r.ok()) return;
        s_.state.server = ServerStatus::online;
        try {
            k().today = api::kiosk_today_from_json(r.body);
            s_.platform.storage_save(kTodayKey, r.body.dump(), [](bool) {});
        } catch (const std::exception&) {
        }
    });
}

void KioskController::revoked(const ApiReply& r) {
    k().screen = KioskScreen::revoked;
    k().result.reset();
    k().revoked = describe(s_.lang(), r);
}

// --- enrol -----------------------------------------------------------------------------

void KioskController::handle(const KioskEnrol& c) {
    const Lang l = s_.lang();
    if (c.pin.size() < kPinDigits || !all_digits(c.pin))
        return void(k().notice = {trf(l, S::KioskPinShort, {{"n", static_cast<int64_t>(kPinDigits)}}), false});
    if (c.pin != c.pin_again) return void(k().notice = {tr(l, S::KioskPinMismatch), false});
    if (c.name.empty()) return void(k().notice = {tr(l, S::KioskNameNeeded), false});
    k().busy = true;
    k().notice = {};
    api::EnrolRequest req{c.code, c.name};
    s_.api.send("POST", api::kKioskEnrolPath, json(req), "", [this, pin = c.pin, name = c.name](const ApiReply& r) {
        k().busy = false;
        if (!r.ok()) return void(k().notice = {describe(s_.lang(), r), false});
        try {
            const auto a = api::enrol_answer_from_json(r.body);
            KioskEnrolment e{a.device_id, a.token, a.base_id, a.base_name, name, s_.platform.random_hex(16), ""};
            e.pin_hash = pin_digest(e.pin_salt, pin);
            k().enrolment = std::move(e);
        } catch (const std::exception&) {
            return void(k().notice = {trf(s_.lang(), S::HttpStatus, {{"status", r.status}}), false});
        }
        save_enrolment();
        k().screen = KioskScreen::attract;
        k().today.reset();
        k().today_at = 0;  // load at once
        ++k().resets;
    });
}

// --- scan, pick, record ---------------------------------------------------------------

std::pair<const api::KioskTrip*, const api::RosterEntry*> KioskController::find(const std::string& trip_id,
                                                                                const std::string& student_id) const {
    const auto& kk = s_.state.kiosk;
    if (!kk.today) return {nullptr, nullptr};
    for (const auto& t : kk.today->trips)
        if (t.id == trip_id)
            for (const auto& r : t.roster)
                if (r.student_id == student_id) return {&t, &r};
    return {nullptr, nullptr};
}

bool KioskController::recorded(const api::KioskTrip& trip, const api::RosterEntry& who, int stop, AttendanceKind kind,
                               int64_t* at) const {
    const auto id = attendance_id(trip.id, who.student_id, stop, kind);
    if (const auto it = made_.find(id); it != made_.end()) {
        if (at) *at = it->second;
        return true;
    }
    const auto& q = s_.state.kiosk.queue;
    if (const auto it = std::find_if(q.begin(), q.end(), [&](const AttendanceEvent& e) { return e.id == id; });
        it != q.end()) {
        if (at) *at = it->at;
        return true;
    }
    if (at) *at = 0;
    return has_kind(who, kind);  // recorded before this run (here or by a teacher)
}

KioskResult KioskController::record(const api::KioskTrip& trip, const api::RosterEntry& who, AttendanceKind kind,
                                    CheckinMethod method, std::vector<AttendanceEvent>& batch) {
    using K = KioskResult::Kind;
    KioskResult r;
    r.trip_id = trip.id;
    r.trip_title = trip.title;
    r.student_id = who.student_id;
    r.name = who.name;
    r.group = who.group;
    r.task = trip.task;
    r.stop = trip.stops.empty() ? 0 : trip.stops.front();
    if (who.consent_missing) {
        r.kind = K::consent_missing;
        return r;
    }
    const bool out = kind == AttendanceKind::out;
    int64_t at = 0;
    if (recorded(trip, who, r.stop, kind, &at)) {
        r.kind = out ? K::already_out : K::already_in;
        r.at = at;
    } else {
        AttendanceEvent e;
        e.trip_id = trip.id;
        e.student_id = who.student_id;
        e.stop = r.stop;
        e.base_id = s_.state.kiosk.enrolment->base_id;
        e.kind = kind;
        e.at = s_.platform.now_ms();
        e.method = method;
        e.id = attendance_id(e.trip_id, e.student_id, e.stop, e.kind);
        r.kind = out ? K::checked_out : K::checked_in;
        r.at = e.at;
        batch.push_back(std::move(e));
    }
    r.can_check_out = !out && !recorded(trip, who, r.stop, AttendanceKind::out, nullptr);
    return r;
}

void KioskController::show(KioskResult r, std::vector<AttendanceEvent> batch) {
    k().screen = KioskScreen::student;
    if (batch.empty()) {
        k().result = std::move(r);
        return;
    }
    // Durable first: the screen says "checked in" once the queue is on disk.
    const size_t before = k().queue.size();
    for (auto& e : batch) {
        made_[e.id] = e.at;
        k().queue.push_back(std::move(e));
    }
    k().result.reset();
    save_queue([this, r = std::move(r), before](bool ok) mutable {
        if (!ok) {
            for (size_t i = before; i < k().queue.size(); ++i) made_.erase(k().queue[i].id);
            k().queue.resize(before);
            r.kind = KioskResult::Kind::not_saved;
        }
        k().result = std::move(r);
        next_send_ms_ = 0;  // send at once
        send_backoff_ms_ = 0;
        s_.platform.request_frame();
    });
}

void KioskController::handle(const KioskScan& c) {
    using K = KioskResult::Kind;
    KioskResult r;
    r.typed = c.line.substr(0, 64);
    const auto code = parse_scanned_code(c.line);
    if (!code) {
        r.kind = K::unreadable;
        return show(std::move(r), {});
    }
    r.kind = K::not_found;
    bool school_here = code->school_id.empty();
    if (k().today)
        for (const auto& t : k().today->trips) {
            if (!code->school_id.empty() && t.school_id != code->school_id) continue;
            school_here = true;
            for (const auto& who : t.roster)
                if (!who.student_no.empty() && who.student_no == code->student_no) {
                    std::vector<AttendanceEvent> batch;
                    auto got = record(t, who, AttendanceKind::in,
                                      code->school_id.empty() ? CheckinMethod::code : CheckinMethod::qr, batch);
                    return show(std::move(got), std::move(batch));
                }
        }
    // A card of a school none of today's trips comes from is told apart from
    // a number nobody here has.
    if (!school_here) r.kind = K::other_school;
    show(std::move(r), {});
}

void KioskController::handle(const KioskPick& c) {
    const auto [trip, who] = find(c.trip_id, c.student_id);
    if (!trip) return;
    std::vector<AttendanceEvent> batch;
    auto r = record(*trip, *who, AttendanceKind::in, CheckinMethod::roster, batch);
    show(std::move(r), std::move(batch));
}

void KioskController::handle(const KioskCheckOut& c) {
    const auto [trip, who] = find(c.trip_id, c.student_id);
    if (!trip) return;
    std::vector<AttendanceEvent> batch;
    auto r = record(*trip, *who, AttendanceKind::out, CheckinMethod::roster, batch);
    show(std::move(r), std::move(batch));
}

void KioskController::handle(const KioskShow& c) {
    switch (c.screen) {
        case KioskScreen::attract: return to_attract();
        case KioskScreen::roster:
            k().screen = KioskScreen::roster;
            k().roster_trip = c.trip_id;
            // One trip today: its roster at once.
            if (c.trip_id.empty() && k().today && k().today->trips.size() == 1) k().roster_trip = k().today->trips[0].id;
            return;
        case KioskScreen::staff_pin:
            k().screen = KioskScreen::staff_pin;
            k().notice = {};
            return;
        default: return;  // the other screens are reached by what happens, not asked for
    }
}

// --- send -----------------------------------------------------------------------------------

void KioskController::send() {
    if (!k().enrolment || k().queue.empty()) return;
    api::KioskEventsRequest req;
    req.sent_at = s_.platform.now_ms();
    const size_t n = std::min(kBatch, k().queue.size());
    req.events.assign(k().queue.begin(), k().queue.begin() + static_cast<std::ptrdiff_t>(n));
    k().sending = true;
    s_.api.send("POST", api::kKioskEventsPath, json(req), k().enrolment->token, [this](const ApiReply& r) {
        k().sending = false;
        const int64_t now = s_.platform.now_ms();
        auto retry = [&] {
            send_backoff_ms_ = send_backoff_ms_ ? std::min(send_backoff_ms_ * 2, kLastRetryMs) : kFirstRetryMs;
            next_send_ms_ = now + send_backoff_ms_;
        };
        if (r.status == 401) return revoked(r);
        if (r.offline()) {
            s_.state.server_offline(r.failure);
            return retry();
        }
        if (!r.ok()) {
            // A refusal of the whole batch (a server in maintenance, a
            // limit): the queue stays, and is tried again later.
            k().notice = {describe(s_.lang(), r), false};
            return retry();
        }
        s_.state.server = ServerStatus::online;
        api::KioskEventsAnswer a;
        try {
            a = api::kiosk_events_answer_from_json(r.body);
        } catch (const std::exception&) {
            return retry();
        }
        bool any = false;
        for (const auto& res : a.results) {
            const auto it = std::find_if(k().queue.begin(), k().queue.end(),
                                         [&](const AttendanceEvent& e) { return e.id == res.id; });
            if (it == k().queue.end()) continue;
            if (res.status == "refused") {
                const auto [trip, who] = find(it->trip_id, it->student_id);
                const std::string why = res.error ? describe(s_.lang(), ApiReply{409, {}, res.error, {}, {}}) : "";
                k().refused.push_back((who ? who->name : it->student_id) + ": " + why);
            }
            k().queue.erase(it);
            any = true;
        }
        send_backoff_ms_ = 0;
        next_send_ms_ = any ? 0 : now + kFirstRetryMs;
        k().sent_at = now;
        if (any) save_queue([](bool) {});
        s_.platform.request_frame();
    });
}

void KioskController::handle(const KioskSendNow&) {
    next_send_ms_ = 0;
    send_backoff_ms_ = 0;
    k().today_at = 0;
}

// --- staff -----------------------------------------------------------------------------------

void KioskController::handle(const KioskUnlock& c) {
    const Lang l = s_.lang();
    const int64_t now = s_.platform.now_ms();
    if (!k().enrolment) return;
    if (now < k().pin_locked_until)
        return void(k().notice = {trf(l, S::KioskPinLocked, {{"time", timetable::format_date_time(k().pin_locked_until)}}),
                                  false});
    if (pin_digest(k().enrolment->pin_salt, c.pin) != k().enrolment->pin_hash) {
        if (++k().pin_failures >= kPinTries) {
            k().pin_failures = 0;
            k().pin_locked_until = now + kPinLockMs;
        }
        return void(k().notice = {tr(l, S::KioskPinWrong), false});
    }
    k().pin_failures = 0;
    k().notice = {};
    k().screen = KioskScreen::staff;
}

void KioskController::handle(const KioskGroupIn& c) {
    if (k().screen != KioskScreen::staff || !k().today) return;
    std::vector<AttendanceEvent> batch;
    size_t count = 0;
    for (const auto& t : k().today->trips) {
        if (t.id != c.trip_id) continue;
        for (const auto& who : t.roster)
            if (who.group == c.group && !who.consent_missing) {
                const size_t before = batch.size();
                record(t, who, AttendanceKind::in, CheckinMethod::group, batch);
                count += batch.size() - before;
            }
    }
    k().notice = {trf(s_.lang(), S::DayRecorded, {{"count", static_cast<int64_t>(count)}}), true};
    if (batch.empty()) return;
    for (auto& e : batch) {
        made_[e.id] = e.at;
        k().queue.push_back(std::move(e));
    }
    save_queue([this](bool ok) {
        if (!ok) k().notice = {tr(s_.lang(), S::KioskNotSaved), false};
        next_send_ms_ = 0;
    });
}

void KioskController::handle(const KioskForget&) {
    if (k().screen != KioskScreen::staff && k().screen != KioskScreen::revoked) return;
    if (!k().queue.empty() && k().revoked.empty())
        return void(k().notice = {trf(s_.lang(), S::KioskForgetPending, {{"count", static_cast<int64_t>(k().queue.size())}}),
                                  false});
    k().enrolment.reset();
    k().today.reset();
    s_.platform.storage_remove(kTodayKey);
    save_enrolment();
    made_.clear();
    k().screen = KioskScreen::enrol;
    k().notice = {};
    k().revoked.clear();
    ++k().resets;
}

void KioskController::handle(const KioskQuit&) {
    if (k().screen == KioskScreen::staff) s_.platform.quit();
}

}  // namespace zx::client
