#pragma once
// The parents' side: trip consent (a teacher's form and reminders, a
// guardian's answers) and the digital parent school (数字家长学校). Every
// write is a synced record checked by the shared rules first
// (zx/tours/family.hpp) and by the server after; what a guardian sees
// derives from the records (SpaceData::family).
#include "controllers/services.hpp"

namespace zx::client {

class FamilyController {
public:
    explicit FamilyController(Services& s) : s_(s) {}

    void handle(const SaveConsentForm& c);
    void handle(const RemindConsent& c);
    void handle(const AnswerConsent& c);
    void handle(const SaveHomeResource& c);
    void handle(const DeleteHomeResource& c);

private:
    void report(const EditOutcome& o, S ok_text);
    void fail(std::string text) { s_.state.report(s_.state.notices.family, {std::move(text), false}); }

    Services& s_;
};

}  // namespace zx::client
