#include "views/views.hpp"

#include <imgui.h>

#include <array>

namespace zx::client {

namespace {
constexpr std::array kViews{
    ViewEntry{ViewId::space, S::NavSpace, &draw_space_view},
    ViewEntry{ViewId::map, S::NavMap, &draw_map_view},
    ViewEntry{ViewId::settings, S::NavSettings, &draw_settings_view},
};
}  // namespace

void note_item(ViewUi& ui, std::string name) {
    if (!ImGui::IsItemVisible()) return;  // scrolled out or clipped away
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    ui.items.push_back({std::move(name), a.x, a.y, b.x - a.x, b.y - a.y});
}

std::span<const ViewEntry> all_views() { return kViews; }

const ViewEntry& view_entry(ViewId id) {
    for (const auto& v : kViews)
        if (v.id == id) return v;
    return kViews.front();
}

}  // namespace zx::client
