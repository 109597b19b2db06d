#pragma once
// A Markdown model for notes: the subset students and teachers write —
// headings, paragraphs, bullet/numbered/task lists, quotes, fenced code,
// tables, rules; inline emphasis, strong, strikethrough, code, links, and
// [[wiki links]] between notes by title. The parser never fails: anything it
// does not recognise is text. Rendering is the client's job (client/ui/).
#include <string>
#include <string_view>
#include <vector>

namespace zx::md {

struct Span {
    std::string text;
    bool strong = false;
    bool emphasis = false;
    bool strike = false;
    bool code = false;
    std::string link;  // URL of a [text](url) link or autolink
    std::string wiki;  // note title of a [[wiki link]]
    bool operator==(const Span&) const = default;
};

enum class Align { none, left, center, right };

enum class BlockKind { heading, paragraph, bullet, ordered, task, quote, code, table, rule };

struct Block {
    BlockKind kind = BlockKind::paragraph;
    int level = 0;        // heading 1-6; list nesting depth (0 = top)
    int number = 0;       // ordered list item number
    bool checked = false;  // task items
    std::vector<Span> spans;  // heading, paragraph, list items, quote
    std::string lang;         // code
    std::string code;         // code (verbatim, lines joined by '\n')
    std::vector<std::vector<std::vector<Span>>> rows;  // table: rows of cells; row 0 is the header
    std::vector<Align> align;                          // table column alignment
};

std::vector<Block> parse(std::string_view markdown);
std::vector<Span> parse_inline(std::string_view text);

// Titles of the notes this text links to with [[Title]], in order, without
// duplicates. Code blocks and code spans are not looked into.
std::vector<std::string> wiki_links(std::string_view markdown);

// The text without markup, for previews and search snippets.
std::string plain_text(std::string_view markdown);

}  // namespace zx::md
