// 学习课表: the class timetable (single/odd/even weeks within a term), personal
// plans and one-off events (study-tour days land here too), in a week view
// and a day view, with clashes flagged; export to and import from iCalendar.
#include "platform/platform.hpp"
#include "style.hpp"
#include "ui/widgets.hpp"
#include "space_data.hpp"
#include "views/records.hpp"
#include "views/views.hpp"

#include "zx/space/timetable.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace zx::client {

namespace {

using nlohmann::json;
namespace tt = timetable;

std::string hhmm(int minutes) { return tt::format_hhmm(minutes); }
using tt::parse_hhmm;
tt::Date today(int64_t now_ms) { return tt::china_today(now_ms); }

}  // namespace

namespace {

void draw_week(ViewContext& ctx, const std::vector<tt::Occurrence>& occ, const std::vector<tt::Clash>& clashes,
               tt::Date monday) {
    const Lang l = ctx.state.lang();
    const S days[] = {S::Mon, S::Tue, S::Wed, S::Thu, S::Fri, S::Sat, S::Sun};
    const int first_hour = 7, last_hour = 21;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gutter = 48, header = ImGui::GetTextLineHeightWithSpacing() * 2;
    const float col_w = (avail.x - gutter) / 7;
    const float hour_h = std::max(28.0f, (avail.y - header - 8) / static_cast<float>(last_hour - first_hour));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 grid = im_color(0xDDE3E8), ink = ImGui::GetColorU32(ImGuiCol_Text);
    const auto now_day = today(ctx.state.now_ms);
    for (int d = 0; d < 7; ++d) {
        const tt::Date date = tt::from_days(tt::to_days(monday) + d);
        const float x = origin.x + gutter + col_w * static_cast<float>(d);
        if (date == now_day) dl->AddRectFilled({x, origin.y}, {x + col_w, origin.y + header + hour_h * 14}, im_color(0xEEF6F8));
        char label[64];
        std::snprintf(label, sizeof label, "%s %d/%d", tr(l, days[d]), date.m, date.d);
        dl->AddText({x + 6, origin.y + 2}, ink, label);
        dl->AddLine({x, origin.y}, {x, origin.y + header + hour_h * static_cast<float>(last_hour - first_hour)}, grid);
    }
    for (int h = first_hour; h <= last_hour; ++h) {
        const float y = origin.y + header + hour_h * static_cast<float>(h - first_hour);
        dl->AddLine({origin.x + gutter, y}, {origin.x + avail.x, y}, grid);
        dl->AddText({origin.x + 4, y - ImGui::GetTextLineHeight() / 2}, ImGui::GetColorU32(ImGuiCol_TextDisabled),
                    hhmm(h * 60).c_str());
    }
    auto clashing = [&](const tt::Occurrence& o) {
        for (const auto& c : clashes)
            if (c.a == o || c.b == o) return true;
        return false;
    };
    for (const auto& o : occ) {
        const int d = static_cast<int>(tt::to_days(o.date) - tt::to_days(monday));
        if (d < 0 || d > 6) continue;
        const float x = origin.x + gutter + col_w * static_cast<float>(d) + 2;
        const float y0 = origin.y + header + hour_h * (static_cast<float>(o.start_min) / 60 - first_hour);
        const float y1 = origin.y + header + hour_h * (static_cast<float>(o.end_min) / 60 - first_hour);
        const bool bad = clashing(o);
        dl->AddRectFilled({x, y0}, {x + col_w - 4, std::max(y1, y0 + 18)}, im_color(bad ? 0xF8D7DA : 0xD6EAF0), 4);
        dl->AddRect({x, y0}, {x + col_w - 4, std::max(y1, y0 + 18)}, im_color(bad ? 0xC8102E : 0x1A7388), 4);
        dl->PushClipRect({x, y0}, {x + col_w - 6, std::max(y1, y0 + 18)}, true);
        dl->AddText({x + 4, y0 + 2}, ink, o.title.c_str());
        if (y1 - y0 > ImGui::GetTextLineHeight() * 2)
            dl->AddText({x + 4, y0 + 2 + ImGui::GetTextLineHeight()}, ImGui::GetColorU32(ImGuiCol_TextDisabled),
                        (hhmm(o.start_min) + " " + o.location).c_str());
        dl->PopClipRect();
    }
    ImGui::Dummy({avail.x, header + hour_h * static_cast<float>(last_hour - first_hour)});
    note_item(ctx.ui, "tt:grid");
}

void draw_form(ViewContext& ctx, const TimetableData& td) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    auto& ui = ctx.ui.timetable;
    const bool teacher = s.account.user.role == api::Role::teacher;

    if (teacher) {  // a teacher edits a class's timetable; pick which
        std::string class_name = tr(l, S::MyOwnTimetable);
        for (const auto* c : s.data->list("classes"))
            if (c->id == ui.class_id) class_name = rec::str(*c, "name");
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##ttclass", class_name.c_str())) {
            if (ImGui::Selectable(tr(l, S::MyOwnTimetable), ui.class_id.empty())) ui.class_id.clear();
            for (const auto* c : s.data->list("classes"))
                if (rec::str(*c, "teacher_id") == s.account.user.id && ImGui::Selectable(rec::str(*c, "name").c_str()))
                    ui.class_id = c->id;
            ImGui::EndCombo();
        }
        note_item(ctx.ui, "tt:class");
    }

    ImGui::TextUnformatted(tr(l, S::AddEntry));
    ui::input_text(ctx.platform, "##tttitle", ui.title, tr(l, S::NoteTitle), {-1, 0});
    note_item(ctx.ui, "tt:title");
    const S kinds[] = {S::KindLesson, S::KindPlan, S::KindEvent};
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        ImGui::RadioButton(tr(l, kinds[i]), &ui.kind, i);
    }
    ImGui::Checkbox(tr(l, S::OneOff), &ui.one_off);
    note_item(ctx.ui, "tt:one_off");
    if (ui.one_off) {
        ui::input_text(ctx.platform, "##ttdate", ui.date, "2026-11-18", {-1, 0});
        note_item(ctx.ui, "tt:date");
    } else {
        const S days[] = {S::Mon, S::Tue, S::Wed, S::Thu, S::Fri, S::Sat, S::Sun};
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##ttday", tr(l, days[std::clamp(ui.weekday, 1, 7) - 1]))) {
            for (int d = 1; d <= 7; ++d)
                if (ImGui::Selectable(tr(l, days[d - 1]), ui.weekday == d)) ui.weekday = d;
            ImGui::EndCombo();
        }
        const S weeks[] = {S::EveryWeek, S::OddWeeks, S::EvenWeeks};
        for (int i = 0; i < 3; ++i) {
            if (i) ImGui::SameLine();
            ImGui::RadioButton(tr(l, weeks[i]), &ui.weeks, i);
            note_item(ctx.ui, "tt:weeks:" + std::to_string(i));
        }
    }
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    ui::input_text(ctx.platform, "##ttstart", ui.start, "08:00", {half, 0});
    note_item(ctx.ui, "tt:start");
    ImGui::SameLine();
    ui::input_text(ctx.platform, "##ttend", ui.end, "08:45", {half, 0});
    note_item(ctx.ui, "tt:end");
    ui::input_text(ctx.platform, "##ttloc", ui.location, tr(l, S::Location), {-1, 0});

    // The entry as the shared rules see it; refused here with the reason.
    tt::Entry e;
    e.title = ui.title;
    e.location = ui.location;
    std::string problem;
    const auto start = parse_hhmm(ui.start), end = parse_hhmm(ui.end);
    if (!start || !end) problem = tr(l, S::BadTime);
    e.start_min = start.value_or(0);
    e.end_min = end.value_or(0);
    if (ui.one_off) {
        e.date = tt::parse_date(ui.date);
        if (!e.date) problem = std::string(tr(l, S::BadDate)) + ui.date;
    } else {
        e.weekday = ui.weekday;
        e.weeks = static_cast<tt::Weeks>(ui.weeks);
        if (!td.term) e.date = today(s.now_ms);
    }
    if (problem.empty())
        if (auto p = tt::validate(e, td.term ? &*td.term : nullptr)) problem = *p;
    ImGui::BeginDisabled(!problem.empty());
    if (ImGui::Button(tr(l, S::Add), {-1, 0})) {
        json f{{"title", e.title},
               {"location", e.location},
               {"start_min", e.start_min},
               {"end_min", e.end_min},
               {"kind", ui.kind == 0 ? "lesson" : ui.kind == 1 ? "plan" : "event"}};
        if (ui.one_off) {
            f["date"] = tt::format(*e.date);
            f["weekday"] = 0;
        } else {
            f["weekday"] = e.weekday;
            f["weeks"] = tt::weeks_code(e.weeks);
            if (e.date) f["date"] = tt::format(*e.date);
            if (td.term) f["term_id"] = td.term->id;
        }
        if (!ui.class_id.empty()) f["class_id"] = ui.class_id;
        ctx.out.push(EditRecord{"timetable_entries", "", f, std::nullopt});
        ui.title.clear();
    }
    ImGui::EndDisabled();
    note_item(ctx.ui, "tt:add");
    if (!problem.empty() && !ui.title.empty()) notice_line(problem, false);

    ImGui::Separator();
    ImGui::TextUnformatted(tr(l, S::Term));
    if (td.term)
        ImGui::TextDisabled("%s %s – %s", td.term->name.c_str(), tt::format(td.term->start).c_str(),
                            tt::format(td.term->end).c_str());
    ui::input_text(ctx.platform, "##tname", ui.term_name, tr(l, S::TermName), {-1, 0});
    note_item(ctx.ui, "tt:term:name");
    ui::input_text(ctx.platform, "##tstart", ui.term_start, tr(l, S::TermStart), {half, 0});
    note_item(ctx.ui, "tt:term:start");
    ImGui::SameLine();
    ui::input_text(ctx.platform, "##tend", ui.term_end, tr(l, S::TermEnd), {half, 0});
    note_item(ctx.ui, "tt:term:end");
    ui::input_text(ctx.platform, "##thol", ui.holidays, tr(l, S::HolidaysHint), {-1, 0});
    std::string term_problem;
    const auto ts = tt::parse_date(ui.term_start), te = tt::parse_date(ui.term_end);
    json holidays = json::array();
    if (!ts) term_problem = std::string(tr(l, S::BadDate)) + ui.term_start;
    else if (!te) term_problem = std::string(tr(l, S::BadDate)) + ui.term_end;
    else if (*te < *ts) term_problem = tr(l, S::TermBackwards);
    size_t p = 0;
    while (p < ui.holidays.size()) {
        size_t c = ui.holidays.find_first_of(", ", p);
        if (c == std::string::npos) c = ui.holidays.size();
        const auto d = ui.holidays.substr(p, c - p);
        if (!d.empty()) {
            if (tt::parse_date(d)) holidays.push_back(d);
            else term_problem = std::string(tr(l, S::BadDate)) + d;
        }
        p = c + 1;
    }
    ImGui::BeginDisabled(!term_problem.empty() || ui.term_name.empty());
    if (ImGui::Button(tr(l, S::SaveTerm), {-1, 0})) {
        json f{{"name", ui.term_name}, {"start_date", ui.term_start}, {"end_date", ui.term_end}, {"holidays", holidays}};
        if (!ui.class_id.empty()) f["class_id"] = ui.class_id;
        ctx.out.push(EditRecord{"terms", td.term ? td.term->id : "", f, std::nullopt});
    }
    ImGui::EndDisabled();
    note_item(ctx.ui, "tt:term:save");
    if (!term_problem.empty() && (!ui.term_start.empty() || !ui.term_end.empty())) notice_line(term_problem, false);

    ImGui::Separator();
    if (ImGui::Button(tr(l, S::ExportIcs), {-1, 0})) ctx.out.push(ExportTimetable{});
    note_item(ctx.ui, "tt:export");
    if (!ctx.platform.text_overlay()) {  // the desktop reads a path; the web shows a file picker
        ui::input_text(ctx.platform, "##icspath", ui.import_path, tr(l, S::IcsPath), {-1, 0});
        note_item(ctx.ui, "tt:import:path");
    }
    if (ImGui::Button(tr(l, S::ImportIcs), {-1, 0})) ctx.out.push(ImportTimetable{ui.import_path});
    note_item(ctx.ui, "tt:import");
}

}  // namespace

void draw_timetable_view(ViewContext& ctx) {
    if (!data_ready(ctx)) return;
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    auto& ui = ctx.ui.timetable;
    const auto td = timetable_data(*s.data, ui.class_id);
    const tt::Term* term = td.term ? &*td.term : nullptr;
    const auto now_day = today(s.now_ms);
    const tt::Date monday = tt::from_days(tt::to_days(now_day) - (tt::weekday(now_day) - 1) + 7 * ui.week_offset);
    const tt::Date sunday = tt::from_days(tt::to_days(monday) + 6);
    std::vector<std::string> problems;
    const auto occ = tt::expand(td.entries, term, monday, sunday, &problems);
    const auto clashes = tt::clashes(occ);

    const float form_w = std::clamp(ImGui::GetContentRegionAvail().x * 0.26f, 240.0f, 320.0f);
    ImGui::BeginChild("##ttmain", {ImGui::GetContentRegionAvail().x - form_w - ImGui::GetStyle().ItemSpacing.x, 0});
    if (ImGui::Button("<")) --ui.week_offset;
    note_item(ctx.ui, "tt:prev");
    ImGui::SameLine();
    if (ImGui::Button(tr(l, S::ThisWeek))) ui.week_offset = 0;
    note_item(ctx.ui, "tt:today");
    ImGui::SameLine();
    if (ImGui::Button(">")) ++ui.week_offset;
    note_item(ctx.ui, "tt:next");
    ImGui::SameLine();
    char label[128];
    if (term)
        std::snprintf(label, sizeof label, tr(l, S::WeekOfTerm), tt::week_of_term(*term, monday), tt::format(monday).c_str(),
                      tt::format(sunday).c_str());
    else
        std::snprintf(label, sizeof label, "%s – %s", tt::format(monday).c_str(), tt::format(sunday).c_str());
    ImGui::TextUnformatted(label);
    ImGui::SameLine(0, 24);
    if (ImGui::RadioButton(tr(l, S::WeekView), !ui.day_view)) ui.day_view = false;
    note_item(ctx.ui, "tt:week");
    ImGui::SameLine();
    if (ImGui::RadioButton(tr(l, S::DayView), ui.day_view)) ui.day_view = true;
    note_item(ctx.ui, "tt:day");

    for (const auto& c : clashes) {
        char buf[400];
        std::snprintf(buf, sizeof buf, tr(l, S::ClashWarning), c.a.title.c_str(), c.b.title.c_str(),
                      tt::format(c.a.date).c_str(), hhmm(std::max(c.a.start_min, c.b.start_min)).c_str());
        notice_line(buf, false);
    }
    for (const auto& p : problems) notice_line(p, false);
    notice_line(s.space_notice, s.space_notice_ok);

    if (!ui.day_view) {
        draw_week(ctx, occ, clashes, monday);
    } else {
        const S days[] = {S::Mon, S::Tue, S::Wed, S::Thu, S::Fri, S::Sat, S::Sun};
        for (int d = 0; d < 7; ++d) {
            if (d) ImGui::SameLine();
            if (ImGui::RadioButton(tr(l, days[d]), ui.day == d)) ui.day = d;
        }
        const tt::Date date = tt::from_days(tt::to_days(monday) + ui.day);
        ImGui::TextUnformatted(tt::format(date).c_str());
        bool any = false;
        for (const auto& o : occ) {
            if (o.date != date) continue;
            any = true;
            ImGui::BulletText("%s–%s  %s  %s", hhmm(o.start_min).c_str(), hhmm(o.end_min).c_str(), o.title.c_str(),
                              o.location.c_str());
            ImGui::SameLine();
            ImGui::PushID(o.entry_id.c_str());
            if (ImGui::SmallButton(tr(l, S::Delete)))
                ctx.out.push(EditRecord{"timetable_entries", o.entry_id, json::object(), true});
            ImGui::PopID();
        }
        if (!any) ImGui::TextDisabled("%s", tr(l, S::NothingToday));
        note_item(ctx.ui, "tt:daylist");
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##ttform", {0, 0}, ImGuiChildFlags_Border);
    draw_form(ctx, td);
    ImGui::EndChild();
}

}  // namespace zx::client
