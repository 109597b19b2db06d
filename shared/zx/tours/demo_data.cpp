#include "zx/tours/demo_data.hpp"

#include "zx/core/error.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

namespace zx {

namespace {

std::vector<std::string_view> split(std::string_view line, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (true) {
        size_t pos = line.find(sep, start);
        out.push_back(line.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return out;
}

// strtod, not from_chars: Emscripten's libc++ 14 has no floating-point
// from_chars. Our programs never call setlocale, so '.' is the decimal point.
double parse_double(std::string_view s, const char* what, size_t line_no) {
    const std::string text(s);
    char* end = nullptr;
    const double v = text.empty() ? 0 : std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size())
        throw ValidationError("line " + std::to_string(line_no) + ": " + what + " \"" + std::string(s) +
                              "\" is not a number");
    return v;
}

}  // namespace

std::vector<Base> parse_bases_tsv(std::string_view text) {
    static constexpr std::array<std::string_view, 9> kColumns{"id",       "name",    "category", "level", "city",
                                                              "district", "address", "lat",      "lon"};
    std::array<int, kColumns.size()> col{};
    col.fill(-1);
    bool have_header = false;
    std::vector<Base> out;
    std::set<std::string, std::less<>> ids;
    size_t line_no = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        auto fields = split(line, '\t');
        auto fail = [&](const std::string& msg) -> ValidationError {
            return ValidationError("line " + std::to_string(line_no) + ": " + msg);
        };
        if (!have_header) {
            for (size_t i = 0; i < fields.size(); ++i)
                for (size_t c = 0; c < kColumns.size(); ++c)
                    if (fields[i] == kColumns[c]) col[c] = static_cast<int>(i);
            for (size_t c = 0; c < kColumns.size(); ++c)
                if (col[c] < 0) throw fail("header has no column \"" + std::string(kColumns[c]) + "\"");
            have_header = true;
            continue;
        }
        auto field = [&](size_t c) -> std::string_view {
            const auto i = static_cast<size_t>(col[c]);
            if (i >= fields.size())
                throw fail("has " + std::to_string(fields.size()) + " fields, column \"" + std::string(kColumns[c]) +
                           "\" is missing");
            return fields[i];
        };
        Base b;
        b.id = field(0);
        b.name = field(1);
        auto cat = category_from_code(field(2));
        if (!cat) throw fail("unknown category \"" + std::string(field(2)) + "\"");
        b.category = *cat;
        auto lvl = level_from_code(field(3));
        if (!lvl) throw fail("unknown level \"" + std::string(field(3)) + "\"");
        b.level = *lvl;
        b.city = field(4);
        b.district = field(5);
        b.address = field(6);
        b.lat = parse_double(field(7), "lat", line_no);
        b.lon = parse_double(field(8), "lon", line_no);
        b.demo = true;
        if (auto e = validate(b)) throw fail(e->message);
        if (!ids.insert(b.id).second) throw fail("duplicate id \"" + b.id + "\"");
        out.push_back(std::move(b));
    }
    if (!have_header) throw ValidationError("no header line (expected columns id, name, category, ...)");
    return out;
}

namespace {
// FNV-1a: a stable hash of the id, the same on every platform.
uint32_t stable_hash(std::string_view s, uint32_t salt) {
    uint32_t h = 2166136261u ^ salt;
    for (unsigned char c : s) h = (h ^ c) * 16777619u;
    return h;
}
}  // namespace

void add_demo_details(Base& b) {
    auto pick = [&](uint32_t salt, uint32_t n) { return stable_hash(b.id, salt) % n; };
    static constexpr int kCapacities[] = {120, 200, 300, 500, 800, 1200};
    b.capacity = kCapacities[pick(1, 6)];
    static constexpr int kGradeBands[][2] = {{1, 6}, {3, 9}, {4, 12}, {7, 12}, {1, 12}};
    const auto& band = kGradeBands[pick(2, 5)];
    b.grade_min = band[0];
    b.grade_max = band[1];
    b.open_min = pick(3, 2) ? 8 * 60 + 30 : 9 * 60;
    b.close_min = pick(4, 2) ? 17 * 60 : 16 * 60 + 30;
    b.closed_weekdays.clear();
    if (pick(5, 3) != 0) b.closed_weekdays.push_back(1);  // most bases close on Mondays
    b.closed_dates = {};
    static const char* const kCourses[][3] = {
        {"湿地生态观察", "植物标本制作", "水质检测"},          // nature
        {"古建筑寻访", "非遗手工体验", "地方史讲座"},          // history
        {"红色故事宣讲", "革命旧址参观", "重走红军路"},        // red
        {"科学实验工坊", "机器人编程", "天文观测"},            // science
        {"农耕体验", "茶叶采摘与制作", "木工劳作"},            // labor
        {"国防知识讲座", "应急避险演练", "军事技能体验"},      // defense
        {"陶艺制作", "书法与篆刻", "戏曲欣赏"},                // arts
    };
    const auto& courses = kCourses[static_cast<size_t>(b.category)];
    b.courses.assign(courses, courses + 2 + pick(6, 2));
    b.safety = "集合点在游客中心门口；请带队老师全程清点人数，雨天注意防滑。";
    char phone[32];
    std::snprintf(phone, sizeof phone, "0571%08u", static_cast<unsigned>(stable_hash(b.id, 7) % 100000000u));
    b.contact = mask_contact(std::string("接待处 ") + phone);
    b.status = pick(8, 40) == 0 ? BaseStatus::full : BaseStatus::open;
}

}  // namespace zx
