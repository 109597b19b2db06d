#pragma once
// UI text in Chinese (zh-CN, the default) and English. Every string a person
// sees goes through tr(), so switching language switches all of it at once.
#include <string_view>

namespace zx::client {

enum class Lang { zh, en };

std::string_view lang_code(Lang l);          // "zh-CN" | "en"
Lang lang_from_code(std::string_view code);  // unknown codes mean Chinese

enum class S {
    AppName,
    AppTagline,
    NavSpace,
    NavMap,
    NavSettings,
    SpaceTitle,
    SpaceIntro,
    SpaceKnowledge,
    SpaceKnowledgeDesc,
    SpaceTools,
    SpaceToolsDesc,
    SpaceActivities,
    SpaceActivitiesDesc,
    SpaceTimetable,
    SpaceTimetableDesc,
    SpaceComingSoon,
    MapTitle,
    MapSearchHint,
    MapCountAll,       // "%d bases"
    MapCountFiltered,  // "%d of %d bases"
    MapNoMatch,
    MapLoading,
    MapLoadFailed,
    MapRetry,
    MapSelectHint,
    MapShowOnMap,
    MapDemoNotice,
    FieldCategory,
    FieldLevel,
    FieldRegion,
    FieldAddress,
    FieldCoordinates,
    FieldId,
    SettingsTitle,
    SettingsLanguage,
    SettingsUiScale,
    SettingsServer,
    SettingsServerSameOrigin,
    SettingsPlatform,
    SettingsVersion,
    SettingsSaved,
    SettingsSaveFailed,
    SettingsAbout,
    StatusOnline,      // "connected · server %s"
    StatusOffline,
    StatusConnecting,
    StatusBases,       // "%d bases"
    StatusDemo,
    Count_
};

// Returns the text for `id`, a printf format where the comment above says so.
const char* tr(Lang l, S id);

}  // namespace zx::client
