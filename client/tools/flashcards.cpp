// 闪卡复习: cards made from notes, scheduled with FSRS (shared/zx/space/fsrs.hpp).
// Every review is logged; the schedule and the logs sync like notes do.
#include "tools/tools.hpp"
#include "views/records.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace zx::client {

namespace {
std::string interval_label(Lang l, int days) {
    char buf[64];
    if (days < 30) std::snprintf(buf, sizeof buf, tr(l, S::InDays), days);
    else if (days < 365) std::snprintf(buf, sizeof buf, tr(l, S::InMonths), days / 30.0);
    else std::snprintf(buf, sizeof buf, tr(l, S::InYears), days / 365.0);
    return buf;
}
}  // namespace

void draw_flashcards(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const Replica& data = *s.data;
    auto& ui = ctx.ui.tools;

    auto cards = data.list("cards");
    std::vector<const sync::Record*> due;
    for (const auto* c : cards)
        if (rec::num(*c, "state") == 0 || rec::num(*c, "due_ms") <= s.now_ms) due.push_back(c);
    std::sort(due.begin(), due.end(), [](const sync::Record* a, const sync::Record* b) {
        return rec::num(*a, "due_ms") < rec::num(*b, "due_ms");
    });
    int today = 0;
    const int64_t midnight = rec::day_start(s.now_ms);
    for (const auto* r : data.list("review_logs")) today += rec::num(*r, "reviewed_at") >= midnight ? 1 : 0;

    ImGui::TextUnformatted(tr(l, S::ToolFlashcards));
    char stats[160];
    std::snprintf(stats, sizeof stats, tr(l, S::CardStats), static_cast<int>(due.size()), static_cast<int>(cards.size()),
                  today);
    ImGui::TextDisabled("%s", stats);
    ImGui::Separator();
    if (cards.empty()) {
        ImGui::TextWrapped("%s", tr(l, S::NoCards));
        return;
    }
    if (due.empty()) {
        ImGui::TextWrapped("%s", tr(l, S::NothingDue));
        return;
    }
    const sync::Record* card = nullptr;
    for (const auto* c : due)
        if (c->id == ui.card) card = c;
    if (!card) {
        card = due.front();
        ui.card = card->id;
        ui.revealed = false;
    }
    ImGui::SetWindowFontScale(1.25f);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(rec::str(*card, "front").c_str());
    ImGui::PopTextWrapPos();
    ImGui::SetWindowFontScale(1.0f);
    note_item(ctx.ui, "card:front");
    ImGui::Spacing();
    // Keys: Space shows the answer, 1-4 grade it (desktop).
    const bool typing = ImGui::GetIO().WantTextInput;
    if (!ui.revealed) {
        if (ImGui::Button(tr(l, S::ShowAnswer), {200, 44}) || (!typing && ImGui::IsKeyPressed(ImGuiKey_Space, false)))
            ui.revealed = true;
        note_item(ctx.ui, "card:reveal");
        return;
    }
    ImGui::Separator();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(rec::str(*card, "back").c_str());
    ImGui::PopTextWrapPos();
    note_item(ctx.ui, "card:back");
    ImGui::Spacing();
    // Each answer with the interval FSRS would give it.
    const S grades[] = {S::GradeAgain, S::GradeHard, S::GradeGood, S::GradeEasy};
    const fsrs::Params params;
    const auto c = rec::card(*card);
    for (int g = 1; g <= 4; ++g) {
        if (g > 1) ImGui::SameLine();
        const auto next = fsrs::review(c, static_cast<fsrs::Grade>(g), s.now_ms, params);
        const std::string label = std::string(tr(l, grades[g - 1])) + "\n" + interval_label(l, next.scheduled_days);
        const ImGuiKey key = static_cast<ImGuiKey>(ImGuiKey_1 + g - 1);
        if (ImGui::Button(label.c_str(), {110, 52}) || (!typing && ImGui::IsKeyPressed(key, false))) {
            ctx.out.push(ReviewCard{card->id, g});
            ui.revealed = false;
            ui.card.clear();
        }
        note_item(ctx.ui, "card:grade:" + std::to_string(g));
    }
}

}  // namespace zx::client
