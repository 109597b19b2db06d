#pragma once
// Lists as people type them into one field: "数学，物理, chemistry", one item
// per line, dates separated by spaces. One rule for every such field (tags,
// steps, holidays, trip groups, list cells of an import file), so they all
// treat '，' like ',' and blank items alike.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zx::text {

// Separator sets for split_list and split_once.
using Separators = std::span<const std::string_view>;
inline constexpr std::string_view kCommas[] = {",", "，"};                  // "a, b，c"
inline constexpr std::string_view kLines[] = {"\n"};                       // one item per line
inline constexpr std::string_view kItems[] = {",", "，", "、", "\n"};      // tags: any of those
inline constexpr std::string_view kBlanksAndCommas[] = {",", "，", "、", " ", "\n", "\t"};  // dates
inline constexpr std::string_view kSemicolons[] = {";", "；"};             // list cells of a CSV file

// Splits at any of `separators`, trims ASCII blanks and the ideographic space
// (U+3000) around each item, and drops empty items.
std::vector<std::string> split_list(std::string_view text, Separators separators);

// The text before and after the first of `separators`, both trimmed; the
// second is nothing when no separator occurs ("第一组，张老师" -> 第一组, 张老师).
std::pair<std::string, std::optional<std::string>> split_once(std::string_view text, Separators separators);

// Trims ASCII blanks (space, tab, CR, LF) and U+3000 from both ends.
std::string trim(std::string_view text);

}  // namespace zx::text
