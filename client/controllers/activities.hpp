#pragma once
// 活动库: teachers publish activities to a class; students save and submit
// their work (offline too); teachers review it against the rubric.
#include "controllers/services.hpp"

namespace zx::client {

class ActivitiesController {
public:
    explicit ActivitiesController(Services& s) : s_(s) {}

    void handle(const FocusActivity& c) { s_.state.activity = c.focus; }
    void handle(const PublishActivity& c);
    void handle(const SaveWork& c);
    void handle(const ReviewWork& c);

private:
    void report(const EditOutcome& o, S ok_text);

    Services& s_;
};

}  // namespace zx::client
