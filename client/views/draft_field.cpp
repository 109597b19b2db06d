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
    if (it != entries.end() && !it->second.shown) {  // kept from before: back into its field
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
