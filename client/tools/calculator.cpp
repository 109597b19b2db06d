// 计算器: a scientific calculator (shared/zx/space/tools.hpp) with big keys for touch
// screens and a history of results.
#include "tools/tools.hpp"
#include "messages.hpp"
#include "ui/widgets.hpp"

#include "zx/space/tools.hpp"

#include <imgui.h>

#include <cstdio>

namespace zx::client {

void draw_calculator(ViewContext& ctx, ToolsViewUi& ui) {
    const Lang l = ctx.state.lang();
    auto evaluate = [&] {
        const auto r = tools::calculate(ui.expression, ui.radians);
        if (r.value) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.12g", *r.value);
            ui.result = buf;
            ui.result_ok = true;
            ui.history.insert(ui.history.begin(), ui.expression + " = " + ui.result);
            if (ui.history.size() > 20) ui.history.pop_back();
        } else {
            ui.result = r.error ? describe(l, *r.error) : std::string();
            ui.result_ok = false;
        }
    };
    ImGui::TextUnformatted(tr(l, S::ToolCalculator));
    if (ui::input_text(ctx.platform, "##expr", ui.expression, "sin(30) + 2^3", {-1, 0}, ui::kInputEnterReturnsTrue))
        evaluate();
    note_item(ctx, "calc:expr");
    if (ui.result_ok) {
        ImGui::SetWindowFontScale(1.6f);
        ImGui::TextUnformatted(ui.result.empty() ? " " : ui.result.c_str());
        ImGui::SetWindowFontScale(1.0f);
    } else {
        notice_line(ui.result, false);
    }
    note_item(ctx, "calc:result");
    if (ImGui::RadioButton(tr(l, S::Degrees), !ui.radians)) ui.radians = false;
    ImGui::SameLine();
    if (ImGui::RadioButton(tr(l, S::Radians), ui.radians)) ui.radians = true;

    static constexpr const char* kKeys[] = {"7", "8", "9", "/", "sin(", "4", "5", "6", "*", "cos(", "1", "2", "3",
                                            "-", "tan(", "0", ".", "^", "+", "sqrt(", "(", ")", "pi", "!", "log("};
    const float key = 64;
    for (size_t i = 0; i < std::size(kKeys); ++i) {
        if (i % 5) ImGui::SameLine();
        if (ImGui::Button(kKeys[i], {key, 44})) ui.expression += kKeys[i];
    }
    if (ImGui::Button("C", {key, 44})) {
        ui.expression.clear();
        ui.result.clear();
    }
    ImGui::SameLine();
    if (ImGui::Button("←", {key, 44}) && !ui.expression.empty()) ui.expression.pop_back();
    ImGui::SameLine();
    if (ImGui::Button("=", {key * 3 + ImGui::GetStyle().ItemSpacing.x * 2, 44})) evaluate();
    note_item(ctx, "calc:equals");
    ImGui::Spacing();
    for (const auto& h : ui.history) ImGui::TextDisabled("%s", h.c_str());
}

}  // namespace zx::client
