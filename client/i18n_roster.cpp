// The texts of class rosters, student cards and first sign-in, Chinese
// first: the part of enum S from S::RosterImport on. tr() (i18n.cpp) looks
// them up through roster_text().
#include "i18n.hpp"

namespace zx::client {

namespace {
constexpr TextEntry kRosterTexts[] = {
    {S::RosterImport, "导入花名册", "Import roster"},
    {S::RosterPasteHint, "粘贴花名册（CSV：姓名,学号,年级；每行一名学生，表头可有可无）",
     "Paste the roster (CSV: name, student number, grade; one student per line, header optional)"},
    {S::RosterStart, "开始导入", "Import now"},
    {S::RosterPasted, "粘贴的花名册", "the pasted roster"},
    {S::RosterReport, "{file}：新建 {created} 名学生，{linked} 名加入班级，{unchanged} 名不变；{problems} 条提示",
     "{file}: {created} new students, {linked} added to the class, {unchanged} unchanged; {problems} notes"},
    {S::RosterCreatedLine, "{name}（学号 {number}）：用户名 {username}，首次登录码 {code}",
     "{name} (no. {number}): user name {username}, first sign-in code {code}"},
    {S::RosterMore, "……另有 {count} 条", "... and {count} more"},
    {S::RosterCardsNote, "学生卡上有首次登录码；再次打印会为尚未登录的学生换发新码。",
     "The cards carry the first sign-in codes; printing again renews them for students who have not signed in."},
    {S::PrintCards, "打印学生卡", "Print student cards"},
    {S::CardsOpened, "学生卡已在新标签页打开：在浏览器中打印（A4）。", "The cards opened in a new tab: print them from the browser (A4)."},
    {S::CardsSaved, "学生卡已保存到 {where}：用浏览器打开并打印（A4）。", "The cards were saved to {where}: open the file in a browser and print it (A4)."},
    {S::CardsBlocked, "浏览器阻止了新标签页：请允许本站打开弹出窗口，再点“打印学生卡”。",
     "The browser blocked the new tab: allow pop-ups for this site and press \"Print student cards\" again."},
    {S::CardsFailed, "学生卡未能打开：{detail}", "The cards could not be opened: {detail}"},
    {S::StudentWithNo, "{name} · {number}", "{name} · {number}"},
    {S::StudentNo, "学号", "student number"},
    {S::FirstSignInTitle, "首次登录：用学生卡上的登录码设置密码", "First sign-in: set your password with the code on your card"},
    {S::FirstSignInCode, "首次登录码（12 位）", "First sign-in code (12 characters)"},
    {S::FirstSignInButton, "设置密码并登录", "Set password and sign in"},
    {S::SwitchToFirstSignIn, "有学生卡？首次登录", "Have a student card? First sign-in"},
    {S::FirstSignInDone, "欢迎，{name}！以后请用用户名 {username} 和新密码登录。",
     "Welcome, {name}! From now on, sign in with the user name {username} and your new password."},
};
static_assert(table_part_ok(kRosterTexts, S::RosterImport, S::KioskEnrolTitle),
              "kRosterTexts: every S from RosterImport to KioskEnrolTitle, in order");
}  // namespace

const char* roster_text(Lang l, S id) { return table_text(kRosterTexts, S::RosterImport, l, id); }

}  // namespace zx::client
