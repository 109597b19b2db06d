// draft_text(): the one place where fields that edit records keep drafts.
#include "platform/platform.hpp"
#include "views/views.hpp"

namespace zx::client {

bool draft_text(ViewContext& ctx, const DraftOf& of, std::string& value, std::string_view saved, const char* id,
                const char* hint, ImVec2 size, int flags) {
    const auto key = draft_key(of.collection, of.record, of.field);
    const auto& entries = ctx.state.drafts.entries;
    const auto it = entries.find(key);
    bool changed = false;
    // Back into its field: a draft kept from before (a restart), or one whose
    // field was loaded again from the record (its note opened again) while
    // the typing is still unsaved. Typing the saved text back by hand is not
    // that case: KeepDraft has made the draft equal to the field by then.
    const bool reloaded = it != entries.end() && it->second.shown && value == saved && it->second.text != value;
    if (it != entries.end() && (!it->second.shown || reloaded)) {
        if (value != it->second.text) {
            value = it->second.text;
            changed = true;
        }
        ctx.out.push(DraftShown{key});
    }
    if (ui::input_text(ctx.platform, id, value, hint, size, flags & ~ui::kInputEnterReturnsTrue)) {
        ctx.out.push(KeepDraft{key, value, std::string(saved)});
        return true;
    }
    // Saved (the record now holds it) or set back: nothing left to keep.
    if (it != entries.end() && it->second.shown && value == saved) ctx.out.push(DropDraft{key});
    return changed;
}

}  // namespace zx::client
