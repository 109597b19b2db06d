#pragma once
// The tool library (工具库): each tool is its own small view behind this one
// interface; the central list below is the only place that knows them all, so
// a new tool plugs in without touching the others.
#include "views/views.hpp"

#include <span>
#include <string_view>

namespace zx::client {

struct ToolEntry {
    std::string_view id;  // "flashcards"
    S name;
    S description;
    void (*draw)(ViewContext& ctx, ToolsViewUi& ui);
};

std::span<const ToolEntry> all_tools();

void draw_flashcards(ViewContext& ctx, ToolsViewUi& ui);
void draw_focus_timer(ViewContext& ctx, ToolsViewUi& ui);
void draw_unit_converter(ViewContext& ctx, ToolsViewUi& ui);
void draw_calculator(ViewContext& ctx, ToolsViewUi& ui);
void draw_resource_links(ViewContext& ctx, ToolsViewUi& ui);

}  // namespace zx::client
