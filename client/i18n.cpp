#include "i18n.hpp"

#include <array>

namespace zx::client {

namespace {
struct Entry {
    S id;
    const char* zh;
    const char* en;
};

// Kept in the order of enum S, so tr() is an index; static_asserts below
// check the count and the order at compile time.
constexpr Entry kTexts[] = {
    {S::AppName, "知行", "Zhixing"},
    {S::AppTagline, "学习空间与研学", "Learning space & study tours"},
    {S::NavSpace, "个人空间", "My space"},
    {S::NavMap, "研学地图", "Study-tour map"},
    {S::NavSettings, "设置", "Settings"},
    {S::SpaceTitle, "个人空间", "My space"},
    {S::SpaceIntro, "三库一表：知识库、工具库、活动库和学习课表，离线也能用。",
     "Three libraries and one timetable: knowledge, tools, activities and your study timetable, also offline."},
    {S::SpaceKnowledge, "知识库", "Knowledge base"},
    {S::SpaceKnowledgeDesc, "笔记、学科标签、双向链接与全文搜索", "Notes, subjects, links and full-text search"},
    {S::SpaceTools, "工具库", "Tool library"},
    {S::SpaceToolsDesc, "闪卡复习、专注计时、单位换算、计算器", "Flashcards, focus timer, unit converter, calculator"},
    {S::SpaceActivities, "活动库", "Activity library"},
    {S::SpaceActivitiesDesc, "作业、项目化学习、研学任务与社团活动", "Homework, projects, study-tour tasks and clubs"},
    {S::SpaceTimetable, "学习课表", "Study timetable"},
    {S::SpaceTimetableDesc, "班级课表、单双周、个人计划与研学日程", "Class timetable, odd/even weeks, plans and trips"},
    {S::SpaceComingSoon, "即将开放", "Coming soon"},
    {S::MapTitle, "研学基地一张图", "Study-tour bases on one map"},
    {S::MapSearchHint, "搜索基地名称、地区或地址", "Search by name, region or address"},
    {S::MapCountAll, "共 %d 个基地", "%d bases"},
    {S::MapCountFiltered, "显示 %d / %d 个基地", "Showing %d of %d bases"},
    {S::MapNoMatch, "没有符合条件的基地", "No base matches"},
    {S::MapLoading, "正在加载基地……", "Loading bases..."},
    {S::MapLoadFailed, "基地加载失败：%s", "Could not load bases: %s"},
    {S::MapRetry, "重试", "Retry"},
    {S::MapSelectHint, "在列表或地图上选择一个基地查看详情。", "Pick a base in the list or on the map to see its details."},
    {S::MapShowOnMap, "在地图上定位", "Show on map"},
    {S::MapDemoNotice, "演示数据：基地均为虚构", "Demo data: these bases are fictional"},
    {S::FieldCategory, "类别", "Category"},
    {S::FieldLevel, "级别", "Level"},
    {S::FieldRegion, "地区", "Region"},
    {S::FieldAddress, "地址", "Address"},
    {S::FieldCoordinates, "坐标", "Coordinates"},
    {S::FieldId, "编号", "ID"},
    {S::SettingsTitle, "设置", "Settings"},
    {S::SettingsLanguage, "界面语言", "Language"},
    {S::SettingsUiScale, "界面缩放", "Interface scale"},
    {S::SettingsServer, "服务器", "Server"},
    {S::SettingsServerSameOrigin, "与网页同源", "same origin as this page"},
    {S::SettingsPlatform, "运行环境", "Platform"},
    {S::SettingsVersion, "版本", "Version"},
    {S::SettingsSaved, "设置已保存", "Settings saved"},
    {S::SettingsSaveFailed, "设置未能保存，原设置保持不变", "Settings could not be saved; the previous ones are kept"},
    {S::SettingsAbout, "知行：面向学生、教师、家长与研学基地的学习空间和研学应用。",
     "Zhixing: a learning space and study-tour app for students, teachers, parents and study-tour bases."},
    {S::StatusOnline, "已连接服务器 %s", "Connected to server %s"},
    {S::StatusOffline, "离线：无法连接服务器", "Offline: server unreachable"},
    {S::StatusConnecting, "正在连接服务器……", "Connecting to server..."},
    {S::StatusBases, "%d 个研学基地", "%d study-tour bases"},
    {S::StatusDemo, "演示数据", "demo data"},
    {S::SignInTitle, "登录知行", "Sign in to Zhixing"},
    {S::RegisterTitle, "注册新账号", "Create an account"},
    {S::Username, "用户名", "Username"},
    {S::Password, "密码", "Password"},
    {S::DisplayName, "姓名", "Display name"},
    {S::RoleLabel, "身份", "Role"},
    {S::RoleStudent, "学生", "Student"},
    {S::RoleTeacher, "教师", "Teacher"},
    {S::RoleParent, "家长", "Parent"},
    {S::RoleStaff, "基地工作人员", "Base staff"},
    {S::RoleAdmin, "管理员", "Administrator"},
    {S::SignInButton, "登录", "Sign in"},
    {S::RegisterButton, "注册", "Register"},
    {S::SwitchToRegister, "没有账号？注册", "No account? Register"},
    {S::SwitchToSignIn, "已有账号？登录", "Have an account? Sign in"},
    {S::SignOut, "退出登录", "Sign out"},
    {S::SessionExpired, "登录已过期，请重新登录。本机数据和未同步的修改都还在。", "Your session has expired; sign in again. Data on this device and unsynced changes are kept."},
    {S::SignInNeeded, "登录后即可使用个人空间，离线也能用。", "Sign in to use your personal space, also offline."},
    {S::SignedInAs, "%s · %s", "%s · %s"},
    {S::Notes, "笔记", "Notes"},
    {S::NewNote, "新建笔记", "New note"},
    {S::Untitled, "（无标题）", "(untitled)"},
    {S::NoteTitle, "标题", "Title"},
    {S::NoteBody, "正文", "Text"},
    {S::Save, "保存", "Save"},
    {S::Delete, "删除", "Delete"},
    {S::SavedLocally, "已保存在本机", "Saved on this device"},
    {S::SaveFailed, "保存失败：%s", "Not saved: %s"},
    {S::NoNotes, "还没有笔记。", "No notes yet."},
    {S::PickNote, "选择或新建一篇笔记。", "Pick a note or start a new one."},
    {S::ConflictNotice, "另一台设备同时修改了正文，两个版本都已保留：", "This text was changed on another device at the same time; both versions are kept:"},
    {S::UseOther, "采用这个版本", "Use this version"},
    {S::KeepMine, "保留当前版本", "Keep the current text"},
    {S::MyClasses, "我的班级", "My classes"},
    {S::CreateClass, "创建班级", "Create class"},
    {S::ClassName, "班级名称", "Class name"},
    {S::Grade, "年级", "Grade"},
    {S::JoinCode, "加入码：%s", "Join code: %s"},
    {S::JoinClass, "加入班级", "Join class"},
    {S::ClassCode, "班级加入码", "Class code"},
    {S::Students, "学生", "Students"},
    {S::IssueGuardianCode, "生成家长码", "Guardian code"},
    {S::NoClasses, "还没有班级。", "No classes yet."},
    {S::Children, "我的孩子", "My children"},
    {S::LinkChild, "关联孩子", "Link child"},
    {S::GuardianCodeLabel, "家长码", "Guardian code"},
    {S::NoChildren, "还没有关联孩子。请向班主任索取家长码。", "No child linked yet. Ask the class teacher for a guardian code."},
    {S::ParentScope, "家长只能看到与自己孩子有关的信息。", "Parents see only what concerns their own children."},
    {S::StoreBusy, "知行已在此浏览器的另一个标签页中打开，本机数据同一时间只能由一个标签页使用。", "Zhixing is open in another tab of this browser; only one tab at a time can use the data on this device."},
    {S::StoreLost, "知行已转到另一个标签页中使用。", "Zhixing is now in use in another tab."},
    {S::UseHere, "在此标签页继续", "Use it in this tab"},
    {S::StoreError, "本机数据无法打开：%s", "The data on this device could not be opened: %s"},
    {S::SyncSynced, "已同步", "Synced"},
    {S::SyncPending, "%d 项待同步", "%d pending"},
    {S::SyncOffline, "离线 · %d 项待同步", "Offline · %d pending"},
    {S::SyncError, "同步出错：%s", "Sync error: %s"},
    {S::SyncOpening, "正在打开本机数据……", "Opening local data..."},
    {S::SyncRejected, "%d 项修改被服务器拒绝，已保留在本机", "%d changes refused by the server, kept on this device"},
    {S::SettingsAccount, "账号", "Account"},
    {S::NotSignedIn, "未登录", "Not signed in"},
};
static_assert(std::size(kTexts) == static_cast<size_t>(S::Count_), "every S needs a text");

constexpr bool in_order() {
    for (size_t i = 0; i < std::size(kTexts); ++i)
        if (static_cast<size_t>(kTexts[i].id) != i) return false;
    return true;
}
static_assert(in_order(), "kTexts must follow the order of enum S");
}  // namespace

std::string_view lang_code(Lang l) { return l == Lang::en ? "en" : "zh-CN"; }

Lang lang_from_code(std::string_view code) { return code == "en" ? Lang::en : Lang::zh; }

const char* tr(Lang l, S id) {
    const auto& e = kTexts[static_cast<size_t>(id)];
    return l == Lang::en ? e.en : e.zh;
}

}  // namespace zx::client
