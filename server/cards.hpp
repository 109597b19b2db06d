#pragma once
// The printable page of a class's student cards: A4 sheets of ten cards,
// each with the student's name, class, number, user name, the QR code of
// zx::card_payload (what the kiosks read) and, while the student has not
// signed in yet, their first sign-in code. The QR codes are made by Debian's
// libqrencode and drawn as inline SVG, so the page needs nothing else: no
// script, no image requests, nothing another site could read.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zx::server {

// The SVG of the QR code (error correction M, 4 modules of quiet zone) of
// `text`, one <svg> element with its own xmlns, `size_mm` wide and high.
// Throws std::runtime_error if libqrencode cannot encode it (too long).
std::string qr_svg(std::string_view text, double size_mm = 36);

struct CardFace {
    std::string name;        // as people read it
    std::string student_no;  // "" when the student has none yet (no QR then)
    std::string username;
    std::string payload;     // zx::card_payload(school, number), "" without a number
    std::string first_code;  // "" once the student has a password
    int64_t first_code_expires_at = 0;
};

struct CardSheet {
    std::string lang = "zh-CN";  // "zh-CN" or "en": the page's words
    std::string school;
    std::string class_name;
    std::vector<CardFace> cards;
};

// The whole page (UTF-8 HTML). Every text from the database is escaped.
std::string cards_html(const CardSheet& sheet);
// The page shown for a ticket that is unknown, used or expired, in both languages.
std::string cards_gone_html();

}  // namespace zx::server
