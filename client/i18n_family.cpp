// The parents' side's texts (the parents' home, trip consent, the parent
// school), Chinese first: the part of enum S from S::NavFamily to S::RosterImport, kept here
// so that i18n.cpp stays one screenful of tables. tr() (i18n.cpp) looks them
// up through family_text().
#include "i18n.hpp"

#include <iterator>

namespace zx::client {

namespace {
struct Entry {
    S id;
    const char* zh;
    const char* en;
};
constexpr Entry kFamilyTexts[] = {
    {S::NavFamily, "家长首页", "Family"},
    {S::FamilyIntro, "孩子今天的课程、研学行程、作业成绩与老师评语，以及需要您处理的事项。", "Your children's day, trips, work, scores and the teachers' feedback, and what needs your action."},
    {S::FamilyChildClass, "{name}（{classes}）", "{name} ({classes})"},
    {S::FamilyActions, "需要您处理：{count} 项", "Needs your action: {count}"},
    {S::FamilyNoActions, "暂无需要您处理的事项", "Nothing needs your action"},
    {S::FamilyToday, "今日课表", "Today's timetable"},
    {S::FamilyNoLessons, "今天没有课", "No lessons today"},
    {S::FamilyLesson, "{start}–{end}  {title}  {location}", "{start}-{end}  {title}  {location}"},
    {S::FamilyTrips, "本周及近期研学", "This week's and upcoming trips"},
    {S::FamilyNoTrips, "近期没有研学行程", "No trips coming up"},
    {S::FamilyThisWeek, "本周", "This week"},
    {S::FamilyTripWhen, "{date} {start}–{end}", "{date} {start}-{end}"},
    {S::FamilyMeetingPoint, "集合地点：{place}", "Meeting point: {place}"},
    {S::FamilyTeachers, "带队老师：{names}", "Teachers in charge: {names}"},
    {S::FamilyStopLine, "第 {n} 站 {time} {base}", "Stop {n} {time} {base}"},
    {S::FamilyActivities, "作业与活动", "Work and activities"},
    {S::FamilyNoActivities, "还没有布置的活动", "No activities yet"},
    {S::FamilyNotStarted, "未开始", "Not started"},
    {S::FamilyInProgress, "进行中", "In progress"},
    {S::FamilySubmitted, "已提交，待批改", "Submitted, awaiting review"},
    {S::FamilyReviewed, "已批改：{score} 分", "Reviewed: {score} points"},
    {S::FamilyFeedback, "老师评语：{text}", "Teacher's feedback: {text}"},
    {S::FamilyDue, "截止 {date}", "Due {date}"},
    {S::ConsentTitle, "研学知情同意书", "Trip consent form"},
    {S::ConsentItinerary, "行程安排", "Itinerary"},
    {S::ConsentCosts, "费用", "Costs"},
    {S::ConsentInsurance, "保险", "Insurance"},
    {S::ConsentRisks, "风险提示", "Risks"},
    {S::ConsentBring, "携带物品", "What to bring"},
    {S::ConsentMedical, "需申报的健康信息", "Medical notes to declare"},
    {S::ConsentSignerName, "签名（您的姓名）", "Signature (your name)"},
    {S::ConsentRelation, "与孩子的关系（如 父亲、母亲）", "Relation to the child (e.g. father, mother)"},
    {S::ConsentMedicalNote, "健康信息（过敏、用药等，可不填）", "Medical notes (allergies, medicine; optional)"},
    {S::ConsentAgree, "同意参加", "I consent"},
    {S::ConsentDecline, "不同意", "I decline"},
    {S::ConsentWithdraw, "撤回同意", "Withdraw consent"},
    {S::ConsentRead, "阅读并回复", "Read and answer"},
    {S::ConsentHide, "收起", "Close"},
    {S::ConsentStateNotAsked, "无需同意书", "No consent asked"},
    {S::ConsentStateUnanswered, "待回复", "Awaiting answer"},
    {S::ConsentStateConsented, "已同意", "Consented"},
    {S::ConsentStateDeclined, "不同意", "Declined"},
    {S::ConsentStateWithdrawn, "已撤回", "Withdrawn"},
    {S::ConsentAnsweredBy, "{name}（{relation}）于 {time} 回复", "Answered by {name} ({relation}) at {time}"},
    {S::ConsentAskedAgain, "老师修改了同意书内容，请重新阅读并回复", "The teachers changed the form: read it again and answer"},
    {S::ConsentClosed, "行程已开始，不能再修改回复", "The trip has started; answers are closed"},
    {S::ConsentReminder, "老师于 {time} 提醒您回复同意书", "The teachers reminded you at {time} to answer the form"},
    {S::ConsentGiven, "已同意，回复已保存", "Consent saved"},
    {S::ConsentDeclinedDone, "已回复不同意", "Declined"},
    {S::ConsentWithdrawnDone, "已撤回同意", "Consent withdrawn"},
    {S::ConsentNoForm, "这个行程还没有同意书", "This trip has no consent form"},
    {S::ConsentFormSaved, "同意书已保存", "Consent form saved"},
    {S::ConsentReminded, "已提醒未回复的家长", "The guardians who have not answered were reminded"},
    {S::ConsentRosterTitle, "家长同意情况", "Guardians' consent"},
    {S::ConsentCounts, "已同意 {consented} · 不同意 {declined} · 未回复 {unanswered}", "Consented {consented} · declined {declined} · not answered {unanswered}"},
    {S::ConsentEditTitle, "同意书内容（修改后，已回复的家长需要重新确认）", "The form (after a change, guardians who answered are asked again)"},
    {S::ConsentSaveForm, "保存同意书", "Save the form"},
    {S::ConsentRemind, "提醒未回复的家长", "Remind those who have not answered"},
    {S::ConsentNoConsentMark, "未获同意", "No consent"},
    {S::ConsentLastReminder, "上次提醒：{time}", "Last reminder: {time}"},
    {S::ParentSchool, "数字家长学校", "Digital parent school"},
    {S::ParentSchoolIntro, "老师推荐的家庭教育文章和链接，看过后离线也能阅读。", "Home-school articles and links from the teachers, readable offline once seen."},
    {S::ParentSchoolEmpty, "还没有推荐的资源", "No resources yet"},
    {S::ParentSchoolCurate, "发布家长学校资源", "Publish a parent-school resource"},
    {S::ResourceTitle, "标题", "Title"},
    {S::ResourceUrl, "链接（可不填）", "Link (optional)"},
    {S::ResourceBody, "内容", "Text"},
    {S::ResourceGrade, "适用年级", "Grade"},
    {S::ResourceAllGrades, "全部年级", "All grades"},
    {S::ResourcePublish, "发布", "Publish"},
    {S::ResourceSaved, "资源已发布", "Resource published"},
    {S::ResourceDeleted, "资源已删除", "Resource deleted"},
    {S::ResourceOpen, "打开链接", "Open link"},
    {S::ResourceDelete, "删除", "Delete"},
    {S::ResourceMeta, "{topic} · {grade}", "{topic} · {grade}"},
    {S::TopicStudy, "学习习惯", "Study habits"},
    {S::TopicHealth, "身心健康", "Health and wellbeing"},
    {S::TopicSafety, "安全教育", "Safety"},
    {S::TopicTour, "研学指导", "Study tours"},
    {S::TopicFamily, "亲子沟通", "Family talk"},
    {S::MeetingPointLabel, "集合地点（如 学校东门）", "Meeting point (e.g. the school's east gate)"},
};
constexpr size_t kFirst = static_cast<size_t>(S::NavFamily);
static_assert(kFirst + std::size(kFamilyTexts) == static_cast<size_t>(S::DayTitle), "every S needs a text");
constexpr bool in_order() {
    for (size_t i = 0; i < std::size(kFamilyTexts); ++i)
        if (static_cast<size_t>(kFamilyTexts[i].id) != kFirst + i) return false;
    return true;
}
static_assert(in_order(), "kFamilyTexts must follow the order of enum S");
}  // namespace

const char* family_text(Lang l, S id) {
    const auto& e = kFamilyTexts[static_cast<size_t>(id) - kFirst];
    return l == Lang::en ? e.en : e.zh;
}

}  // namespace zx::client
