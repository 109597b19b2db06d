// 知识库: notes in Markdown with a rendered view, subjects and tags, links
// between notes by title with backlinks, pinned and recent notes, each note's
// version history, and full-text search that works for Chinese.
#include "data/space_data.hpp"
#include "platform/platform.hpp"
#include "style.hpp"
#include "ui/layout.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include "zx/space/timetable.hpp"

#include <imgui.h>

#include <algorithm>

namespace zx::client {

namespace {

void note_row(ViewContext& ctx, const NoteItem& n, const std::string& current, const char* prefix) {
    const Lang l = ctx.lang();
    ImGui::PushID(n.note.id.c_str());
    const std::string label =
        (n.note.pinned ? "★ " : "") + (n.note.title.empty() ? std::string(tr(l, S::Untitled)) : n.note.title);
    if (ui::selectable(label.c_str(), current == n.note.id)) ctx.out.push(OpenNote{n.note.id});
    note_item(ctx, std::string(prefix) + n.note.id);
    ImGui::PopID();
}

void draw_list(ViewContext& ctx, KnowledgeViewUi& ui, const SpaceData& data, float width) {
    const Lang l = ctx.lang();
    const auto& ns = ctx.state.notes;
    ui::begin_pane("##kblist", {width, 0});
    if (ui.focus_search) {
        ImGui::SetKeyboardFocusHere();
        ui.focus_search = false;
    }
    if (ui::input_text(ctx.platform, "##kbsearch", ui.query, tr(l, S::SearchNotes), {-1, 0}))
        ctx.out.push(SearchNotes{ui.query});
    note_item(ctx, "kb:search");
    if (ImGui::Button(tr(l, S::NewNote), {-1, 0})) ctx.out.push(NewNote{});
    note_item(ctx, "note:new");
    ImGui::Separator();

    if (!ui.query.empty()) {
        if (!ns.searching.empty()) ImGui::TextDisabled("%s", tr(l, S::Searching));
        else if (ns.hits.empty()) ImGui::TextDisabled("%s", tr(l, S::NoResults));
        else ImGui::TextDisabled("%s", trf(l, S::ResultCount, {{"count", ns.hits.size()}}).c_str());
        for (const auto& h : ns.hits) {
            const NoteItem* n = data.note(h.note_id);
            if (!n) continue;
            ImGui::PushID(h.note_id.c_str());
            if (ui::selectable(n->note.title.empty() ? tr(l, S::Untitled) : n->note.title.c_str(), ui.note.id == h.note_id))
                ctx.out.push(OpenNote{h.note_id});
            note_item(ctx, "kb:result:" + h.note_id);
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(h.snippet.c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
            ImGui::PopID();
        }
        ui::end_pane();
        return;
    }

    // Subjects to filter by, from the notes themselves.
    if (!data.subjects().empty()) {
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##subject", ui.subject_filter.empty() ? tr(l, S::AllSubjects) : ui.subject_filter.c_str())) {
            if (ui::selectable(tr(l, S::AllSubjects), ui.subject_filter.empty())) ui.subject_filter.clear();
            for (const auto& s : data.subjects())
                if (ui::selectable(s.c_str(), ui.subject_filter == s)) ui.subject_filter = s;
            ImGui::EndCombo();
        }
    }
    const auto& notes = data.notes();  // newest first
    auto shown = [&](const NoteItem& n) { return ui.subject_filter.empty() || n.note.subject == ui.subject_filter; };
    if (notes.empty()) ImGui::TextDisabled("%s", tr(l, S::NoNotes));
    bool pinned_header = false;
    for (const auto& n : notes)
        if (n.note.pinned && shown(n)) {
            if (!pinned_header) ImGui::TextDisabled("%s", tr(l, S::Pinned));
            pinned_header = true;
            note_row(ctx, n, ui.note.id, "note:");
        }
    if (!notes.empty()) ImGui::TextDisabled("%s", tr(l, S::Recent));
    // Long lists are clipped: only the rows on screen are laid out. With a
    // subject filter the clipper runs over all notes and skips the others.
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(notes.size()));
    while (clip.Step())
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const auto& n = notes[static_cast<size_t>(i)];
            if (!n.note.pinned && shown(n)) note_row(ctx, n, ui.note.id, "note:");
        }
    ui::end_pane();
}

// Loads the editor's buffers from the stored note when it was (re)opened,
// or when it changed and the buffers hold no edits of their own.
void follow_note(KnowledgeViewUi& ui, const NotesState& ns, const Note& note, uint64_t revision) {
    auto& ed = ui.note;
    // A new note saved for the first time: the same text, now under its id.
    if (ed.id == kNewRecord && note.id == ns.created_id && ed.opened == ns.opened) ed.id = note.id;
    const bool reopened = ed.id != note.id || ed.opened != ns.opened;
    if (!reopened && !ed.pending_ticket && ed.seen_revision == revision) return;  // nothing new
    ed.seen_revision = revision;
    if (ed.pending_ticket && ns.saved_ticket == ed.pending_ticket) {
        // Saved: the stored note is the text now, unless more was typed since.
        if (ns.saved_ok && ed.title == ed.sent_title && ed.body == ed.sent_body && ed.subject == ed.sent_subject &&
            ed.tags == ed.sent_tags)
            ed.dirty = false;
        ed.pending_ticket = 0;
    }
    const std::string tags = join_tags(note.tags);
    if (!reopened && (ed.dirty || ed.pending_ticket)) return;
    if (!reopened && ed.title == note.title && ed.body == note.body && ed.subject == note.subject && ed.tags == tags) return;
    ed.id = note.id;
    ed.opened = ns.opened;
    ed.title = note.title;
    ed.body = note.body;
    ed.subject = note.subject;
    ed.tags = tags;
    ed.dirty = false;
    ++ed.preview.generation;  // a new text for the preview (see MarkdownCache::update)
    ui.version_shown.clear();
}

void save(ViewContext& ctx, KnowledgeViewUi& ui) {
    auto& ed = ui.note;
    Note n;
    n.id = ed.id;
    n.title = ed.title;
    n.body = ed.body;
    n.subject = ed.subject;
    n.tags = split_tags(ed.tags);
    ed.pending_ticket = ++ui.tickets;
    ed.sent_title = ed.title;
    ed.sent_body = ed.body;
    ed.sent_subject = ed.subject;
    ed.sent_tags = ed.tags;
    ctx.out.push(SaveNote{std::move(n), ed.pending_ticket});
}

void draw_editor(ViewContext& ctx, KnowledgeViewUi& ui, const SpaceData& data, float width) {
    const Lang l = ctx.lang();
    const auto& ns = ctx.state.notes;
    auto& ed = ui.note;
    ui::begin_pane("##kbedit", {width, 0});
    // A new note is not in the store until its first save: it starts empty
    // (or with a [[link]]'s title).
    const bool fresh = ns.open_id == kNewRecord;
    Note blank;
    blank.id = std::string(kNewRecord);
    blank.title = ns.new_title;
    const NoteItem* item = ns.open_id.empty() || fresh ? nullptr : data.note(ns.open_id);
    if (!item && !fresh) {
        ImGui::TextDisabled("%s", tr(l, S::PickNote));
        ui::end_pane();
        return;
    }
    const Note& note = item ? item->note : blank;
    follow_note(ui, ns, note, data.revision());
    const float w = ImGui::GetContentRegionAvail().x;
    const std::string saved_tags = join_tags(note.tags);
    if (draft_text(ctx, {"notes", note.id, "title"}, ed.title, note.title, "##title", tr(l, S::NoteTitle), {w, 0}))
        ed.dirty = true;
    note_item(ctx, "note:title");
    const float half = (w - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (draft_text(ctx, {"notes", note.id, "subject"}, ed.subject, note.subject, "##subject", tr(l, S::Subject),
                   {half, 0}))
        ed.dirty = true;
    note_item(ctx, "note:subject");
    ImGui::SameLine();
    if (draft_text(ctx, {"notes", note.id, "tags"}, ed.tags, saved_tags, "##tags", tr(l, S::Tags), {half, 0}))
        ed.dirty = true;
    note_item(ctx, "note:tags");

    // Mode: edit, preview, or both side by side.
    const S modes[] = {S::ModeEdit, S::ModePreview, S::ModeSplit};
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::RadioButton(tr(l, modes[i]), ui.mode == i)) ui.mode = i;
        note_item(ctx, "note:mode:" + std::to_string(i));
    }
    if (!fresh) {
        ImGui::SameLine(0, 24);
        if (ui::small_button(tr(l, note.pinned ? S::Unpin : S::Pin))) ctx.out.push(PinNote{note.id, !note.pinned});
        note_item(ctx, "note:pin");
    }

    const auto conflicts = data.open_conflicts(note.id);
    const float bottom = ImGui::GetFrameHeightWithSpacing() * 1.6f +
                         (conflicts.empty() ? 0 : ImGui::GetTextLineHeightWithSpacing() * 6);
    // On a phone the editor is part of one scrolling column: a fixed share
    // of the screen, and edit and preview stacked rather than side by side.
    const bool phone = ui::layout().phone;
    const float body_h = phone ? std::max(160.0f, ui::layout().height * 0.4f)
                               : std::max(120.0f, ImGui::GetContentRegionAvail().y - bottom);
    const float body_w = ui.mode == 2 && !phone ? half : w;
    if (ui.mode != 1) {
        if (draft_text(ctx, {"notes", note.id, "body"}, ed.body, note.body, "##body", tr(l, S::NoteBody), {body_w, body_h},
                       ui::kInputMultiline)) {
            ed.dirty = true;
            ++ed.preview.generation;
        }
        note_item(ctx, "note:body");
    }
    if (ui.mode != 0) {
        if (ui.mode == 2 && !phone) ImGui::SameLine();
        ImGui::BeginChild("##preview", {body_w, body_h}, ImGuiChildFlags_Border);
        ed.preview.update(ed.body, ed.preview.generation);
        ui::markdown(
            ed.preview,
            [&](const std::string& title) {
                if (const NoteItem* target = data.note_by_title(title)) ctx.out.push(OpenNote{target->note.id});
                else ctx.out.push(NewNote{title});
            },
            [&](const std::string& url) { ctx.out.push(OpenUrl{url}); });
        ImGui::EndChild();
        note_item(ctx, "note:preview");
    }
    if (ImGui::Button(tr(l, S::Save))) save(ctx, ui);
    note_item(ctx, "note:save");
    ImGui::SameLine();
    if (!fresh) {
        if (ImGui::Button(tr(l, S::MakeCards))) ctx.out.push(MakeCards{note.id});
        note_item(ctx, "note:cards");
        ImGui::SameLine();
    }
    if (ImGui::Button(tr(l, S::Delete))) ctx.out.push(DeleteNote{note.id});
    note_item(ctx, "note:delete");
    // The last save's answer stays in view while the text is still unsaved:
    // a refused save says why next to what has to change.
    if (!ns.notice.empty() && (!ed.dirty || !ns.saved_ok)) {
        ImGui::SameLine();
        notice_line(ns.notice);
    } else if (ed.dirty) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr(l, S::Unsaved));
    }
    draw_conflicts(ctx, data, note.id, "body", w);  // a taken version reopens the editor (NotesController::reload)
    ui::end_pane();
}

void draw_side(ViewContext& ctx, KnowledgeViewUi& ui, const SpaceData& data) {
    const Lang l = ctx.lang();
    const auto& ns = ctx.state.notes;
    ui::begin_pane("##kbside", {0, 0});
    const NoteItem* item = ns.open_id.empty() ? nullptr : data.note(ns.open_id);
    if (!item) {
        ImGui::TextWrapped("%s", tr(l, S::KnowledgeHelp));
        ui::end_pane();
        return;
    }
    // Backlinks: notes whose text links here by title.
    ImGui::TextUnformatted(tr(l, S::Backlinks));
    const auto backlinks = data.backlinks(item->note.id);
    for (const NoteItem* n : backlinks) note_row(ctx, *n, "", "backlink:");
    if (backlinks.empty()) ImGui::TextDisabled("%s", tr(l, S::NoBacklinks));
    ImGui::Spacing();
    // Links out to notes that do not exist yet can be created from here.
    for (const auto& t : item->links) {
        if (data.note_by_title(t)) continue;
        ImGui::PushID(t.c_str());
        if (ui::small_button(trf(l, S::CreateLinked, {{"title", t}}).c_str())) ctx.out.push(NewNote{t});
        ImGui::PopID();
    }
    ImGui::Separator();

    // Version history: every save keeps the previous text.
    ImGui::TextUnformatted(tr(l, S::History));
    const auto versions = data.versions(item->note.id);
    if (versions.empty()) ImGui::TextDisabled("%s", tr(l, S::NoVersions));
    for (const NoteVersion* v : versions) {
        ImGui::PushID(v->id.c_str());
        const auto when = timetable::format_date_time(v->saved_at);
        if (ui::selectable(when.c_str(), ui.version_shown == v->id)) ui.version_shown = v->id;
        note_item(ctx, "version:" + v->id);
        if (ui.version_shown == v->id) {
            ImGui::Indent();
            ImGui::TextDisabled("%s", v->title.c_str());
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(v->body.c_str(), v->body.c_str() + std::min<size_t>(v->body.size(), 600));
            ImGui::PopTextWrapPos();
            if (ui::small_button(tr(l, S::Restore))) {
                ui.note.pending_ticket = ++ui.tickets;
                ctx.out.push(RestoreVersion{v->id, ui.note.pending_ticket});
            }
            note_item(ctx, "version:restore:" + v->id);
            ImGui::Unindent();
        }
        ImGui::PopID();
    }
    ui::end_pane();
}

}  // namespace

void draw_knowledge_view(ViewContext& ctx, KnowledgeViewUi& ui) {
    const SpaceData* data = data_ready(ctx);
    if (!data) return;
    // Desktop shortcuts: Ctrl+N new note, Ctrl+S save, Ctrl+F search.
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_N, false)) ctx.out.push(NewNote{});
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_S, false) && !ui.note.id.empty()) save(ctx, ui);
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_F, false)) ui.focus_search = true;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float list_w = std::clamp(avail * 0.24f, 200.0f, 320.0f);
    const float side_w = std::clamp(avail * 0.22f, 180.0f, 300.0f);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    draw_list(ctx, ui, *data, list_w);
    ui::next_pane();
    draw_editor(ctx, ui, *data, avail - list_w - side_w - 2 * gap);
    ui::next_pane();
    draw_side(ctx, ui, *data);
}

}  // namespace zx::client
