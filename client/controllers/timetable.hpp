#pragma once
// 学习课表: entries and terms of one's own or a class's timetable, and the
// timetable as an iCalendar file (export, import).
#include "controllers/services.hpp"

namespace zx::client {

class TimetableController {
public:
    explicit TimetableController(Services& s) : s_(s) {}

    void handle(const AddTimetableEntry& c);
    void handle(const DeleteTimetableEntry& c);
    void handle(const SaveTerm& c);
    void handle(const ExportTimetable& c);
    void handle(const ImportTimetable& c);

private:
    void report(const EditOutcome& o, S ok_text);

    Services& s_;
};

}  // namespace zx::client
