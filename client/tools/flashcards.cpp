// 闪卡复习: cards made from notes, scheduled with FSRS (zx/space/fsrs.hpp).
// Every review is logged; the schedule and the logs sync like notes do.
#include "data/space_data.hpp"
#include "tools/tools.hpp"

#include <imgui.h>

namespace zx::client {

namespace {
std::string interval_label(Lang l, int days) {
    if (days < 30) return trf(l, S::InDays, {{"days", days}});
    if (days < 365) return trf(l, S::InMonths, {Arg("months", days / 30.0)});
    return trf(l, S::InYears, {Arg("years", days / 365.0)});
}
}  // namespace

void draw_flashcards(ViewContext& ctx, ToolsViewUi& ui) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const SpaceData& data = *s.data;
    const auto due = data.due_cards(s.now_ms);

    ImGui::TextUnformatted(tr(l, S::ToolFlashcards));
    ImGui::TextDisabled("%s", trf(l, S::CardStats, {{"due", due.size()}, {"total", data.cards().size()},
                                                    {"today", data.reviews_today(s.now_ms)}})
                                  .c_str());
    ImGui::Separator();
    if (data.cards().empty()) {
        ImGui::TextWrapped("%s", tr(l, S::NoCards));
        return;
    }
    if (due.empty()) {
        ImGui::TextWrapped("%s", tr(l, S::NothingDue));
        return;
    }
    const Card* card = nullptr;
    for (const Card* c : due)
        if (c->id == ui.card) card = c;
    if (!card) {
        card = due.front();
        ui.card = card->id;
        ui.revealed = false;
    }
    ImGui::SetWindowFontScale(1.25f);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(card->front.c_str());
    ImGui::PopTextWrapPos();
    ImGui::SetWindowFontScale(1.0f);
    note_item(ctx, "card:front");
    ImGui::Spacing();
    // Keys: Space shows the answer, 1-4 grade it (desktop).
    const bool typing = ImGui::GetIO().WantTextInput;
    if (!ui.revealed) {
        if (ImGui::Button(tr(l, S::ShowAnswer), {200, 44}) || (!typing && ImGui::IsKeyPressed(ImGuiKey_Space, false)))
            ui.revealed = true;
        note_item(ctx, "card:reveal");
        return;
    }
    ImGui::Separator();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(card->back.c_str());
    ImGui::PopTextWrapPos();
    note_item(ctx, "card:back");
    ImGui::Spacing();
    // Each answer with the interval FSRS would give it.
    const S grades[] = {S::GradeAgain, S::GradeHard, S::GradeGood, S::GradeEasy};
    const fsrs::Params params;
    for (int g = 1; g <= 4; ++g) {
        if (g > 1) ImGui::SameLine();
        const auto next = fsrs::review(card->schedule, static_cast<fsrs::Grade>(g), s.now_ms, params);
        const std::string text = std::string(tr(l, grades[g - 1])) + "\n" + interval_label(l, next.scheduled_days);
        const ImGuiKey key = static_cast<ImGuiKey>(ImGuiKey_1 + g - 1);
        if (ImGui::Button(text.c_str(), {110, 52}) || (!typing && ImGui::IsKeyPressed(key, false))) {
            ctx.out.push(ReviewCard{card->id, g});
            ui.revealed = false;
            ui.card.clear();
        }
        note_item(ctx, "card:grade:" + std::to_string(g));
    }
}

}  // namespace zx::client
