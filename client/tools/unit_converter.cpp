// 单位换算: metric, imperial and Chinese market units (shared/zx/space/tools.hpp).
#include "tools/tools.hpp"
#include "ui/widgets.hpp"

#include "zx/space/tools.hpp"

#include <imgui.h>

#include <cstdio>
#include <cstdlib>

namespace zx::client {

void draw_unit_converter(ViewContext& ctx, ToolsViewUi& ui) {
    const Lang l = ctx.state.lang();
    const bool zh = l == Lang::zh;
    const auto cats = tools::unit_categories();
    ui.category = std::clamp(ui.category, 0, static_cast<int>(cats.size()) - 1);
    const auto& cat = cats[static_cast<size_t>(ui.category)];
    auto name = [&](auto& x) { return std::string(zh ? x.zh : x.en); };

    ImGui::TextUnformatted(tr(l, S::ToolConverter));
    for (size_t i = 0; i < cats.size(); ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::RadioButton(name(cats[i]).c_str(), ui.category == static_cast<int>(i))) {
            ui.category = static_cast<int>(i);
            ui.from = 1;
            ui.to = 0;
        }
        note_item(ctx, "conv:cat:" + std::string(cats[i].id));
    }
    const int n = static_cast<int>(cat.units.size());
    ui.from = std::clamp(ui.from, 0, n - 1);
    ui.to = std::clamp(ui.to, 0, n - 1);
    ui::input_text(ctx.platform, "##amount", ui.amount, "1", {160, 0});
    note_item(ctx, "conv:amount");
    auto combo = [&](const char* id, int& which) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(180);
        if (ImGui::BeginCombo(id, name(cat.units[static_cast<size_t>(which)]).c_str())) {
            for (int i = 0; i < n; ++i)
                if (ui::selectable(name(cat.units[static_cast<size_t>(i)]).c_str(), which == i)) which = i;
            ImGui::EndCombo();
        }
    };
    combo("##from", ui.from);
    ImGui::SameLine();
    ImGui::TextUnformatted("=");
    char* end = nullptr;
    const double v = std::strtod(ui.amount.c_str(), &end);
    const bool number = !ui.amount.empty() && end && *end == '\0';
    std::string result = "?";
    if (number)
        if (auto r = tools::convert(cat.units[static_cast<size_t>(ui.from)].id, cat.units[static_cast<size_t>(ui.to)].id, v)) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.6g", *r);
            result = buf;
        }
    ImGui::SameLine();
    ImGui::TextUnformatted(result.c_str());
    note_item(ctx, "conv:result");
    combo("##to", ui.to);
    if (!number && !ui.amount.empty()) notice_line(tr(l, S::NotANumber), false);
}

}  // namespace zx::client
