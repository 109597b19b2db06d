#include "ui/widgets.hpp"

#include "glyphs.hpp"
#include "platform/platform.hpp"
#include "ui/layout.hpp"
#include "style.hpp"

#include "zx/text/text.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>

namespace zx::client::ui {

namespace {

std::string filtered(const std::string& v, int flags) {
    std::string out;
    for (char c : v) {
        if ((flags & kInputNoBlank) && (c == ' ' || c == '\t')) continue;
        if ((flags & kInputMultiline) == 0 && (c == '\n' || c == '\r')) continue;
        out += (flags & kInputUppercase) ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    }
    return out;
}

// Draws `s` into [a, b] as the field's resting look: text (or the hint), dots
// for passwords, wrapped when multiline, clipped to the frame.
void draw_resting(const std::string& s, const char* hint, ImVec2 a, ImVec2 b, int flags) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImGuiStyle& st = ImGui::GetStyle();
    dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGui::IsItemHovered() ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg),
                      st.FrameRounding);
    const ImVec2 p{a.x + st.FramePadding.x, a.y + st.FramePadding.y};
    dl->PushClipRect({a.x + 2, a.y + 2}, {b.x - 2, b.y - 2}, true);
    if (s.empty()) {
        if (hint) dl->AddText(p, ImGui::GetColorU32(ImGuiCol_TextDisabled), hint);
    } else if (flags & kInputPassword) {
        std::string dots;
        for (size_t i = 0, n = text::decode(s).size(); i < n; ++i) dots += "•";
        dl->AddText(p, ImGui::GetColorU32(ImGuiCol_Text), dots.c_str());
    } else if (flags & kInputMultiline) {
        // Only the top of the text shows in the box: lay out no more lines
        // than fit (a 256 KB note would otherwise be wrapped every frame).
        const int lines = static_cast<int>((b.y - a.y) / ImGui::GetTextLineHeight()) + 1;
        size_t end = 0;
        for (int n = 0; n < lines && end < s.size() && end < 8192; ++n) {
            const size_t nl = s.find('\n', end);
            end = nl == std::string::npos ? s.size() : nl + 1;
        }
        end = std::min({end, s.size(), size_t{8192}});
        while (end < s.size() && end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;  // whole characters
        dl->AddText(nullptr, 0, p, ImGui::GetColorU32(ImGuiCol_Text), s.data(), s.data() + end, b.x - p.x - st.FramePadding.x);
    } else {
        dl->AddText(p, ImGui::GetColorU32(ImGuiCol_Text), s.c_str());
    }
    dl->PopClipRect();
}

}  // namespace

bool input_text(platform::Platform& plat, const char* id, std::string& value, const char* hint, ImVec2 size,
                int flags) {
    const bool multiline = flags & kInputMultiline;
    const float w = size.x > 0 ? size.x : ImGui::GetContentRegionAvail().x;
    if (!plat.text_overlay()) {
        ImGuiInputTextFlags f = 0;
        if (flags & kInputPassword) f |= ImGuiInputTextFlags_Password;
        if (flags & kInputEnterReturnsTrue) f |= ImGuiInputTextFlags_EnterReturnsTrue;
        if (flags & kInputUppercase) f |= ImGuiInputTextFlags_CharsUppercase;
        if (flags & kInputNoBlank) f |= ImGuiInputTextFlags_CharsNoBlank;
        bool r = false;
        if (multiline) {
            r = ImGui::InputTextMultiline(id, &value, {w, size.y}, f);
        } else {
            ImGui::SetNextItemWidth(w);
            r = ImGui::InputTextWithHint(id, hint, &value, f);
        }
        // Typed characters the font lacks are drawn as they are typed (the
        // glyph cache batches them); `r` alone misses edits under EnterReturnsTrue.
        if (ImGui::IsItemEdited()) note_glyphs(value);
        return r;
    }

    const float h = multiline ? std::max(size.y, ImGui::GetFrameHeight() * 2) : ImGui::GetFrameHeight();
    const bool clicked = ImGui::InvisibleButton(id, {w, h});
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const std::string key = std::to_string(ImGui::GetItemID());
    bool editing = plat.text_editing() == key;
    if (!editing) draw_resting(value, hint, a, b, flags);
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_TextInput);
    platform::Platform::TextEdit e{key, {a.x, a.y, b.x - a.x, b.y - a.y}, value, hint ? hint : "", multiline,
                                   (flags & kInputPassword) != 0, current_font_em_px()};
    if (clicked && !editing) {
        plat.text_edit(e, true);
        editing = true;
    } else if (editing) {
        plat.text_edit(e, false);
    }
    bool changed = false;
    if (auto v = plat.text_take_value(key)) {
        auto f = filtered(*v, flags);
        changed = f != value;
        if (changed) note_glyphs(f);  // typed characters the font lacks are drawn once typing ends
        value = std::move(f);
    }
    const bool submitted = plat.text_take_submit(key);
    return (flags & kInputEnterReturnsTrue) ? submitted : changed;
}

bool selectable(const char* label, bool selected, ImGuiSelectableFlags flags, ImVec2 size) {
    // A Selectable's item rectangle is its size plus the item spacing.
    const float least = layout().target_h - ImGui::GetStyle().ItemSpacing.y;
    if (least > size.y) size.y = least;
    return ImGui::Selectable(label, selected, flags, size);
}

bool small_button(const char* label) {
    if (layout().phone) return ImGui::Button(label, {0, std::max(layout().target_h, ImGui::GetFrameHeight())});
    return ImGui::SmallButton(label);
}

void same_line_if_fits(float w) {
    const float right = ImGui::GetWindowContentRegionMax().x;  // window-local
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
}

float check_width(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

void begin_pane(const char* id, ImVec2 size, bool border) {
    if (!layout().phone) {
        ImGui::BeginChild(id, size, border ? ImGuiChildFlags_Border : 0);
        return;
    }
    ImGui::PushID(id);
    ImGui::BeginGroup();
}

void end_pane() {
    if (!layout().phone) {
        ImGui::EndChild();
        return;
    }
    ImGui::EndGroup();
    ImGui::PopID();
}

void next_pane() {
    if (!layout().phone) {
        ImGui::SameLine();
        return;
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
}

void progress(float fraction, const char* label) { ImGui::ProgressBar(std::clamp(fraction, 0.0f, 1.0f), {-1, 0}, label); }

namespace {

struct Run {
    const md::Span* span;
    std::string text;
};

// Lays out spans like a paragraph: words (and each CJK character) wrap at the
// window's width; styles are drawn with colour, a fake bold and underlines.
void draw_spans(const std::vector<md::Span>& spans, float scale, ImU32 base_colour,
                const std::function<void(const std::string&)>& on_wiki,
                const std::function<void(const std::string&)>& on_link, float indent = 0) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize() * scale;
    const float line_h = size * 1.35f;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float left = origin.x + indent;
    const float right = origin.x + ImGui::GetContentRegionAvail().x;
    float x = left, y = origin.y;
    const ImU32 link_colour = im_color(kLinkRgb), code_bg = im_color(0xE8ECEF);

    for (const auto& s : spans) {
        // Break into pieces that may wrap: runs of Latin letters/digits stay together.
        const auto cps = text::decode(s.text);
        size_t i = 0;
        while (i < cps.size()) {
            size_t j = i + 1;
            auto wordish = [](char32_t c) { return c < 0x80 && c != U' ' && c != U'\n'; };
            if (wordish(cps[i]))
                while (j < cps.size() && wordish(cps[j])) ++j;
            const std::string piece = text::encode(std::u32string_view(cps).substr(i, j - i));
            i = j;
            const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, piece.c_str());
            if (x + ts.x > right && x > left) {
                x = left;
                y += line_h;
                if (piece == " ") continue;
            }
            const ImVec2 p{x, y};
            ImU32 col = base_colour;
            if (!s.link.empty() || !s.wiki.empty()) col = link_colour;
            if (s.emphasis) col = im_color(0x5B4B8A);
            if (s.code) dl->AddRectFilled({p.x - 1, p.y}, {p.x + ts.x + 1, p.y + ts.y}, code_bg, 3);
            dl->AddText(font, size, p, col, piece.c_str());
            if (s.strong) dl->AddText(font, size, {p.x + 0.6f, p.y}, col, piece.c_str());
            if (!s.link.empty() || !s.wiki.empty() || s.emphasis)
                dl->AddLine({p.x, p.y + ts.y}, {p.x + ts.x, p.y + ts.y}, col, s.emphasis ? 0.5f : 1.0f);
            if (s.strike) dl->AddLine({p.x, p.y + ts.y * 0.55f}, {p.x + ts.x, p.y + ts.y * 0.55f}, col, 1.0f);
            if ((!s.link.empty() || !s.wiki.empty()) && ImGui::IsMouseHoveringRect(p, {p.x + ts.x, p.y + ts.y})) {
                ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
                if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && ImGui::IsWindowHovered()) {
                    if (!s.wiki.empty() && on_wiki) on_wiki(s.wiki);
                    else if (on_link) on_link(s.link);
                }
            }
            x += ts.x;
        }
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy({right - origin.x, y + line_h - origin.y});
}

}  // namespace

namespace {

// One block, at the cursor.
void draw_block(const md::Block& b, const std::function<void(const std::string&)>& on_wiki,
                const std::function<void(const std::string&)>& on_link) {
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const float indent_step = ImGui::GetFontSize() * 1.2f;
    switch (b.kind) {
        case md::BlockKind::heading: {
            const float scale = b.level == 1 ? 1.5f : b.level == 2 ? 1.3f : b.level == 3 ? 1.15f : 1.0f;
            std::vector<md::Span> spans = b.spans;
            for (auto& s : spans) s.strong = true;
            ImGui::Spacing();
            draw_spans(spans, scale, text, on_wiki, on_link);
            if (b.level <= 2) ImGui::Separator();
            break;
        }
        case md::BlockKind::paragraph:
            draw_spans(b.spans, 1, text, on_wiki, on_link);
            ImGui::Spacing();
            break;
        case md::BlockKind::bullet:
        case md::BlockKind::ordered:
        case md::BlockKind::task: {
            const float indent = indent_step * static_cast<float>(b.level);
            const ImVec2 p = ImGui::GetCursorScreenPos();
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const float h = ImGui::GetFontSize();
            if (b.kind == md::BlockKind::bullet) {
                dl->AddCircleFilled({p.x + indent + h * 0.35f, p.y + h * 0.55f}, h * 0.16f, text);
            } else if (b.kind == md::BlockKind::ordered) {
                dl->AddText({p.x + indent, p.y}, text, (std::to_string(b.number) + ".").c_str());
            } else {
                const ImVec2 a{p.x + indent, p.y + h * 0.15f}, c{p.x + indent + h * 0.75f, p.y + h * 0.9f};
                dl->AddRect(a, c, text, 2);
                if (b.checked) dl->AddLine({a.x + 2, a.y + h * 0.4f}, {c.x - 2, a.y + 2}, im_color(kOkRgb), 2);
            }
            draw_spans(b.spans, 1, b.kind == md::BlockKind::task && b.checked ? dim : text, on_wiki, on_link,
                       indent + h * 1.3f);
            break;
        }
        case md::BlockKind::quote: {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            draw_spans(b.spans, 1, dim, on_wiki, on_link, ImGui::GetFontSize());
            ImGui::GetWindowDrawList()->AddRectFilled(p, {p.x + 3, ImGui::GetCursorScreenPos().y - 2},
                                                      im_color(0xB9D3DA));
            break;
        }
        case md::BlockKind::code: {
            ImGui::PushStyleColor(ImGuiCol_ChildBg, im_color(0xF1F3F5));
            const float lines = static_cast<float>(std::count(b.code.begin(), b.code.end(), '\n') + 1);
            ImGui::BeginChild(ImGui::GetID(&b), {0, lines * ImGui::GetTextLineHeight() + 16}, ImGuiChildFlags_Border);
            ImGui::TextUnformatted(b.code.c_str());
            ImGui::EndChild();
            ImGui::PopStyleColor();
            break;
        }
        case md::BlockKind::table: {
            const int cols = static_cast<int>(b.align.size());
            if (cols > 0 && ImGui::BeginTable(std::to_string(reinterpret_cast<uintptr_t>(&b)).c_str(), cols,
                                              ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
                for (size_t r = 0; r < b.rows.size(); ++r) {
                    ImGui::TableNextRow(r == 0 ? ImGuiTableRowFlags_Headers : 0);
                    for (int c = 0; c < cols; ++c) {
                        ImGui::TableNextColumn();
                        auto spans = b.rows[r][static_cast<size_t>(c)];
                        if (r == 0)
                            for (auto& s : spans) s.strong = true;
                        draw_spans(spans, 1, text, on_wiki, on_link);
                    }
                }
                ImGui::EndTable();
            }
            ImGui::Spacing();
            break;
        }
        case md::BlockKind::rule: ImGui::Separator(); break;
    }
}

}  // namespace

void markdown(const std::vector<md::Block>& blocks, const std::function<void(const std::string&)>& on_wiki,
              const std::function<void(const std::string&)>& on_link) {
    for (const auto& b : blocks) draw_block(b, on_wiki, on_link);
}

const std::vector<md::Block>& MarkdownCache::update(std::string_view text, uint64_t gen) {
    if (gen == generation && text.size() == size) return blocks;
    generation = gen;
    size = text.size();
    blocks = md::parse(text);
    heights.assign(blocks.size(), 0.0f);
    return blocks;
}

void markdown(MarkdownCache& cache, const std::function<void(const std::string&)>& on_wiki,
              const std::function<void(const std::string&)>& on_link) {
    const float width = ImGui::GetContentRegionAvail().x;
    if (width != cache.width) {
        cache.width = width;
        cache.heights.assign(cache.blocks.size(), 0.0f);
    }
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    for (size_t i = 0; i < cache.blocks.size(); ++i) {
        float& h = cache.heights[i];
        if (h > 0 && !ImGui::IsRectVisible({width, h})) {
            ImGui::Dummy({0, std::max(0.0f, h - spacing)});  // advances the cursor by h, as the block would
            continue;
        }
        const float y0 = ImGui::GetCursorPosY();
        draw_block(cache.blocks[i], on_wiki, on_link);
        h = std::max(ImGui::GetCursorPosY() - y0, 1.0f);
    }
}

}  // namespace zx::client::ui
