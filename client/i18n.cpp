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
