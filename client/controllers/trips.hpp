#pragma once
// 研学行程: the trip a teacher is planning (bases picked on the map or a
// curated route), planning it into one transaction of records
// (zx/tours/trips.hpp: the trip, its participants, the class timetable
// entry, one study-tour activity per stop), rating bases after a trip, and
// the day itself: attendance and closing the trip (trip_day.cpp).
#include "controllers/services.hpp"

#include "zx/tours/trips.hpp"

#include <functional>
#include <optional>

namespace zx::client {

class TripsController {
public:
    explicit TripsController(Services& s) : s_(s) {}

    void handle(const ToggleTripBase& c);
    void handle(const PlanFromRoute& c);
    void handle(const PlanTrip& c);
    void handle(const RateBase& c);
    void handle(const SelectTrip& c) { s_.state.trip_draft.selected_trip = c.trip_id; }
    // The study-tour day (trip_day.cpp).
    void handle(const RecordAttendance& c);
    void handle(const CloseTrip& c);

    // A trip was written: the form's drafts are done (set by the App, which
    // owns the drafts controller). Called before the next frame's views, so
    // the emptied form does not take the typed title back.
    std::function<void()> on_planned;

private:
    void fail(std::string text) { s_.state.report(s_.state.notices.trips, {std::move(text), false}); }

    Services& s_;
};

}  // namespace zx::client
