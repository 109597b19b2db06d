#include "zx/tours/student_card.hpp"

#include "zx/sync/model.hpp"
#include "zx/text/text.hpp"

namespace zx {

namespace {
constexpr std::string_view kPrefix = "ZX1:S:";
}

bool valid_student_no(std::string_view no) {
    if (no.empty() || no.size() > 32) return false;
    for (const char c : no)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

std::string card_payload(std::string_view school_id, std::string_view student_no) {
    return std::string(kPrefix) + std::string(school_id) + ":" + std::string(student_no);
}

std::optional<ScannedCode> parse_scanned_code(std::string_view line) {
    // Fold what a phone keyboard or an IME may type (full-width forms), drop
    // spaces, upper-case letters: student numbers are compared as stored.
    std::string s;
    for (char32_t c : text::decode(line)) {
        if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000) continue;
        if (c >= 0x80) return std::nullopt;
        s += static_cast<char>(c);
    }
    ScannedCode out;
    if (s.size() > kPrefix.size() && s.compare(0, kPrefix.size(), kPrefix) == 0) {
        const auto rest = std::string_view(s).substr(kPrefix.size());
        const auto colon = rest.find(':');
        if (colon == std::string_view::npos) return std::nullopt;
        out.school_id = std::string(rest.substr(0, colon));
        out.student_no = std::string(rest.substr(colon + 1));
        if (!model::valid_id(out.school_id)) return std::nullopt;
    } else {
        out.student_no = s;
    }
    for (auto& c : out.student_no)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!valid_student_no(out.student_no)) return std::nullopt;
    return out;
}

}  // namespace zx
