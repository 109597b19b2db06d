// The kiosk terminal's texts (client/views/kiosk_*.cpp, controllers/kiosk.cpp),
// Chinese first: the part of enum S from S::KioskEnrolTitle on. Written for
// students reading a screen at arm's length and for base staff.
#include "i18n.hpp"

namespace zx::client {

namespace {
constexpr TextEntry kKioskTexts[] = {
    {S::KioskEnrolTitle, "登记本机为基地签到机", "Set this device up as the base's kiosk"},
    {S::KioskEnrolHelp, "请基地工作人员输入管理员发放的一次性登记码，为本机命名，并设置管理密码（至少 6 位数字）。离开签到机、整组签到和注销都要用这个密码。", "Base staff: type the one-time enrolment code from the administrator, a name for this device, and a staff PIN (at least 6 digits). The PIN is needed to leave the kiosk, check in whole groups and unenrol it."},
    {S::KioskCode, "登记码", "Enrolment code"},
    {S::KioskName, "本机名称（如 东门入口 1 号机）", "Name of this device (e.g. East gate 1)"},
    {S::KioskPin, "管理密码（数字）", "Staff PIN (digits)"},
    {S::KioskPinAgain, "再次输入管理密码", "Staff PIN again"},
    {S::KioskEnrolButton, "登记本机", "Enrol this device"},
    {S::KioskPinShort, "管理密码至少 {n} 位，只能是数字", "The PIN must be at least {n} digits"},
    {S::KioskPinMismatch, "两次输入的管理密码不一致", "The two PINs differ"},
    {S::KioskNameNeeded, "请为本机命名", "Give this device a name"},
    {S::KioskWelcome, "欢迎来到{base}", "Welcome to {base}"},
    {S::KioskTodayTrips, "今日研学团队", "Today's groups"},
    {S::KioskNoTrips, "今天没有到本基地的研学团队。", "No study-tour groups visit this base today."},
    {S::KioskTripLine, "{start}–{end}  {title}（{school}，{count} 人）", "{start}–{end}  {title} ({school}, {count} students)"},
    {S::KioskScanHint, "请扫描学生卡，或输入学号后按回车", "Scan your student card, or type your student number and press Enter"},
    {S::KioskScanField, "学号", "Student number"},
    {S::KioskFindName, "没有学生卡？点这里找名字", "No card? Find your name"},
    {S::KioskStaff, "工作人员", "Staff"},
    {S::KioskCheckedIn, "{name}，签到成功！", "{name}, you are checked in!"},
    {S::KioskAlreadyIn, "{name} 已经签到过了", "{name} is already checked in"},
    {S::KioskCheckedOut, "{name}，签退成功，再见！", "{name}, you are checked out. Goodbye!"},
    {S::KioskAlreadyOut, "{name} 已经签退过了", "{name} is already checked out"},
    {S::KioskAt, "时间 {time}", "at {time}"},
    {S::KioskTripGroup, "{trip} · {group}", "{trip} · {group}"},
    {S::KioskTask, "本站研学任务", "Your task here"},
    {S::KioskUnreadable, "没有读懂这张卡或这个号码，请再试一次，或找名字签到。", "This card or number could not be read. Try again, or find your name."},
    {S::KioskNotFound, "今天到本基地的团队里没有学号 {code}。请核对，或找名字签到。", "No student of today's groups here has the number {code}. Check it, or find your name."},
    {S::KioskOtherSchool, "这张学生卡来自其他学校，今天没有该校的团队到本基地。", "This card is from another school; no group of that school visits this base today."},
    {S::KioskConsentMissing, "{name} 的家长还没有同意参加本次研学，暂时不能签到。请找带队老师。", "{name}'s guardian has not consented to this trip yet, so no check-in is possible. Please see your teacher."},
    {S::KioskNotSaved, "本机未能保存这次签到，请再试一次或告诉工作人员。", "This kiosk could not save the check-in. Try again or tell the staff."},
    {S::KioskSavedHere, "已保存在本机，联网后自动上传", "Saved on this kiosk; sent when the network is back"},
    {S::KioskSent, "已上传", "Sent"},
    {S::KioskDone, "完成", "Done"},
    {S::KioskBack, "返回", "Back"},
    {S::KioskPickTrip, "选择你的团队", "Pick your group"},
    {S::KioskPickName, "点你的名字签到", "Tap your name to check in"},
    {S::KioskEnterPin, "请输入管理密码", "Staff PIN"},
    {S::KioskUnlock, "确定", "OK"},
    {S::KioskPinWrong, "管理密码不正确", "Wrong PIN"},
    {S::KioskPinLocked, "输错次数太多，请在 {time} 之后再试", "Too many wrong PINs; try again after {time}"},
    {S::KioskStaffTitle, "工作人员菜单", "Staff menu"},
    {S::KioskQueue, "{count} 条签到等待上传", "{count} check-ins waiting to be sent"},
    {S::KioskQueueEmpty, "签到都已上传", "Every check-in has been sent"},
    {S::KioskLastSent, "最近一次上传：{time}", "Last sent: {time}"},
    {S::KioskRefused, "服务器拒收的签到", "Check-ins the server refused"},
    {S::KioskSendNow, "立即上传并刷新名单", "Send now and refresh the rosters"},
    {S::KioskGroupsTitle, "整组签到", "Check in a whole group"},
    {S::KioskGroupButton, "{trip} · {group}：全组签到（{missing} 人未到）", "{trip} · {group}: check in all ({missing} not in)"},
    {S::KioskForget, "注销本机登记", "Unenrol this device"},
    {S::KioskForgetPending, "还有 {count} 条签到没有上传，上传之后才能注销本机", "{count} check-ins are not sent yet; unenrol after they are"},
    {S::KioskQuit, "退出签到机", "Leave the kiosk"},
    {S::KioskRevokedTitle, "本机已停用", "This kiosk is switched off"},
    {S::KioskRevokedHelp, "请联系基地管理员重新登记。已保存在本机、尚未上传的签到不会丢失。", "Ask the base's administrator to enrol it again. Check-ins saved on this device and not yet sent are kept."},
    {S::KioskOffline, "离线 · 签到先保存在本机", "Offline · check-ins are kept on this device"},
    {S::KioskDeviceLine, "{name} · {base}", "{name} · {base}"},
    {S::KioskClose, "关闭", "Close"},
};
static_assert(table_part_ok(kKioskTexts, S::KioskEnrolTitle, S::Count_), "kKioskTexts: every S from KioskEnrolTitle on, in order");
}  // namespace

const char* kiosk_text(Lang l, S id) { return table_text(kKioskTexts, S::KioskEnrolTitle, l, id); }

}  // namespace zx::client
