#pragma once
// A kiosk terminal at a study-tour base (issue 12): enrolment, today's trips
// and rosters, check-ins by scan, typed number or tap, the durable queue that
// carries them to the server, the staff's PIN, and the idle reset.
//
// Contracts:
//  - Nothing is shown as checked in before it is durable on this device: an
//    event goes into the queue ("kiosk-queue" in the platform's storage,
//    written whole and atomically) and the student screen says so once the
//    write reports ok. A kiosk killed at any moment loses nothing it showed.
//  - The queue is sent oldest first, up to 200 at a time, with the kiosk's
//    clock (the server corrects every time by the offset). An event leaves
//    the queue only when the server answered for it (recorded, duplicate or
//    refused); events have ids from trip, student, stop and kind, so a queue
//    sent twice is one check-in.
//  - A revoked (or unknown) token stops the kiosk at its next request: the
//    revoked screen says why; the queue is kept on the device.
//  - After KioskState::idle_s without input, any screen but the enrolment
//    and the revoked one returns to the attract screen and forgets the
//    student shown (nothing personal stays on screen).
//  - The PIN is kept as a salted SHA-256 digest; five wrong PINs lock the
//    staff's menu for five minutes.
#include "controllers/services.hpp"

#include <string>

namespace zx::client {

class KioskController {
public:
    explicit KioskController(Services& s) : s_(s) {}

    // Reads the stored enrolment, queue and last day; does nothing when this
    // run is not a kiosk.
    void init();
    // Once per frame: refreshes today's trips, sends the queue, and returns
    // to the attract screen when idle. `input` says whether the person did
    // anything this frame.
    void tick(bool input);

    void handle(const KioskEnrol& c);
    void handle(const KioskScan& c);
    void handle(const KioskPick& c);
    void handle(const KioskCheckOut& c);
    void handle(const KioskShow& c);
    void handle(const KioskUnlock& c);
    void handle(const KioskGroupIn& c);
    void handle(const KioskSendNow& c);
    void handle(const KioskForget& c);
    void handle(const KioskQuit& c);

private:
    KioskState& k() { return s_.state.kiosk; }
    void load_today();
    void send();
    void save_queue(std::function<void(bool ok)> done);
    void save_enrolment();
    // Records `kind` for one student of `trip` at this base's stop, unless it
    // is recorded already; answers what the student screen shows.
    KioskResult record(const api::KioskTrip& trip, const api::RosterEntry& who, AttendanceKind kind,
                       CheckinMethod method, std::vector<AttendanceEvent>& batch);
    void show(KioskResult r, std::vector<AttendanceEvent> batch);
    // The trip and roster entry of a student on today's trips.
    std::pair<const api::KioskTrip*, const api::RosterEntry*> find(const std::string& trip_id,
                                                                   const std::string& student_id) const;
    bool recorded(const api::KioskTrip& trip, const api::RosterEntry& who, int stop, AttendanceKind kind,
                  int64_t* at) const;
    void revoked(const ApiReply& r);
    void to_attract();

    Services& s_;
    int64_t next_send_ms_ = 0;
    int64_t send_backoff_ms_ = 0;
    // When each event made in this run was recorded here, by id (the
    // student screen says "checked in at 10:02" for a second scan).
    std::map<std::string, int64_t> made_;
};

}  // namespace zx::client
