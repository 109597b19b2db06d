// 需要处理 (needs attention): the changes the server refused and the open
// conflicts, in one list. A refused change says what it was, why the server
// refused it (its coded problem, translated) and whether the record already
// shows the server's state again; what it wrote stays readable (and
// copyable) until the person sends it again or discards it. The view is
// listed in navigation only while something is in it (views.cpp), and the
// status bar links to it.
#include "data/space_data.hpp"
#include "messages.hpp"
#include "style.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include <imgui.h>

#include <set>

namespace zx::client {

namespace {

// Where a record of this collection is edited: the command that opens it.
std::optional<Command> opener(std::string_view collection, const std::string& id) {
    if (collection == "notes") return OpenNote{id};
    if (collection == "note_versions") return Navigate{ViewId::knowledge};
    if (collection == "activities" || collection == "submissions") return Navigate{ViewId::activities};
    if (collection == "timetable_entries" || collection == "terms") return Navigate{ViewId::timetable};
    if (collection == "trips") return SelectTrip{id};
    if (collection == "trip_participants" || collection == "base_ratings" || collection == "checkins")
        return Navigate{ViewId::trips};
    if (collection == "bases" || collection == "base_contacts") return SelectBase{id, true};
    if (collection == "cards" || collection == "review_logs" || collection == "tools") return Navigate{ViewId::tools};
    if (collection == "classes" || collection == "memberships" || collection == "join_codes")
        return Navigate{ViewId::space};
    return std::nullopt;
}

void open_button(ViewContext& ctx, std::string_view collection, const std::string& id, const std::string& item) {
    const auto open = opener(collection, id);
    if (!open) return;
    if (ui::small_button(tr(ctx.lang(), S::OpenRecord))) {
        // Records shown outside their own view (bases on the map) need the view as well.
        if (std::holds_alternative<SelectBase>(*open)) ctx.out.push(Navigate{ViewId::map});
        ctx.out.push(*open);
    }
    note_item(ctx, item);
}

std::string title_of(const AppState& s, const std::string& collection, const std::string& id, std::string title) {
    if (title.empty() && collection == "bases")
        if (const Base* b = s.find_base(id)) title = b->name;
    return title.empty() ? id : title;
}

std::string reason(Lang l, const api::Error& e) {
    if (const auto p = e.as_problem()) return describe(l, *p);
    return e.message.empty() ? e.code : e.message;
}

void draw_refused(ViewContext& ctx, AttentionViewUi& ui, const RefusedItem& r) {
    const Lang l = ctx.lang();
    ImGui::PushID(r.change_id.c_str());
    ImGui::Separator();
    const auto what = trf(l, S::RefusedWhat, {{"what", collection_label(l, r.collection)},
                                              {"title", title_of(ctx.state, r.collection, r.record_id, r.title)}});
    ImGui::TextUnformatted(what.c_str());
    note_item(ctx, "refused:" + r.change_id);
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(im_vec4(kErrorRgb), "%s", trf(l, S::RefusedWhy, {{"reason", reason(l, r.error)}}).c_str());
    ImGui::PopTextWrapPos();
    note_item(ctx, "refused:why:" + r.change_id);
    if (r.deleted) ImGui::TextDisabled("%s", tr(l, S::RefusedDeleted));
    ImGui::TextDisabled("%s", tr(l, r.reverted ? S::RefusedReverted : S::RefusedReverting));

    const bool open = ui.open_change == r.change_id;
    if (!r.texts.empty()) {
        if (ui::small_button(tr(l, open ? S::HideWritten : S::ShowWritten)))
            ui.open_change = open ? std::string() : r.change_id;
        note_item(ctx, "refused:show:" + r.change_id);
        ImGui::SameLine();
    }
    open_button(ctx, r.collection, r.record_id, "refused:open:" + r.change_id);
    ImGui::SameLine();
    if (ui::small_button(tr(l, S::RetrySend))) ctx.out.push(RetryRefused{r.change_id});
    note_item(ctx, "refused:retry:" + r.change_id);
    ImGui::SameLine();
    // Discarding before the server's state is back would leave the refused
    // value on the device with nothing left to say it is not the server's.
    ImGui::BeginDisabled(!r.reverted);
    if (ui::small_button(tr(l, S::DiscardChange))) ctx.out.push(DiscardRefused{r.change_id});
    ImGui::EndDisabled();
    note_item(ctx, "refused:discard:" + r.change_id);

    if (open)
        for (const auto& [field, text] : r.texts) {
            ImGui::TextDisabled("%s", field_label(l, field).c_str());
            // Read-only but selectable, so the text can be copied elsewhere.
            std::string copy = text;
            ImGui::InputTextMultiline(("##" + field).c_str(), &copy[0], copy.size() + 1,
                                      {-1, ImGui::GetTextLineHeightWithSpacing() * 5}, ImGuiInputTextFlags_ReadOnly);
            note_item(ctx, "refused:text:" + r.change_id + ":" + field);
        }
    ImGui::PopID();
}

}  // namespace

void draw_attention_view(ViewContext& ctx, AttentionViewUi& ui) {
    const SpaceData* data = data_ready(ctx);
    if (!data) return;
    const Lang l = ctx.lang();
    const auto& refused = data->refused();
    const auto conflicts = data->all_open_conflicts();
    if (refused.empty() && conflicts.empty()) {
        ImGui::TextWrapped("%s", tr(l, S::AttentionNone));
        note_item(ctx, "attention:none");
        notice_line(ctx.state.notices.attention);
        return;
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(l, S::AttentionIntro));
    ImGui::PopTextWrapPos();
    notice_line(ctx.state.notices.attention);
    ImGui::BeginChild("##attention", {0, 0});
    if (!refused.empty()) {
        ImGui::SeparatorText(trf(l, S::RefusedHeading, {{"count", refused.size()}}).c_str());
        for (const auto& r : refused) draw_refused(ctx, ui, r);
    }
    if (!conflicts.empty()) {
        ImGui::SeparatorText(trf(l, S::ConflictsHeading, {{"count", conflicts.size()}}).c_str());
        // One panel per field of a record (the panel lists that field's conflicts).
        std::set<std::pair<std::string, std::string>> shown;
        const float w = ImGui::GetContentRegionAvail().x;
        for (const Conflict* c : conflicts) {
            if (!shown.emplace(c->target_id, c->field).second) continue;
            ImGui::PushID(c->id.c_str());
            const auto what = trf(l, S::RefusedWhat,
                                  {{"what", collection_label(l, c->target_collection)},
                                   {"title", title_of(ctx.state, c->target_collection, c->target_id,
                                                      data->record_title(c->target_collection, c->target_id))}});
            ImGui::TextUnformatted(what.c_str());
            ImGui::SameLine();
            open_button(ctx, c->target_collection, c->target_id, "conflict:open:" + c->id);
            draw_conflicts(ctx, *data, c->target_id, c->field, w);
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

}  // namespace zx::client
