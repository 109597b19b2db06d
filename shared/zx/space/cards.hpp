#pragma once
// Flashcards made from note text. Two forms are recognised:
//   问题 :: 答案                 a line with " :: " is a question and its answer
//   {{c1::长江}}是中国最长的河流    cloze deletions (Anki's syntax, with optional
//                                 hints: {{c1::答案::提示}}); one card per cN
#include <string>
#include <string_view>
#include <vector>

namespace zx::cards {

struct Draft {
    std::string key;    // stable for the same text, so making cards twice adds none
    std::string kind;   // "basic" | "cloze"
    std::string front;
    std::string back;
};

std::vector<Draft> from_note(std::string_view body);

}  // namespace zx::cards
