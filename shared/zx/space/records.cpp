#include "zx/space/records.hpp"

#include "zx/core/china_time.hpp"
#include "zx/core/format.hpp"
#include "zx/core/hash.hpp"
#include "zx/sync/fields.hpp"
#include "zx/text/lists.hpp"

#include <algorithm>
#include <cstdlib>

namespace zx {

using nlohmann::json;
namespace fl = fields;

// --- People and classes ----------------------------------------------------------

Person person_from_fields(const std::string& id, const json& f) {
    return {id, fl::text(f, "role"), fl::text(f, "display_name"), fl::text(f, "username"), fl::text(f, "base_id"),
            fl::text(f, "student_no")};
}

SchoolClass class_from_fields(const std::string& id, const json& f) {
    return {id, fl::text(f, "name"), static_cast<int>(fl::integer(f, "grade")), fl::text(f, "teacher_id")};
}

Membership membership_from_fields(const std::string& id, const json& f) {
    return {id, fl::text(f, "class_id"), fl::text(f, "user_id"), fl::text(f, "role")};
}

GuardianLink guardian_link_from_fields(const std::string& id, const json& f) {
    return {id, fl::text(f, "parent_id"), fl::text(f, "student_id")};
}

JoinCode join_code_from_fields(const std::string& id, const json& f) {
    return {id, fl::text(f, "class_id"), fl::text(f, "kind"), fl::text(f, "student_id"), fl::text(f, "code"),
            fl::integer(f, "expires_at")};
}

// --- 知识库 -----------------------------------------------------------------------

Note note_from_fields(const std::string& id, const json& f) {
    Note n;
    n.id = id;
    n.owner_id = fl::text(f, "owner_id");
    n.title = fl::text(f, "title");
    n.body = fl::text(f, "body");
    n.subject = fl::text(f, "subject");
    n.tags = fl::strings(f, "tags");
    n.pinned = fl::flag(f, "pinned");
    n.shared_class_id = fl::text(f, "shared_class_id");
    n.created_at = fl::integer(f, "created_at");
    return n;
}

json note_text_fields(const Note& n) {
    return {{"title", n.title}, {"body", n.body}, {"subject", n.subject}, {"tags", n.tags}};
}

json to_fields(const Note& n) {
    json f = note_text_fields(n);
    f["created_at"] = n.created_at;
    return f;
}

json pin_fields(bool pinned) { return {{"pinned", pinned}}; }

std::vector<std::string> split_tags(std::string_view text) {
    std::vector<std::string> out;
    for (auto& t : text::split_list(text, text::kItems))
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
    return out;
}

std::string join_tags(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& t : tags) out += (out.empty() ? "" : ", ") + t;
    return out;
}

NoteVersion note_version_from_fields(const std::string& id, const json& f) {
    return {id, fl::text(f, "note_id"), fl::text(f, "title"), fl::text(f, "body"), fl::integer(f, "saved_at")};
}

json to_fields(const NoteVersion& v) {
    return {{"note_id", v.note_id}, {"title", v.title}, {"body", v.body}, {"saved_at", v.saved_at}};
}

Conflict conflict_from_fields(const std::string& id, const json& f) {
    return {id,
            fl::text(f, "target_collection"),
            fl::text(f, "target_id"),
            fl::text(f, "field"),
            fl::text(f, "value"),
            fl::flag(f, "resolved")};
}

json adopt_fields(const Conflict& c) { return {{c.field, c.value}}; }

json resolved_fields() { return {{"resolved", true}}; }

// --- 工具库 -----------------------------------------------------------------------

Card card_from_fields(const std::string& id, const json& f) {
    Card c;
    c.id = id;
    c.note_id = fl::text(f, "note_id");
    c.kind = fl::text(f, "kind");
    c.front = fl::text(f, "front");
    c.back = fl::text(f, "back");
    auto& s = c.schedule;
    s.state = fl::integer(f, "state") == static_cast<int>(fsrs::State::review) ? fsrs::State::review : fsrs::State::fresh;
    s.stability = fl::real(f, "stability");
    s.difficulty = fl::real(f, "difficulty");
    s.reps = static_cast<int>(fl::integer(f, "reps"));
    s.lapses = static_cast<int>(fl::integer(f, "lapses"));
    s.last_review_ms = fl::integer(f, "last_review_ms");
    s.due_ms = fl::integer(f, "due_ms");
    s.scheduled_days = static_cast<int>(fl::integer(f, "scheduled_days"));
    return c;
}

json schedule_fields(const fsrs::Card& c) {
    return {{"state", static_cast<int>(c.state)}, {"stability", c.stability},   {"difficulty", c.difficulty},
            {"reps", c.reps},                     {"lapses", c.lapses},         {"last_review_ms", c.last_review_ms},
            {"due_ms", c.due_ms},                 {"scheduled_days", c.scheduled_days}};
}

json to_fields(const Card& c) {
    json f = schedule_fields(c.schedule);
    f["note_id"] = c.note_id;
    f["kind"] = c.kind;
    f["front"] = c.front;
    f["back"] = c.back;
    return f;
}

std::string card_id(std::string_view note_id, std::string_view draft_key) {
    // "k" + 16 hex digits of the note id and the card's text: stable on every
    // device, so two devices making cards from one note make the same cards.
    return "k" + hex64(fnv1a64(draft_key, fnv1a64("|", fnv1a64(note_id))));
}

ReviewLog review_log_from_fields(const std::string& id, const json& f) {
    return {id,
            fl::text(f, "card_id"),
            static_cast<int>(fl::integer(f, "grade")),
            fl::integer(f, "reviewed_at"),
            static_cast<int>(fl::integer(f, "elapsed_days")),
            static_cast<int>(fl::integer(f, "scheduled_days")),
            fl::real(f, "stability"),
            fl::real(f, "difficulty")};
}

json to_fields(const ReviewLog& r) {
    return {{"card_id", r.card_id},          {"grade", r.grade},
            {"reviewed_at", r.reviewed_at},  {"elapsed_days", r.elapsed_days},
            {"scheduled_days", r.scheduled_days}, {"stability", r.stability},
            {"difficulty", r.difficulty}};
}

ResourceLink link_from_fields(const std::string& id, const json& f) {
    return {id,
            fl::text(f, "owner_id"),
            fl::text(f, "class_id"),
            fl::text(f, "name"),
            fl::text(f, "url"),
            fl::text(f, "subject"),
            static_cast<int>(fl::integer(f, "grade"))};
}

json to_fields(const ResourceLink& l) {
    json f{{"name", l.name}, {"url", l.url}, {"subject", l.subject}, {"grade", l.grade}};
    if (!l.class_id.empty()) f["class_id"] = l.class_id;
    return f;
}

// --- 活动库 -----------------------------------------------------------------------

std::string_view to_code(ActivityKind k) {
    switch (k) {
        case ActivityKind::homework: return "homework";
        case ActivityKind::project: return "project";
        case ActivityKind::study_tour: return "study_tour";
        case ActivityKind::club: return "club";
    }
    return "homework";
}

std::optional<ActivityKind> activity_kind_from_code(std::string_view code) {
    for (const auto k : kActivityKinds)
        if (to_code(k) == code) return k;
    return std::nullopt;
}

Activity activity_from_fields(const std::string& id, const json& f) {
    Activity a;
    a.id = id;
    a.owner_id = fl::text(f, "owner_id");
    a.class_id = fl::text(f, "class_id");
    a.kind = activity_kind_from_code(fl::text(f, "kind")).value_or(ActivityKind::homework);
    a.title = fl::text(f, "title");
    a.body = fl::text(f, "body");
    a.steps = fl::strings(f, "steps");
    a.due_date = fl::text(f, "due_date");
    a.published = fl::flag(f, "published");
    if (const auto att = fl::json_value(f, "attachments"); att.is_array())
        for (const auto& x : att)
            if (x.is_object()) a.attachments.push_back({fl::text(x, "name"), fl::text(x, "url")});
    if (const auto rub = fl::json_value(f, "rubric"); rub.is_array())
        for (const auto& x : rub)
            if (x.is_object()) a.rubric.push_back({fl::text(x, "criterion"), fl::real(x, "max")});
    return a;
}

json to_fields(const Activity& a) {
    json att = json::array(), rub = json::array();
    for (const auto& x : a.attachments) att.push_back({{"name", x.name}, {"url", x.url}});
    for (const auto& x : a.rubric) rub.push_back({{"criterion", x.criterion}, {"max", x.max}});
    return {{"class_id", a.class_id}, {"kind", to_code(a.kind)}, {"title", a.title},   {"body", a.body},
            {"steps", a.steps},       {"due_date", a.due_date},  {"published", a.published},
            {"attachments", att},     {"rubric", rub}};
}

namespace {
bool http_url(std::string_view u) { return u.starts_with("https://") || u.starts_with("http://"); }


Problem at_item(size_t line, Problem p) {
    p.params.emplace_back("line", std::to_string(line));
    p.message = "line " + std::to_string(line) + ": " + p.message;
    return p;
}
}  // namespace

std::optional<Problem> validate(const Activity& a) {
    if (a.published && a.title.empty()) return problem(Code::required, "title", "a published activity needs a title");
    if (auto p = timetable::check_date("due_date", a.due_date, false)) return p;
    for (const auto& x : a.attachments)
        if (!http_url(x.url)) return problem(Code::not_a_link, "attachments", "\"{value}\" is not an http(s) link", {{"value", x.url}});
    for (const auto& r : a.rubric)
        if (r.criterion.empty() || !(r.max > 0))
            return problem(Code::rubric_line, "rubric", "\"{value}\" is not a criterion with points above 0",
                           {{"value", r.criterion + "|" + Arg("", r.max).value}});
    return std::nullopt;
}

std::optional<Problem> validate(const ResourceLink& l) {
    if (l.name.empty()) return problem(Code::required, "name", "a link needs a name");
    if (!http_url(l.url)) return problem(Code::not_a_link, "url", "\"{value}\" is not an http(s) link", {{"value", l.url}});
    return std::nullopt;
}

std::optional<Problem> parse_attachments(std::string_view text, std::vector<Attachment>& out) {
    out.clear();
    size_t n = 0;
    for (const auto& line : text::split_list(text, text::kLines)) {
        ++n;
        auto [name, url] = text::split_once(line, std::array<std::string_view, 1>{"|"});
        if (!url) {  // a bare URL is its own name
            url = name;
        }
        if (!http_url(*url))
            return at_item(n, problem(Code::not_a_link, "attachments", "\"{value}\" is not an http(s) link", {{"value", *url}}));
        out.push_back({name.empty() ? *url : name, *url});
    }
    return std::nullopt;
}

std::optional<Problem> parse_rubric(std::string_view text, std::vector<RubricItem>& out) {
    out.clear();
    size_t n = 0;
    for (const auto& line : text::split_list(text, text::kLines)) {
        ++n;
        const auto [criterion, points] = text::split_once(line, std::array<std::string_view, 1>{"|"});
        char* end = nullptr;
        const double max = points ? std::strtod(points->c_str(), &end) : 0;
        if (!points || criterion.empty() || end == points->c_str() || *end != '\0' || !(max > 0))
            return at_item(n, problem(Code::rubric_line, "rubric", "\"{value}\" is not \"criterion|points\" with points above 0",
                                      {{"value", line}}));
        out.push_back({criterion, max});
    }
    return std::nullopt;
}

std::string_view to_code(SubmissionStatus s) {
    switch (s) {
        case SubmissionStatus::draft: return "draft";
        case SubmissionStatus::submitted: return "submitted";
        case SubmissionStatus::reviewed: return "reviewed";
    }
    return "draft";
}

std::optional<SubmissionStatus> submission_status_from_code(std::string_view code) {
    for (const auto s : {SubmissionStatus::draft, SubmissionStatus::submitted, SubmissionStatus::reviewed})
        if (to_code(s) == code) return s;
    return std::nullopt;
}

Submission submission_from_fields(const std::string& id, const json& f) {
    Submission s;
    s.id = id;
    s.owner_id = fl::text(f, "owner_id");
    s.activity_id = fl::text(f, "activity_id");
    s.body = fl::text(f, "body");
    s.status = submission_status_from_code(fl::text(f, "status")).value_or(SubmissionStatus::draft);
    s.score = fl::real(f, "score");
    s.feedback = fl::text(f, "feedback");
    if (const auto done = fl::json_value(f, "steps_done"); done.is_array())
        for (const auto& x : done) s.steps_done.push_back(x.is_boolean() && x.get<bool>());
    if (const auto sc = fl::json_value(f, "rubric_scores"); sc.is_array())
        for (const auto& x : sc) s.rubric_scores.push_back(x.is_number() ? x.get<double>() : 0.0);
    s.submitted_at = fl::integer(f, "submitted_at");
    return s;
}

json work_fields(const Submission& s) {
    json f{{"activity_id", s.activity_id}, {"body", s.body}, {"status", to_code(s.status)}, {"steps_done", s.steps_done}};
    if (s.status != SubmissionStatus::draft) f["submitted_at"] = s.submitted_at;
    return f;
}

json review_fields(const Submission& s) {
    return {{"score", s.score}, {"rubric_scores", s.rubric_scores}, {"feedback", s.feedback}, {"status", to_code(s.status)}};
}

WorkState work_state(const Submission* s, const Activity& a, int64_t now_ms) {
    if (s && s->status == SubmissionStatus::reviewed) return WorkState::reviewed;
    if (s && s->status == SubmissionStatus::submitted) return WorkState::submitted;
    // Due means "by the end of the due day", in China.
    if (const auto due = timetable::parse_date(a.due_date))
        if (now_ms >= china::day_start_ms(timetable::to_days(*due) + 1)) return WorkState::overdue;
    return s ? WorkState::in_progress : WorkState::not_started;
}

// --- 学习课表 ---------------------------------------------------------------------

TimetableItem timetable_item_from_fields(const std::string& id, const json& f) {
    TimetableItem t;
    auto& e = t.entry;
    e.id = id;
    e.title = fl::text(f, "title");
    e.location = fl::text(f, "location");
    e.weekday = static_cast<int>(fl::integer(f, "weekday"));
    e.start_min = static_cast<int>(fl::integer(f, "start_min"));
    e.end_min = static_cast<int>(fl::integer(f, "end_min"));
    e.weeks = timetable::weeks_from_code(fl::text(f, "weeks")).value_or(timetable::Weeks::all);
    e.date = timetable::parse_date(fl::text(f, "date"));
    t.owner_id = fl::text(f, "owner_id");
    t.class_id = fl::text(f, "class_id");
    t.term_id = fl::text(f, "term_id");
    t.kind = fl::text(f, "kind");
    return t;
}

json to_fields(const TimetableItem& t) {
    const auto& e = t.entry;
    json f{{"title", e.title},         {"location", e.location}, {"weekday", e.weekday},
           {"start_min", e.start_min}, {"end_min", e.end_min},   {"kind", t.kind.empty() ? "event" : t.kind}};
    if (e.weekday != 0) f["weeks"] = timetable::weeks_code(e.weeks);
    if (e.date) f["date"] = timetable::format(*e.date);
    if (!t.term_id.empty()) f["term_id"] = t.term_id;
    if (!t.class_id.empty()) f["class_id"] = t.class_id;
    return f;
}

TermItem term_item_from_fields(const std::string& id, const json& f) {
    return {id,
            fl::text(f, "owner_id"),
            fl::text(f, "class_id"),
            fl::text(f, "name"),
            fl::text(f, "start_date"),
            fl::text(f, "end_date"),
            fl::strings(f, "holidays")};
}

std::optional<timetable::Term> TermItem::term() const {
    const auto s = timetable::parse_date(start_date), e = timetable::parse_date(end_date);
    if (!s || !e) return std::nullopt;
    timetable::Term t{id, name, *s, *e, {}};
    for (const auto& h : holidays)
        if (const auto d = timetable::parse_date(h)) t.holidays.push_back(*d);
    return t;
}

TimetableItem place_entry(TimetableItem item, const timetable::Term* term, int64_t now_ms) {
    auto& e = item.entry;
    if (e.weekday != 0) {
        if (term) item.term_id = term->id;
        else if (!e.date) e.date = timetable::china_today(now_ms);
    }
    return item;
}

std::string imported_entry_id(std::string_view owner_id, std::string_view class_id, std::string_view entry_id) {
    std::string key(owner_id);
    key += '\n';
    key += class_id;
    key += '\n';
    key += entry_id;
    return "ics-" + hex64(fnv1a64(key));
}

std::optional<Problem> validate(const TimetableItem& t, const timetable::Term* term) {
    return timetable::validate(t.entry, term);
}

std::optional<Problem> validate(const TermItem& t) {
    if (t.name.empty()) return problem(Code::required, "name", "a term needs a name");
    if (auto p = timetable::check_date("start_date", t.start_date, true)) return p;
    if (auto p = timetable::check_date("end_date", t.end_date, true)) return p;
    if (t.end_date < t.start_date)
        return problem(Code::ends_before_start, "term", "the term ends ({end}) before it starts ({start})",
                       {{"start", t.start_date}, {"end", t.end_date}});
    for (const auto& h : t.holidays)
        if (!timetable::parse_date(h))
            return problem(Code::not_a_date, "holidays", "holiday \"{value}\" is not a real date (YYYY-MM-DD)", {{"value", h}});
    return std::nullopt;
}

json to_fields(const TermItem& t) {
    json f{{"name", t.name}, {"start_date", t.start_date}, {"end_date", t.end_date}, {"holidays", t.holidays}};
    if (!t.class_id.empty()) f["class_id"] = t.class_id;
    return f;
}

}  // namespace zx
