// Fuzz target: the Markdown parser of notes (zx::md), which every client runs
// on every note it shows, its own and the ones other users sync to it.
//
// Checked beyond "no crash" (the parser's contract is that it never fails):
// each block is of its documented shape (a heading level 1-6, a table's rows
// as wide as its alignment row), and the other entry points over the same
// text (wiki links, plain text) run too.
#include "decode.hpp"

#include "zx/text/markdown.hpp"

#include <cstddef>
#include <cstdint>
#include <set>

using namespace zx;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto& b : md::parse(text)) {
        if (b.kind == md::BlockKind::heading) fuzz::require(b.level >= 1 && b.level <= 6, "heading level out of 1-6");
        if (b.kind == md::BlockKind::table) {
            fuzz::require(!b.rows.empty(), "a table without its header row");
            for (const auto& row : b.rows)
                fuzz::require(row.size() == b.align.size(), "a table row not as wide as the alignment row");
        }
        fuzz::require(b.level >= 0, "negative nesting level");
    }
    const auto links = md::wiki_links(text);
    fuzz::require(std::set<std::string>(links.begin(), links.end()).size() == links.size(),
                  "wiki_links returned a title twice");
    (void)md::plain_text(text);
    return 0;
}
