#pragma once
// Widgets the views share: text fields that work with input methods on the
// web, the Markdown renderer, and a progress bar for long work.
#include "zx/text/markdown.hpp"

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <string>

namespace zx::platform {
class Platform;
}

namespace zx::client::ui {

enum InputFlags : int {
    kInputNone = 0,
    kInputMultiline = 1 << 0,
    kInputPassword = 1 << 1,
    kInputEnterReturnsTrue = 1 << 2,  // return true on Enter instead of on every change
    kInputUppercase = 1 << 3,
    kInputNoBlank = 1 << 4,
};

// A text field. On the desktop ImGui edits it; on the web, clicking it places
// a real HTML field over it (platform text overlay) so Chinese input methods
// work, and what is typed there comes back into `value`.
// `size.x` <= 0 fills the width; `size.y` is used for multiline fields.
// Returns true when `value` changed (or Enter was pressed, with
// kInputEnterReturnsTrue).
bool input_text(platform::Platform& p, const char* id, std::string& value, const char* hint, ImVec2 size = {0, 0},
                int flags = kInputNone);

// A Markdown text as drawn: its blocks, parsed once per change of the text,
// and each block's height at the width it was last laid out at, so blocks
// scrolled out of sight cost a Dummy instead of a layout.
struct MarkdownCache {
    // Parses `text` again only when it changed: when `generation` (which its
    // owner bumps on every edit) or its size differs from the last call.
    const std::vector<md::Block>& update(std::string_view text, uint64_t generation);
    std::vector<md::Block> blocks;
    uint64_t generation = ~0ull;
    size_t size = ~size_t{0};
    float width = -1;
    std::vector<float> heights;  // per block; 0 = not laid out yet at `width`
};

// Draws Markdown blocks in the current window, wrapping at its width.
// Clicking a [[wiki link]] calls on_wiki(title); a URL calls on_link(url).
void markdown(const std::vector<md::Block>& blocks, const std::function<void(const std::string&)>& on_wiki,
              const std::function<void(const std::string&)>& on_link);
// The same for a cached text: only the blocks in sight are laid out.
void markdown(MarkdownCache& cache, const std::function<void(const std::string&)>& on_wiki,
              const std::function<void(const std::string&)>& on_link);

// A list row and a small button that are at least a tap target high at
// phone size (ui::layout().target_h) and exactly ImGui's own elsewhere. Same
// arguments and results as ImGui::Selectable and ImGui::SmallButton.
bool selectable(const char* label, bool selected = false, ImGuiSelectableFlags flags = 0, ImVec2 size = {0, 0});
bool small_button(const char* label);

// Panes side by side on wide screens, stacked in one scrolling column on a
// phone: begin_pane opens a bordered child of `size` (as ImGui::BeginChild)
// or, at phone size, a full-width group in the parent's flow; next_pane goes
// on beside (SameLine) or below. Every begin_pane needs its end_pane.
void begin_pane(const char* id, ImVec2 size, bool border = true);
void end_pane();
void next_pane();

// Before an item of width `w` that follows another on its line: SameLine
// when it fits in what is left of the line, else it starts a new line.
void same_line_if_fits(float w);
// The width of a radio button or check box with `label`.
float check_width(const char* label);

// A labelled progress bar ("done / total").
void progress(float fraction, const char* label);

}  // namespace zx::client::ui
