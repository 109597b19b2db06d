// The study-tour day's texts (the teachers' head count, the parents'
// timeline, the kiosk), Chinese first: the part of enum S from S::DayTitle
// on. tr() (i18n.cpp) looks them up through day_text().
#include "i18n.hpp"

namespace zx::client {

namespace {
constexpr TextEntry kDayTexts[] = {
    {S::DayTitle, "今日点名", "Head count"},
    {S::DayStop, "第 {n} 站 {base}", "Stop {n}: {base}"},
    {S::DayAtSchool, "学校（出发前）", "School (before leaving)"},
    {S::DayCounts, "应到 {expected} · 已到 {in} · 请假 {absent} · 未到 {missing}", "Expected {expected} · here {in} · absent {absent} · missing {missing}"},
    {S::DayGroupCounts, "{group}：已到 {in}/{expected}，未到 {missing}", "{group}: {in}/{expected} here, {missing} missing"},
    {S::DayNoGroup, "未分组", "No group"},
    {S::DayOverdue, "第 {n} 站已于 {time} 结束，仍有 {count} 名学生未到：{names}", "Stop {n} ended at {time} and {count} students are still missing: {names}"},
    {S::DayStateExpected, "未出发", "Not left yet"},
    {S::DayStateIn, "已签到", "Checked in"},
    {S::DayStateOut, "已签退", "Checked out"},
    {S::DayStateFound, "已找到", "Found"},
    {S::DayStateAbsent, "请假：{reason}", "Absent: {reason}"},
    {S::DayStateMissing, "未到", "Missing"},
    {S::DayLastSeen, "最后确认 {time}", "Last seen {time}"},
    {S::DayNeverSeen, "今天尚未确认", "Not seen today"},
    {S::DayCheckIn, "签到", "Check in"},
    {S::DayCheckOut, "签退", "Check out"},
    {S::DayFound, "已找到", "Found"},
    {S::DayAbsent, "请假", "Absent"},
    {S::DayAbsentReason, "请假原因（如 病假）", "Reason (e.g. ill)"},
    {S::DayGroupIn, "全组签到", "Check in the group"},
    {S::DayClose, "结束行程", "Close the trip"},
    {S::DayClosed, "行程已结束", "The trip is closed"},
    {S::DayRecorded, "已记录 {count} 人", "Recorded for {count}"},
    {S::DayNothingNew, "都已记录过，没有新的变化", "Already recorded; nothing new"},
    {S::DayTimeline, "研学动态", "The day so far"},
    {S::DayEventLeft, "{time} 从学校出发", "{time} left school"},
    {S::DayEventIn, "{time} 到达 {base} 并签到", "{time} arrived at {base} and checked in"},
    {S::DayEventOut, "{time} 离开 {base}", "{time} left {base}"},
    {S::DayEventFound, "{time} 老师确认在 {base}", "{time} a teacher confirmed them at {base}"},
    {S::DayEventAbsent, "{time} 请假：{reason}", "{time} absent: {reason}"},
    {S::DayEventBack, "{time} 已返校", "{time} back at school"},
    {S::DayEventBy, "（{name} 记录）", "(recorded by {name})"},
    {S::DayChildMissing, "{name} 在第 {n} 站还没有签到，带队老师正在确认", "{name} has not checked in at stop {n}; the teachers are checking"},
    {S::DayStateLeft, "已出发", "Left school"},
    {S::DayStateBack, "已返校", "Back at school"},
    {S::DayLeft, "出发", "Leaves"},
    {S::DayBack, "返校", "Back"},
};
static_assert(table_part_ok(kDayTexts, S::DayTitle, S::RosterImport), "kDayTexts: every S from DayTitle on, in order");
}  // namespace

const char* day_text(Lang l, S id) { return table_text(kDayTexts, S::DayTitle, l, id); }

}  // namespace zx::client
