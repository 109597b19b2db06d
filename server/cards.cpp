// The card page (cards.hpp):
//   1. QR codes: libqrencode's modules as one SVG path
//   2. the page's words in Chinese and English
//   3. the HTML: A4 sheets of two columns by five rows
#include "cards.hpp"

#include "zx/core/format.hpp"
#include "zx/space/timetable.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>

namespace zx::server {

namespace {

// --- 1. QR codes ----------------------------------------------------------------

constexpr int kQuietZone = 4;  // modules of white around the code, as ISO/IEC 18004 asks

std::string num(double v) {
    std::string s = std::to_string(v);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

}  // namespace

std::string qr_svg(std::string_view text, double size_mm) {
    const std::string z(text);
    // Byte mode, case kept: the payload has lower-case school ids.
    std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString(z.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                        &QRcode_free);
    if (!qr) throw std::runtime_error("libqrencode cannot encode \"" + z + "\"");
    const int w = qr->width;
    const int total = w + 2 * kQuietZone;
    // One path of horizontal runs of dark modules: small, and crisp at any size.
    std::string d;
    for (int y = 0; y < w; ++y)
        for (int x = 0; x < w;) {
            if (!(qr->data[y * w + x] & 1)) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < w && (qr->data[y * w + x + run] & 1)) ++run;
            d += "M" + std::to_string(x + kQuietZone) + "," + std::to_string(y + kQuietZone) + "h" + std::to_string(run) +
                 "v1h-" + std::to_string(run) + "z";
            x += run;
        }
    const auto t = std::to_string(total);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + t + " " + t + "\" width=\"" +
           num(size_mm) + "mm\" height=\"" + num(size_mm) + "mm\" shape-rendering=\"crispEdges\">" +
           "<rect width=\"" + t + "\" height=\"" + t + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + d + "\"/></svg>";
}

namespace {

// --- 2. Words ------------------------------------------------------------------

struct Words {
    const char* title;      // {class}
    const char* hint;       // on screen only
    const char* cls;
    const char* number;
    const char* username;
    const char* code;
    const char* how;        // {date}
    const char* has_password;
    const char* no_number;
};
constexpr Words kZh{"{class} · 学生卡",
                    "按 Ctrl+P（Mac：⌘P）打印，纸张 A4，缩放 100%。再次打印会生成新的首次登录码，之前打印或显示的随即失效。",
                    "班级", "学号", "用户名", "首次登录码",
                    "{date} 前有效。打开知行，选择“首次登录”，输入登录码并设置密码。",
                    "已设置密码，用用户名和密码登录。", "还没有学号：请导入花名册"};
constexpr Words kEn{"{class} · student cards",
                    "Print with Ctrl+P (Mac: ⌘P) on A4 at 100%. Printing again makes new first sign-in codes; those "
                    "printed or shown before stop working.",
                    "Class", "Student no.", "User name", "First sign-in code",
                    "Valid until {date}. Open Zhixing, choose \"First sign-in\", enter the code and set a password.",
                    "Password set: sign in with user name and password.", "No student number yet: import the roster"};

// --- 3. The HTML -----------------------------------------------------------------

std::string esc(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    return out;
}

constexpr int kCardsPerSheet = 10;

// Two columns of 90 mm by five rows of 52 mm with 3 mm gaps: 186 x 272 mm,
// inside A4 (210 x 297 mm) with 10 mm margins; a dashed edge to cut along.
constexpr const char* kStyle = R"css(
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111; }
.sheet { display: grid; grid-template-columns: repeat(2, 90mm); grid-auto-rows: 52mm; gap: 3mm; justify-content: center;
         break-after: page; page-break-after: always; }
.sheet:last-of-type { break-after: auto; page-break-after: auto; }
.card { border: 0.3mm dashed #777; padding: 3mm; display: flex; gap: 3mm; overflow: hidden; break-inside: avoid; }
.qr { flex: none; }
.noqr { flex: none; width: 36mm; height: 36mm; border: 0.3mm solid #bbb; font-size: 8pt; color: #555; padding: 2mm; }
.info { flex: 1; min-width: 0; font-size: 8.5pt; line-height: 1.35; }
.school { font-size: 7.5pt; color: #444; }
.name { font-size: 14pt; font-weight: bold; margin: 0.5mm 0 1mm; overflow-wrap: anywhere; }
.label { color: #555; }
.code { margin-top: 1.5mm; }
.code b { display: block; font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11pt; letter-spacing: 0.4mm; }
.small { font-size: 6.5pt; color: #444; margin-top: 0.8mm; }
.hint { font-size: 11pt; margin: 8mm auto 0; width: 186mm; }
@media screen { body { background: #e8e8e8; } .sheet { background: #fff; width: 210mm; min-height: 297mm; margin: 6mm auto;
                padding: 10mm 0; align-content: start; } }
@media print { .hint { display: none; } }
)css";

void card(std::string& out, const CardSheet& sheet, const Words& w, const CardFace& f) {
    out += "<article class=\"card\" data-student-no=\"" + esc(f.student_no) + "\">";
    out += f.payload.empty() ? std::string("<div class=\"noqr\">") + w.no_number + "</div>" : qr_svg(f.payload);
    out += "<div class=\"info\"><div class=\"school\">" + esc(sheet.school) + "</div>";
    out += "<div class=\"name\">" + esc(f.name) + "</div>";
    auto row = [&](const char* label, const std::string& value, const char* cls) {
        out += std::string("<div class=\"") + cls + "\"><span class=\"label\">" + label + "</span> " + esc(value) + "</div>";
    };
    row(w.cls, sheet.class_name, "class");
    if (!f.student_no.empty()) row(w.number, f.student_no, "number");
    row(w.username, f.username, "username");
    if (!f.first_code.empty()) {
        out += std::string("<div class=\"code\"><span class=\"label\">") + w.code + "</span><b class=\"first-code\">" +
               esc(f.first_code) + "</b></div>";
        const auto date = timetable::format_date_time(f.first_code_expires_at).substr(0, 10);
        out += "<div class=\"small\">" + esc(zx::format(w.how, {{"date", date}})) + "</div>";
    } else {
        out += std::string("<div class=\"small\">") + w.has_password + "</div>";
    }
    out += "</div></article>";
}

}  // namespace

std::string cards_html(const CardSheet& sheet) {
    const Words& w = sheet.lang == "en" ? kEn : kZh;
    const auto title = esc(zx::format(w.title, {{"class", sheet.class_name}}));
    std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(sheet.lang == "en" ? "en" : "zh-CN") +
                      "\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>" + title +
                      "</title><style>" + kStyle + "</style></head><body>\n";
    out += std::string("<p class=\"hint\">") + w.hint + "</p>\n";
    for (size_t i = 0; i < sheet.cards.size(); i += kCardsPerSheet) {
        out += "<section class=\"sheet\">\n";
        for (size_t k = i; k < sheet.cards.size() && k < i + kCardsPerSheet; ++k) {
            card(out, sheet, w, sheet.cards[k]);
            out += '\n';
        }
        out += "</section>\n";
    }
    out += "</body></html>\n";
    return out;
}

std::string cards_gone_html() {
    return "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
           "<title>知行 · 学生卡</title></head><body style=\"font-family: sans-serif; margin: 3em\">"
           "<p>这个打印链接已使用或已过期。请回到知行，在班级中再点一次“打印学生卡”。</p>"
           "<p lang=\"en\">This print link has been used or has expired. Go back to Zhixing and press \"Print cards\" "
           "in the class again.</p></body></html>\n";
}

}  // namespace zx::server
