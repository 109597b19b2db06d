// 知识库: notes in Markdown with a rendered view, subjects and tags, links
// between notes by title with backlinks, pinned and recent notes, each note's
// version history, and full-text search that works for Chinese.
#include "platform/platform.hpp"
#include "style.hpp"
#include "ui/widgets.hpp"
#include "views/records.hpp"
#include "views/views.hpp"

#include "zx/text/markdown.hpp"
#include "zx/text/text.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace zx::client {

namespace {

std::string date_time(int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000 + 8 * 3600);  // Asia/Shanghai
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

const sync::Record* note_by_title(const Replica& data, const std::string& title) {
    for (const auto* n : data.list("notes"))
        if (rec::str(*n, "title") == title) return n;
    return nullptr;
}

void note_row(ViewContext& ctx, const sync::Record& n, const std::string& current, const char* prefix) {
    const Lang l = ctx.state.lang();
    const auto title = rec::str(n, "title");
    ImGui::PushID(n.id.c_str());
    const std::string label = (rec::flag(n, "pinned") ? "★ " : "") + (title.empty() ? std::string(tr(l, S::Untitled)) : title);
    if (ImGui::Selectable(label.c_str(), current == n.id)) ctx.out.push(OpenNote{n.id});
    note_item(ctx.ui, std::string(prefix) + n.id);
    ImGui::PopID();
}

void draw_list(ViewContext& ctx, const Replica& data, float width) {
    const Lang l = ctx.state.lang();
    auto& ui = ctx.ui.knowledge;
    ImGui::BeginChild("##kblist", {width, 0}, ImGuiChildFlags_Border);
    if (ui.focus_search) {
        ImGui::SetKeyboardFocusHere();
        ui.focus_search = false;
    }
    if (ui::input_text(ctx.platform, "##kbsearch", ui.query, tr(l, S::SearchNotes), {-1, 0}))
        ctx.out.push(SearchNotes{ui.query});
    note_item(ctx.ui, "kb:search");
    if (ImGui::Button(tr(l, S::NewNote), {-1, 0})) ctx.out.push(NewNote{});
    note_item(ctx.ui, "note:new");
    ImGui::Separator();

    if (!ui.query.empty()) {
        if (ui.searching) ImGui::TextDisabled("%s", tr(l, S::Searching));
        else if (ui.hits.empty()) ImGui::TextDisabled("%s", tr(l, S::NoResults));
        else {
            char buf[64];
            std::snprintf(buf, sizeof buf, tr(l, S::ResultCount), static_cast<int>(ui.hits.size()));
            ImGui::TextDisabled("%s", buf);
        }
        for (const auto& h : ui.hits) {
            const auto* n = data.find("notes", h.note_id);
            if (!n || n->deleted) continue;
            ImGui::PushID(h.note_id.c_str());
            const auto title = rec::str(*n, "title");
            if (ImGui::Selectable(title.empty() ? tr(l, S::Untitled) : title.c_str(), ui.note.id == n->id))
                ctx.out.push(OpenNote{n->id});
            note_item(ctx.ui, "kb:result:" + n->id);
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(h.snippet.c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
            ImGui::PopID();
        }
        ImGui::EndChild();
        return;
    }

    // Subjects to filter by, from the notes themselves.
    std::vector<std::string> subjects;
    for (const auto* n : data.list("notes"))
        if (auto s = rec::str(*n, "subject"); !s.empty() && std::find(subjects.begin(), subjects.end(), s) == subjects.end())
            subjects.push_back(s);
    std::sort(subjects.begin(), subjects.end());
    if (!subjects.empty()) {
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##subject", ui.subject_filter.empty() ? tr(l, S::AllSubjects) : ui.subject_filter.c_str())) {
            if (ImGui::Selectable(tr(l, S::AllSubjects), ui.subject_filter.empty())) ui.subject_filter.clear();
            for (const auto& s : subjects)
                if (ImGui::Selectable(s.c_str(), ui.subject_filter == s)) ui.subject_filter = s;
            ImGui::EndCombo();
        }
    }
    auto notes = data.list("notes");
    std::erase_if(notes, [&](const sync::Record* n) {
        return !ui.subject_filter.empty() && rec::str(*n, "subject") != ui.subject_filter;
    });
    std::sort(notes.begin(), notes.end(),
              [](const sync::Record* a, const sync::Record* b) { return rec::modified_ms(*a) > rec::modified_ms(*b); });
    if (notes.empty()) ImGui::TextDisabled("%s", tr(l, S::NoNotes));
    bool pinned_header = false;
    for (const auto* n : notes)
        if (rec::flag(*n, "pinned")) {
            if (!pinned_header) ImGui::TextDisabled("%s", tr(l, S::Pinned));
            pinned_header = true;
            note_row(ctx, *n, ui.note.id, "note:");
        }
    if (!notes.empty()) ImGui::TextDisabled("%s", tr(l, S::Recent));
    // Long lists are clipped: only the rows on screen are laid out.
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(notes.size()));
    while (clip.Step())
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i)
            if (!rec::flag(*notes[static_cast<size_t>(i)], "pinned")) note_row(ctx, *notes[static_cast<size_t>(i)], ui.note.id, "note:");
    ImGui::EndChild();
}

void draw_editor(ViewContext& ctx, const Replica& data, float width) {
    const Lang l = ctx.state.lang();
    auto& ui = ctx.ui.knowledge;
    auto& ed = ui.note;
    ImGui::BeginChild("##kbedit", {width, 0}, ImGuiChildFlags_Border);
    const auto* note = ed.id.empty() ? nullptr : data.find("notes", ed.id);
    if (!note || note->deleted) {
        ImGui::TextDisabled("%s", tr(l, S::PickNote));
        ImGui::EndChild();
        return;
    }
    if (!ed.dirty) {  // unedited buffers follow the stored note, so a sync shows at once
        ed.title = rec::str(*note, "title");
        ed.body = rec::str(*note, "body");
        ed.subject = rec::str(*note, "subject");
        std::string t;
        for (const auto& x : rec::tags(*note)) t += (t.empty() ? "" : ", ") + x;
        ed.tags = t;
    }
    const float w = ImGui::GetContentRegionAvail().x;
    if (ui::input_text(ctx.platform, "##title", ed.title, tr(l, S::NoteTitle), {w, 0})) ed.dirty = true;
    note_item(ctx.ui, "note:title");
    const float half = (w - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ui::input_text(ctx.platform, "##subject", ed.subject, tr(l, S::Subject), {half, 0})) ed.dirty = true;
    note_item(ctx.ui, "note:subject");
    ImGui::SameLine();
    if (ui::input_text(ctx.platform, "##tags", ed.tags, tr(l, S::Tags), {half, 0})) ed.dirty = true;
    note_item(ctx.ui, "note:tags");

    // Mode: edit, preview, or both side by side.
    const S modes[] = {S::ModeEdit, S::ModePreview, S::ModeSplit};
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::RadioButton(tr(l, modes[i]), ui.mode == i)) ui.mode = i;
        note_item(ctx.ui, "note:mode:" + std::to_string(i));
    }
    ImGui::SameLine(0, 24);
    const bool pinned = rec::flag(*note, "pinned");
    if (ImGui::SmallButton(tr(l, pinned ? S::Unpin : S::Pin))) ctx.out.push(PinNote{ed.id, !pinned});
    note_item(ctx.ui, "note:pin");

    std::vector<const sync::Record*> conflicts;
    for (const auto* c : data.list("conflicts"))
        if (rec::str(*c, "target_id") == ed.id && !rec::flag(*c, "resolved")) conflicts.push_back(c);
    const float bottom = ImGui::GetFrameHeightWithSpacing() * 1.6f +
                         (conflicts.empty() ? 0 : ImGui::GetTextLineHeightWithSpacing() * 6);
    const float body_h = std::max(120.0f, ImGui::GetContentRegionAvail().y - bottom);
    const float body_w = ui.mode == 2 ? half : w;
    if (ui.mode != 1) {
        if (ui::input_text(ctx.platform, "##body", ed.body, tr(l, S::NoteBody), {body_w, body_h}, ui::kInputMultiline))
            ed.dirty = true;
        note_item(ctx.ui, "note:body");
    }
    if (ui.mode != 0) {
        if (ui.mode == 2) ImGui::SameLine();
        ImGui::BeginChild("##preview", {body_w, body_h}, ImGuiChildFlags_Border);
        ui::markdown(
            md::parse(ed.body),
            [&](const std::string& title) {
                if (const auto* target = note_by_title(data, title)) ctx.out.push(OpenNote{target->id});
                else ctx.out.push(NewNote{title});
            },
            [&](const std::string& url) { ctx.out.push(OpenUrl{url}); });
        ImGui::EndChild();
        note_item(ctx.ui, "note:preview");
    }
    if (ImGui::Button(tr(l, S::Save))) ctx.out.push(SaveNote{ed.id, ed.title, ed.body, ed.subject, ed.tags});
    note_item(ctx.ui, "note:save");
    ImGui::SameLine();
    if (ImGui::Button(tr(l, S::MakeCards))) ctx.out.push(MakeCards{ed.id});
    note_item(ctx.ui, "note:cards");
    ImGui::SameLine();
    if (ImGui::Button(tr(l, S::Delete))) ctx.out.push(DeleteNote{ed.id});
    note_item(ctx.ui, "note:delete");
    if (ed.dirty) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr(l, S::Unsaved));
    } else if (!ed.notice.empty()) {
        ImGui::SameLine();
        notice_line(ed.notice, ed.notice_ok);
    }
    for (const auto* c : conflicts) {
        ImGui::PushID(c->id.c_str());
        ImGui::TextColored({0.75f, 0.35f, 0.0f, 1}, "%s", tr(l, S::ConflictNotice));
        ImGui::BeginChild("##other", {w, ImGui::GetTextLineHeightWithSpacing() * 3}, ImGuiChildFlags_Border);
        ImGui::TextWrapped("%s", rec::str(*c, "value").c_str());
        ImGui::EndChild();
        if (ImGui::SmallButton(tr(l, S::UseOther))) ctx.out.push(ResolveConflict{c->id, true});
        note_item(ctx.ui, "conflict:use:" + c->id);
        ImGui::SameLine();
        if (ImGui::SmallButton(tr(l, S::KeepMine))) ctx.out.push(ResolveConflict{c->id, false});
        note_item(ctx.ui, "conflict:keep:" + c->id);
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void draw_side(ViewContext& ctx, const Replica& data) {
    const Lang l = ctx.state.lang();
    auto& ui = ctx.ui.knowledge;
    ImGui::BeginChild("##kbside", {0, 0}, ImGuiChildFlags_Border);
    const auto* note = ui.note.id.empty() ? nullptr : data.find("notes", ui.note.id);
    if (!note || note->deleted) {
        ImGui::TextWrapped("%s", tr(l, S::KnowledgeHelp));
        ImGui::EndChild();
        return;
    }
    const auto title = rec::str(*note, "title");
    // Backlinks: notes whose text links here by title.
    ImGui::TextUnformatted(tr(l, S::Backlinks));
    int backlinks = 0;
    if (!title.empty())
        for (const auto* n : data.list("notes")) {
            if (n->id == note->id) continue;
            const auto links = md::wiki_links(rec::str(*n, "body"));
            if (std::find(links.begin(), links.end(), title) == links.end()) continue;
            ++backlinks;
            note_row(ctx, *n, "", "backlink:");
        }
    if (backlinks == 0) ImGui::TextDisabled("%s", tr(l, S::NoBacklinks));
    ImGui::Spacing();
    // Links out to notes that do not exist yet can be created from here.
    for (const auto& t : md::wiki_links(rec::str(*note, "body"))) {
        if (note_by_title(data, t)) continue;
        ImGui::PushID(t.c_str());
        char buf[300];
        std::snprintf(buf, sizeof buf, tr(l, S::CreateLinked), t.c_str());
        if (ImGui::SmallButton(buf)) ctx.out.push(NewNote{t});
        ImGui::PopID();
    }
    ImGui::Separator();

    // Version history: every save keeps the previous text.
    ImGui::TextUnformatted(tr(l, S::History));
    std::vector<const sync::Record*> versions;
    for (const auto* v : data.list("note_versions"))
        if (rec::str(*v, "note_id") == note->id) versions.push_back(v);
    std::sort(versions.begin(), versions.end(), [](const sync::Record* a, const sync::Record* b) {
        return rec::num(*a, "saved_at") > rec::num(*b, "saved_at");
    });
    if (versions.empty()) ImGui::TextDisabled("%s", tr(l, S::NoVersions));
    for (const auto* v : versions) {
        ImGui::PushID(v->id.c_str());
        const auto when = date_time(rec::num(*v, "saved_at"));
        if (ImGui::Selectable(when.c_str(), ui.version_shown == v->id)) ui.version_shown = v->id;
        note_item(ctx.ui, "version:" + v->id);
        if (ui.version_shown == v->id) {
            ImGui::Indent();
            ImGui::TextDisabled("%s", rec::str(*v, "title").c_str());
            ImGui::PushTextWrapPos(0);
            const auto body = rec::str(*v, "body");
            ImGui::TextUnformatted(body.substr(0, std::min<size_t>(body.size(), 600)).c_str());
            ImGui::PopTextWrapPos();
            if (ImGui::SmallButton(tr(l, S::Restore))) ctx.out.push(RestoreVersion{v->id});
            note_item(ctx.ui, "version:restore:" + v->id);
            ImGui::Unindent();
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace

void draw_knowledge_view(ViewContext& ctx) {
    if (!data_ready(ctx)) return;
    // Desktop shortcuts: Ctrl+N new note, Ctrl+S save, Ctrl+F search.
    const ImGuiIO& io = ImGui::GetIO();
    auto& ed = ctx.ui.knowledge.note;
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_N, false)) ctx.out.push(NewNote{});
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_S, false) && !ed.id.empty())
        ctx.out.push(SaveNote{ed.id, ed.title, ed.body, ed.subject, ed.tags});
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_F, false)) ctx.ui.knowledge.focus_search = true;
    const Replica& data = *ctx.state.data;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float list_w = std::clamp(avail * 0.24f, 200.0f, 320.0f);
    const float side_w = std::clamp(avail * 0.22f, 180.0f, 300.0f);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    draw_list(ctx, data, list_w);
    ImGui::SameLine();
    draw_editor(ctx, data, avail - list_w - side_w - 2 * gap);
    ImGui::SameLine();
    draw_side(ctx, data);
}

}  // namespace zx::client
