// 学习课表: the class timetable (single/odd/even weeks within a term), personal
// plans and one-off events (study-tour days land here too), in a week view
// and a day view, with clashes flagged; export to and import from iCalendar.
#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"
#include "style.hpp"
#include "ui/layout.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include "zx/space/timetable.hpp"
#include "zx/text/lists.hpp"

#include <imgui.h>

#include <algorithm>

namespace zx::client {

namespace {

namespace tt = timetable;

std::string hhmm(int minutes) { return tt::format_hhmm(minutes); }

constexpr S kDays[] = {S::Mon, S::Tue, S::Wed, S::Thu, S::Fri, S::Sat, S::Sun};
constexpr const char* kKinds[] = {"lesson", "plan", "event"};

void draw_week(ViewContext& ctx, const SpaceData::Week& week, tt::Date monday) {
    const Lang l = ctx.lang();
    const int first_hour = 7, last_hour = 21;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gutter = 48, header = ImGui::GetTextLineHeightWithSpacing() * 2;
    const float col_w = (avail.x - gutter) / 7;
    const float hour_h = std::max(28.0f, (avail.y - header - 8) / static_cast<float>(last_hour - first_hour));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 grid = im_color(0xDDE3E8), ink = ImGui::GetColorU32(ImGuiCol_Text);
    const auto now_day = tt::china_today(ctx.state.now_ms);
    for (int d = 0; d < 7; ++d) {
        const tt::Date date = tt::from_days(tt::to_days(monday) + d);
        const float x = origin.x + gutter + col_w * static_cast<float>(d);
        if (date == now_day) dl->AddRectFilled({x, origin.y}, {x + col_w, origin.y + header + hour_h * 14}, im_color(0xEEF6F8));
        // The weekday on the first line and the date on the second, each
        // clipped to its column: narrow columns (a window in landscape) never
        // let one day's header run into the next.
        const auto date_text = trf(l, S::DayHeaderDate, {{"month", date.m}, {"date", date.d}});
        const float pad = std::min(6.0f, col_w * 0.08f);
        dl->PushClipRect({x + 1, origin.y}, {x + col_w - 1, origin.y + header}, true);
        dl->AddText({x + pad, origin.y + 2}, ink, tr(l, kDays[d]));
        dl->AddText({x + pad, origin.y + 2 + ImGui::GetTextLineHeight()}, ImGui::GetColorU32(ImGuiCol_TextDisabled),
                    date_text.c_str());
        dl->PopClipRect();
        // Reported unclipped, so tests can check a header fits its column.
        const float head_w = std::max(ImGui::CalcTextSize(tr(l, kDays[d])).x, ImGui::CalcTextSize(date_text.c_str()).x);
        ctx.items.push_back({"tt:head:" + std::to_string(d), x + pad, origin.y + 2, head_w, header - 2});
        dl->AddLine({x, origin.y}, {x, origin.y + header + hour_h * static_cast<float>(last_hour - first_hour)}, grid);
    }
    for (int h = first_hour; h <= last_hour; ++h) {
        const float y = origin.y + header + hour_h * static_cast<float>(h - first_hour);
        dl->AddLine({origin.x + gutter, y}, {origin.x + avail.x, y}, grid);
        dl->AddText({origin.x + 4, y - ImGui::GetTextLineHeight() / 2}, ImGui::GetColorU32(ImGuiCol_TextDisabled),
                    hhmm(h * 60).c_str());
    }
    auto clashing = [&](const tt::Occurrence& o) {
        return std::any_of(week.clashes.begin(), week.clashes.end(), [&](const tt::Clash& c) { return c.a == o || c.b == o; });
    };
    for (const auto& o : week.occurrences) {
        const int d = static_cast<int>(tt::to_days(o.date) - tt::to_days(monday));
        if (d < 0 || d > 6) continue;
        const float x = origin.x + gutter + col_w * static_cast<float>(d) + 2;
        const float y0 = origin.y + header + hour_h * (static_cast<float>(o.start_min) / 60 - first_hour);
        const float y1 = origin.y + header + hour_h * (static_cast<float>(o.end_min) / 60 - first_hour);
        const bool bad = clashing(o);
        dl->AddRectFilled({x, y0}, {x + col_w - 4, std::max(y1, y0 + 18)}, im_color(bad ? 0xF8D7DA : 0xD6EAF0), 4);
        dl->AddRect({x, y0}, {x + col_w - 4, std::max(y1, y0 + 18)}, im_color(bad ? kErrorRgb : 0x1A7388), 4);
        dl->PushClipRect({x, y0}, {x + col_w - 6, std::max(y1, y0 + 18)}, true);
        dl->AddText({x + 4, y0 + 2}, ink, o.title.c_str());
        if (y1 - y0 > ImGui::GetTextLineHeight() * 2)
            dl->AddText({x + 4, y0 + 2 + ImGui::GetTextLineHeight()}, ImGui::GetColorU32(ImGuiCol_TextDisabled),
                        (hhmm(o.start_min) + " " + o.location).c_str());
        dl->PopClipRect();
    }
    ImGui::Dummy({avail.x, header + hour_h * static_cast<float>(last_hour - first_hour)});
    note_item(ctx, "tt:grid");
}

// A phone's week: each day with its entries, one under the other (the
// grid's seven columns would be a few pixels wide).
void draw_agenda(ViewContext& ctx, const SpaceData::Week& week, tt::Date monday) {
    const Lang l = ctx.lang();
    const auto now_day = tt::china_today(ctx.state.now_ms);
    ImGui::BeginGroup();
    for (int d = 0; d < 7; ++d) {
        const tt::Date date = tt::from_days(tt::to_days(monday) + d);
        ImGui::PushID(d);
        const auto head = trf(l, S::DayHeader, {{"day", tr(l, kDays[d])}, {"month", date.m}, {"date", date.d}});
        ImGui::SeparatorText(date == now_day ? (head + " · " + tr(l, S::TodayMark)).c_str() : head.c_str());
        bool any = false;
        for (const auto& o : week.occurrences) {
            if (o.date != date) continue;
            any = true;
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted((hhmm(o.start_min) + "–" + hhmm(o.end_min) + "  " + o.title).c_str());
            if (!o.location.empty()) ImGui::TextDisabled("%s", o.location.c_str());
            ImGui::PopTextWrapPos();
        }
        if (!any) ImGui::TextDisabled("%s", tr(l, S::NothingToday));
        ImGui::PopID();
    }
    ImGui::EndGroup();
    note_item(ctx, "tt:agenda");
}

// The entry as the form describes it.
TimetableItem form_item(const TimetableViewUi& ui) {
    TimetableItem item;
    auto& e = item.entry;
    e.title = ui.title;
    e.location = ui.location;
    item.kind = kKinds[std::clamp(ui.kind, 0, 2)];
    item.class_id = ui.class_id;
    if (ui.one_off) {
        e.weekday = 0;
        e.date = tt::parse_date(ui.date);
    } else {
        e.weekday = ui.weekday;
        e.weeks = static_cast<tt::Weeks>(std::clamp(ui.weeks, 0, 2));
    }
    return item;
}

void draw_form(ViewContext& ctx, TimetableViewUi& ui, const SpaceData& data, const SpaceData::Timetable& td) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const bool teacher = s.account.user.role == api::Role::teacher;

    if (teacher) {  // a teacher edits a class's timetable; pick which
        const SchoolClass* chosen = data.school_class(ui.class_id);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##ttclass", chosen ? chosen->name.c_str() : tr(l, S::MyOwnTimetable))) {
            if (ui::selectable(tr(l, S::MyOwnTimetable), ui.class_id.empty())) ui.class_id.clear();
            for (const SchoolClass* c : data.classes_taught_by(s.account.user.id))
                if (ui::selectable(c->name.c_str(), c->id == ui.class_id)) ui.class_id = c->id;
            ImGui::EndCombo();
        }
        note_item(ctx, "tt:class");
    }

    ImGui::TextUnformatted(tr(l, S::AddEntry));
    // The new entry's and the term's forms keep drafts (a term by its id, or
    // a new one per timetable).
    const std::string entry = std::string(kNewRecord) + (ui.class_id.empty() ? "" : ":" + ui.class_id);
    const std::string term_key = td.term ? td.term->id : entry;
    draft_text(ctx, {"timetable_entries", entry, "title"}, ui.title, "", "##tttitle", tr(l, S::NoteTitle), {-1, 0});
    note_item(ctx, "tt:title");
    const S kinds[] = {S::KindLesson, S::KindPlan, S::KindEvent};
    for (int i = 0; i < 3; ++i) {
        if (i) ui::same_line_if_fits(ui::check_width(tr(l, kinds[i])));
        ImGui::RadioButton(tr(l, kinds[i]), &ui.kind, i);
    }
    ImGui::Checkbox(tr(l, S::OneOff), &ui.one_off);
    note_item(ctx, "tt:one_off");
    if (ui.one_off) {
        draft_text(ctx, {"timetable_entries", entry, "date"}, ui.date, "", "##ttdate", "YYYY-MM-DD", {-1, 0});
        note_item(ctx, "tt:date");
    } else {
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##ttday", tr(l, kDays[std::clamp(ui.weekday, 1, 7) - 1]))) {
            for (int d = 1; d <= 7; ++d)
                if (ui::selectable(tr(l, kDays[d - 1]), ui.weekday == d)) ui.weekday = d;
            ImGui::EndCombo();
        }
        const S weeks[] = {S::EveryWeek, S::OddWeeks, S::EvenWeeks};
        for (int i = 0; i < 3; ++i) {
            if (i) ui::same_line_if_fits(ui::check_width(tr(l, weeks[i])));
            ImGui::RadioButton(tr(l, weeks[i]), &ui.weeks, i);
            note_item(ctx, "tt:weeks:" + std::to_string(i));
        }
    }
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    draft_text(ctx, {"timetable_entries", entry, "start"}, ui.start, kEntryStart, "##ttstart", "08:00", {half, 0});
    note_item(ctx, "tt:start");
    ImGui::SameLine();
    draft_text(ctx, {"timetable_entries", entry, "end"}, ui.end, kEntryEnd, "##ttend", "08:45", {half, 0});
    note_item(ctx, "tt:end");
    draft_text(ctx, {"timetable_entries", entry, "location"}, ui.location, "", "##ttloc", tr(l, S::Location), {-1, 0});

    // The entry as the shared rules see it; refused here with the reason.
    auto item = form_item(ui);
    std::optional<Problem> problem;
    const auto start = tt::parse_hhmm(ui.start), end = tt::parse_hhmm(ui.end);
    if (!start) problem = zx::problem(Code::not_a_time, "start", "{value} is not a time", {{"value", ui.start}});
    else if (!end) problem = zx::problem(Code::not_a_time, "end", "{value} is not a time", {{"value", ui.end}});
    else if (ui.one_off && !item.entry.date) problem = tt::check_date("date", ui.date, true);
    if (start && end) {
        item.entry.start_min = *start;
        item.entry.end_min = *end;
    }
    if (!problem) problem = validate(place_entry(item, td.term ? &*td.term : nullptr, s.now_ms), td.term ? &*td.term : nullptr);
    ImGui::BeginDisabled(problem.has_value());
    if (ImGui::Button(tr(l, S::Add), {-1, 0})) {
        ctx.out.push(AddTimetableEntry{item});
        ui.title.clear();
    }
    ImGui::EndDisabled();
    note_item(ctx, "tt:add");
    if (problem && !ui.title.empty()) notice_line(describe(l, *problem), false);

    ImGui::Separator();
    ImGui::TextUnformatted(tr(l, S::Term));
    if (td.term)
        ImGui::TextDisabled("%s", trf(l, S::TermLine, {{"name", td.term->name}, {"start", tt::format(td.term->start)},
                                                       {"end", tt::format(td.term->end)}})
                                      .c_str());
    draft_text(ctx, {"terms", term_key, "name"}, ui.term_name, "", "##tname", tr(l, S::TermName), {-1, 0});
    note_item(ctx, "tt:term:name");
    draft_text(ctx, {"terms", term_key, "start_date"}, ui.term_start, "", "##tstart", tr(l, S::TermStart), {half, 0});
    note_item(ctx, "tt:term:start");
    ImGui::SameLine();
    draft_text(ctx, {"terms", term_key, "end_date"}, ui.term_end, "", "##tend", tr(l, S::TermEnd), {half, 0});
    note_item(ctx, "tt:term:end");
    draft_text(ctx, {"terms", term_key, "holidays"}, ui.holidays, "", "##thol", tr(l, S::HolidaysHint), {-1, 0});
    TermItem term;
    term.id = td.term ? td.term->id : "";
    term.class_id = ui.class_id;
    term.name = ui.term_name;
    term.start_date = ui.term_start;
    term.end_date = ui.term_end;
    term.holidays = text::split_list(ui.holidays, text::kBlanksAndCommas);
    const auto term_problem = validate(term);
    ImGui::BeginDisabled(term_problem.has_value());
    if (ImGui::Button(tr(l, S::SaveTerm), {-1, 0})) {
        ctx.out.push(SaveTerm{term, ui.holidays});
        ctx.out.push(DiscardDrafts{"terms", term_key});  // checked here first: it is saved
    }
    ImGui::EndDisabled();
    note_item(ctx, "tt:term:save");
    if (term_problem && (!ui.term_start.empty() || !ui.term_end.empty())) notice_line(describe(l, *term_problem), false);

    ImGui::Separator();
    if (ImGui::Button(tr(l, S::ExportIcs), {-1, 0})) ctx.out.push(ExportTimetable{ui.class_id});
    note_item(ctx, "tt:export");
    if (!ctx.platform.has_file_picker()) {  // no picker: the path is typed
        ui::input_text(ctx.platform, "##icspath", ui.import_path, tr(l, S::IcsPath), {-1, 0});
        note_item(ctx, "tt:import:path");
    }
    if (ImGui::Button(tr(l, S::ImportIcs), {-1, 0})) ctx.out.push(ImportTimetable{ui.class_id, ui.import_path});
    note_item(ctx, "tt:import");
}

}  // namespace

void draw_timetable_view(ViewContext& ctx, TimetableViewUi& ui) {
    const SpaceData* data = data_ready(ctx);
    if (!data) return;
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const auto& td = data->timetable(ui.class_id);
    const tt::Term* term = td.term ? &*td.term : nullptr;
    const auto now_day = tt::china_today(s.now_ms);
    const tt::Date monday = tt::from_days(tt::to_days(now_day) - (tt::weekday(now_day) - 1) + 7 * ui.week_offset);
    const tt::Date sunday = tt::from_days(tt::to_days(monday) + 6);
    const auto& week = data->week(ui.class_id, monday);

    const float form_w = std::clamp(ImGui::GetContentRegionAvail().x * 0.26f, 240.0f, 320.0f);
    const bool phone = ui::layout().phone;
    ui::begin_pane("##ttmain", {ImGui::GetContentRegionAvail().x - form_w - ImGui::GetStyle().ItemSpacing.x, 0}, false);
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) --ui.week_offset;
    note_item(ctx, "tt:prev");
    ImGui::SameLine();
    if (ImGui::Button(tr(l, S::ThisWeek))) ui.week_offset = 0;
    note_item(ctx, "tt:today");
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) ++ui.week_offset;
    note_item(ctx, "tt:next");
    const auto range = term ? trf(l, S::WeekOfTerm, {{"week", tt::week_of_term(*term, monday)}, {"start", tt::format(monday)},
                                                     {"end", tt::format(sunday)}})
                            : trf(l, S::WeekRange, {{"start", tt::format(monday)}, {"end", tt::format(sunday)}});
    ui::same_line_if_fits(ImGui::CalcTextSize(range.c_str()).x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(range.c_str());
    ui::same_line_if_fits(ui::check_width(tr(l, S::WeekView)) + 24);
    if (ImGui::RadioButton(tr(l, S::WeekView), !ui.day_view)) ui.day_view = false;
    note_item(ctx, "tt:week");
    ui::same_line_if_fits(ui::check_width(tr(l, S::DayView)));
    if (ImGui::RadioButton(tr(l, S::DayView), ui.day_view)) ui.day_view = true;
    note_item(ctx, "tt:day");

    for (const auto& c : week.clashes)
        notice_line(trf(l, S::ClashWarning, {{"a", c.a.title}, {"b", c.b.title}, {"date", tt::format(c.a.date)},
                                              {"time", hhmm(std::max(c.a.start_min, c.b.start_min))}}),
                    false);
    for (const auto& p : week.problems) notice_line(describe(l, p), false);
    notice_line(s.notices.timetable);

    // Seven columns narrower than this would crush their entries and
    // headers: the week is then a list of days, as on a phone.
    constexpr float kMinDayColPx = 56.0f;
    const bool agenda = phone || (ImGui::GetContentRegionAvail().x - 48) / 7 < kMinDayColPx * ui::layout().font_scale;
    if (!ui.day_view && agenda) {
        draw_agenda(ctx, week, monday);
    } else if (!ui.day_view) {
        draw_week(ctx, week, monday);
    } else {
        for (int d = 0; d < 7; ++d) {
            if (d) ui::same_line_if_fits(ui::check_width(tr(l, kDays[d])));
            if (ImGui::RadioButton(tr(l, kDays[d]), ui.day == d)) ui.day = d;
        }
        const tt::Date date = tt::from_days(tt::to_days(monday) + ui.day);
        ImGui::TextUnformatted(tt::format(date).c_str());
        bool any = false;
        for (const auto& o : week.occurrences) {
            if (o.date != date) continue;
            any = true;
            ImGui::BulletText("%s", trf(l, S::DayEntry, {{"start", hhmm(o.start_min)}, {"end", hhmm(o.end_min)},
                                                         {"title", o.title}, {"location", o.location}})
                                        .c_str());
            ImGui::SameLine();
            ImGui::PushID(o.entry_id.c_str());
            if (ui::small_button(tr(l, S::Delete))) ctx.out.push(DeleteTimetableEntry{o.entry_id});
            ImGui::PopID();
        }
        if (!any) ImGui::TextDisabled("%s", tr(l, S::NothingToday));
        note_item(ctx, "tt:daylist");
    }
    ui::end_pane();
    ui::next_pane();
    ui::begin_pane("##ttform", {0, 0});
    draw_form(ctx, ui, *data, td);
    ui::end_pane();
}

}  // namespace zx::client
