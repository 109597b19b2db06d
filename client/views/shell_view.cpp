// The shell around every view: the navigation column, the current view with
// its title, and the status bar (server, sync, who is signed in, bases).
// At phone size (ui/layout.hpp) the column becomes a top bar with a menu
// button and the view's title; the menu lists the views full-width.
#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"
#include "style.hpp"
#include "ui/layout.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include <imgui.h>

#include <algorithm>

namespace zx::client {

namespace {

constexpr float kNavWidth = 200.0f;

void draw_nav(ViewContext& ctx, const Fonts& fonts, float width) {
    const AppState& s = ctx.state;
    const float scale = s.settings.ui_scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetWindowPos();
    dl->AddRectFilled(p0, {p0.x + width, p0.y + ImGui::GetWindowHeight()}, im_color(kNavBgRgb));

    ImGui::SetCursorPos({18 * scale, 18 * scale});
    ImGui::PushStyleColor(ImGuiCol_Text, im_color(kNavTextRgb));
    if (fonts.title) ImGui::PushFont(fonts.title);
    ImGui::TextUnformatted(tr(s.lang(), S::AppName));
    if (fonts.title) ImGui::PopFont();
    ImGui::SetCursorPosX(18 * scale);
    ImGui::PushStyleColor(ImGuiCol_Text, im_color(kNavDimRgb));
    ImGui::TextUnformatted(tr(s.lang(), S::AppTagline));
    ImGui::PopStyleColor();
    ImGui::Dummy({0, 14 * scale});

    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, {0.0f, 0.5f});
    for (const auto& v : all_views()) {
        const bool active = v.id == s.view;
        if (v.listed && !active && !v.listed(s)) continue;
        ImGui::SetCursorPosX(10 * scale);
        ImGui::PushStyleColor(ImGuiCol_Header, im_color(kNavItemRgb));
        ImGui::PushStyleColor(ImGuiCol_HeaderHovered, im_color(kNavHoverRgb));
        ImGui::PushStyleColor(ImGuiCol_HeaderActive, im_color(kNavItemRgb));
        ImGui::PushID(static_cast<int>(v.id));
        if (ui::selectable(tr(s.lang(), v.title), active, 0, {width - 20 * scale, 40 * scale}))
            ctx.out.push(Navigate{v.id});
        note_item(ctx, "nav:" + std::string(view_code(v.id)));
        ImGui::PopID();
        ImGui::PopStyleColor(3);
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

// The phone's menu: every listed view, in as many columns of at least
// kMenuColumnPx as fit (one upright, three on the side), so that all of it
// is in sight at once.
constexpr float kMenuColumnPx = 180.0f;
void draw_phone_menu(ViewContext& ctx, ShellUi& shell) {
    const AppState& s = ctx.state;
    const float row = ui::layout().target_h;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const int columns = std::max(1, static_cast<int>((avail + gap) / (kMenuColumnPx * s.settings.ui_scale + gap)));
    const float w = (avail - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, {0.0f, 0.5f});
    int n = 0;
    for (const auto& v : all_views()) {
        const bool active = v.id == s.view;
        if (v.listed && !active && !v.listed(s)) continue;
        if (n++ % columns != 0) ImGui::SameLine();
        ImGui::PushID(static_cast<int>(v.id));
        if (ui::selectable(tr(s.lang(), v.title), active, 0, {w, row})) {
            ctx.out.push(Navigate{v.id});
            shell.menu_open = false;
        }
        note_item(ctx, "nav:" + std::string(view_code(v.id)));
        ImGui::PopID();
    }
    ImGui::PopStyleVar();
}

// The phone's top bar: the menu button and the title of the view shown.
void draw_top_bar(ViewContext& ctx, ShellUi& shell, const Fonts& fonts, float height) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetWindowPos();
    dl->AddRectFilled(p0, {p0.x + ImGui::GetWindowWidth(), p0.y + height}, im_color(kNavBgRgb));
    const float pad = 6;
    ImGui::SetCursorPos({pad, 0});
    ImGui::PushStyleColor(ImGuiCol_Text, im_color(kNavTextRgb));
    ImGui::PushStyleColor(ImGuiCol_Button, im_color(shell.menu_open ? kNavItemRgb : kNavBgRgb));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, im_color(kNavHoverRgb));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, im_color(kNavItemRgb));
    if (ImGui::Button(tr(l, shell.menu_open ? S::PhoneMenuClose : S::PhoneMenu), {0, height})) shell.menu_open = !shell.menu_open;
    note_item(ctx, "nav:menu");
    ImGui::PopStyleColor(3);
    // The title is drawn, not laid out: text after a framed button on the
    // same line would be pushed down by the button's frame padding.
    if (fonts.title) ImGui::PushFont(fonts.title);
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();  // with the layout's scale
    if (fonts.title) ImGui::PopFont();
    const char* title = tr(l, view_entry(s.view).title);
    const ImVec2 at{ImGui::GetItemRectMax().x + 12, p0.y + (height - size) / 2};
    dl->AddText(font, size, at, im_color(kNavTextRgb), title);
    ImGui::PopStyleColor();
}

// A coloured dot and a text, on the status bar's line.
void dot_text(uint32_t rgb, const std::string& t) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float r = 5.0f;
    ImGui::GetWindowDrawList()->AddCircleFilled({p.x + r, p.y + ImGui::GetTextLineHeight() / 2}, r, im_color(rgb));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 2 * r + 6);
    ImGui::TextUnformatted(t.c_str());
}

void draw_status_bar(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {12, 4});
    ImGui::BeginChild("##status", {0, 0}, ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar();
    const float y = ImGui::GetCursorPosY();
    switch (s.server) {
        case ServerStatus::online: dot_text(kDotOnlineRgb, trf(l, S::StatusOnline, {{"version", s.server_version}})); break;
        case ServerStatus::offline: dot_text(kDotErrorRgb, offline_status(l, s.server_failure)); break;
        case ServerStatus::unknown: dot_text(kDotUnknownRgb, tr(l, S::StatusConnecting)); break;
    }
    if (s.account.signed_in) {
        // Sync status: always visible while someone is signed in.
        using K = SyncStatus::Kind;
        uint32_t c = kDotOnlineRgb;
        switch (s.sync.kind) {
            case K::synced: break;
            case K::pending: c = kDotPendingRgb; break;
            case K::offline:
            case K::opening:
            case K::signed_out: c = kDotIdleRgb; break;
            case K::busy_elsewhere:
            case K::lost:
            case K::store_error:
            case K::error: c = kDotErrorRgb; break;
        }
        ImGui::SameLine(0, 24);
        dot_text(c, describe(l, s.sync));
        // Others' changes arrive as they happen (the live channel), not on a timer.
        if (s.sync.live == LiveState::live && !ui::layout().phone) {
            ImGui::SameLine(0, 8);
            ImGui::TextDisabled("· %s", tr(l, S::SyncLive));
        }
        // Refused changes and conflicts wait for the person: one click away.
        if (const size_t n = s.data ? s.data->attention_count() : 0; n > 0 && s.view != ViewId::attention) {
            ImGui::SameLine(0, 12);
            ImGui::PushStyleColor(ImGuiCol_Text, im_vec4(kWarnRgb));
            if (ui::small_button(trf(l, S::AttentionButton, {{"count", n}}).c_str())) ctx.out.push(Navigate{ViewId::attention});
            ImGui::PopStyleColor();
            note_item(ctx, "status:attention");
        }
        if (!ui::layout().phone) {  // no room on a phone's line
            ImGui::SameLine(0, 24);
            ImGui::TextDisabled("%s", s.account.user.display_name.c_str());
        }
    }
    if (s.bases.status == LoadStatus::ready && !ui::layout().phone) {
        ImGui::SameLine(0, 24);
        ImGui::TextUnformatted(trf(l, S::StatusBases, {{"count", s.bases.all.size()}}).c_str());
        if (s.bases.demo) {
            ImGui::SameLine(0, 8);
            ImGui::TextDisabled("(%s)", tr(l, S::StatusDemo));
        }
    }
    ImGui::SetCursorPosY(y);
    ImGui::EndChild();
}

}  // namespace

void draw_shell(const ShellContext& shell) {
    const AppState& s = shell.state;
    if (s.kiosk.on) return draw_kiosk_shell(shell);
    ViewContext ctx{s, shell.platform, shell.out, shell.ui.items};
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    constexpr ImGuiWindowFlags kRoot = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::Begin("##zhixing", nullptr, kRoot);
    ImGui::PopStyleVar();

    const float scale = s.settings.ui_scale;
    const float status_h = ImGui::GetFrameHeight() + 6 * scale;
    const float nav_w = kNavWidth * scale;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const auto& entry = view_entry(s.view);

    if (ui::layout().phone) {
        // One column: top bar, the view (or the menu over it), status line.
        ShellUi& shell_ui = shell.ui.shell;
        const float bar_h = ui::layout().target_h;
        ImGui::BeginChild("##topbar", {avail.x, bar_h}, 0, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
        draw_top_bar(ctx, shell_ui, shell.fonts, bar_h);
        ImGui::EndChild();
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImGui::GetStyle().WindowPadding);
        ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_WindowBg));
        ImGui::SetCursorPosY(bar_h);
        ImGui::BeginChild("##content", {0, avail.y - status_h - bar_h}, ImGuiChildFlags_AlwaysUseWindowPadding);
        ImGui::PopStyleColor();
        ImGui::PopStyleVar();
        if (shell_ui.menu_open) draw_phone_menu(ctx, shell_ui);
        else entry.draw(ctx, shell.ui);
        ImGui::EndChild();
        draw_status_bar(ctx);
        ImGui::End();
        return;
    }

    ImGui::BeginChild("##nav", {nav_w, avail.y - status_h});
    draw_nav(ctx, shell.fonts, nav_w);
    ImGui::EndChild();
    ImGui::SameLine(0, 0);

    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {16 * scale, 14 * scale});
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_WindowBg));
    ImGui::BeginChild("##content", {0, avail.y - status_h}, ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    if (shell.fonts.title) ImGui::PushFont(shell.fonts.title);
    ImGui::TextUnformatted(tr(s.lang(), entry.title));
    if (shell.fonts.title) ImGui::PopFont();
    ImGui::Spacing();
    entry.draw(ctx, shell.ui);
    ImGui::EndChild();

    draw_status_bar(ctx);
    ImGui::End();
}

}  // namespace zx::client
