// Hot paths of the client, the C++ side of bench/wasm_native.mjs, which runs
// this program natively and as WebAssembly under node (the same source and
// inputs) in one run and prints the ratios. Not a test; run by hand:
//
//   node bench/wasm_native.mjs [--build build]
//
//   zx_hot_bench OUT.json [--font FILE] [--runs N]
// Workloads (inputs made here from fixed seeds, identical in both builds):
//   tokenise   index_tokens() over 2,000 notes of mixed Chinese and Latin text
//              (about 1 MB), as the search index is fed
//   snippet    snippet() of 2,000 notes for a two-character query
//   markdown   md::parse() of a 256 KB note (headings, lists, tables, code, links)
//   timetable  expand() of 40 weekly entries, odd/even weeks, over a school year
//   frame      one Dear ImGui frame (NewFrame to Render, no GPU) of a list of
//              1,000 bases with buttons and 30 wrapped paragraphs, in the UI font
// OUT: {"workloads": [{"name", "what", "ms": [per run], "check": N}]}; `check`
// is a count from the result, equal in both builds, so both did the same work.
#include "zx/core/cli.hpp"
#include "zx/space/timetable.hpp"
#include "zx/text/markdown.hpp"
#include "zx/text/text.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;
namespace tt = zx::timetable;

// xorshift32: the same sequence on every platform.
struct Rand {
    uint32_t s;
    uint32_t next() {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        return s;
    }
    size_t below(size_t n) { return next() % n; }
};

const char* const kHan[] = {"研", "学", "基", "地", "博", "物", "馆", "自", "然", "科", "技", "历", "史", "文", "化",
                            "浙", "江", "杭", "州", "宁", "波", "温", "绍", "兴", "湖", "山", "水", "茶", "农", "业",
                            "课", "程", "活", "动", "学", "生", "老", "师", "家", "长", "安", "全", "实", "践", "的"};
const char* const kLatin[] = {"STEM", "museum", "AI", "3D", "Python", "GPS", "team", "lab", "2026", "PBL"};

std::string sentence(Rand& r, size_t chars) {
    std::string s;
    for (size_t i = 0; i < chars; ++i) {
        if (r.below(12) == 0) {
            s += ' ';
            s += kLatin[r.below(std::size(kLatin))];
            s += ' ';
        } else {
            s += kHan[r.below(std::size(kHan))];
        }
        if (r.below(25) == 0) s += "，";
    }
    return s + "。";
}

std::vector<std::string> notes(size_t n) {
    Rand r{12345};
    std::vector<std::string> out;
    for (size_t i = 0; i < n; ++i) {
        std::string t;
        for (int p = 0; p < 4; ++p) t += sentence(r, 30 + r.below(60)) + "\n";
        out.push_back(std::move(t));
    }
    return out;
}

std::string big_markdown(size_t bytes) {
    Rand r{777};
    std::string md;
    int section = 0;
    while (md.size() < bytes) {
        md += "## 第" + std::to_string(++section) + "节 " + sentence(r, 8) + "\n\n";
        md += sentence(r, 80) + " **重点** 和 *提示*，见 [[研学手册]] 与 [链接](https://example.org/" +
              std::to_string(section) + ")。\n\n";
        for (int i = 0; i < 5; ++i) md += "- " + sentence(r, 15) + " `code`\n";
        md += "\n1. 第一步\n2. 第二步 ~~删除~~\n\n";
        md += "| 项目 | 时间 | 地点 |\n|:--|:-:|--:|\n";
        for (int i = 0; i < 4; ++i) md += "| " + sentence(r, 4) + " | 09:00 | " + sentence(r, 3) + " |\n";
        md += "\n> " + sentence(r, 30) + "\n\n```\nint x = " + std::to_string(section) + ";\n```\n\n";
    }
    return md;
}

std::vector<tt::Entry> week_entries() {
    std::vector<tt::Entry> out;
    const char* titles[] = {"语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理"};
    for (int i = 0; i < 40; ++i) {
        tt::Entry e;
        e.id = "e" + std::to_string(i);
        e.title = titles[i % 8];
        e.location = "教室 " + std::to_string(101 + i % 6);
        e.weekday = 1 + i % 5;
        e.start_min = 8 * 60 + (i / 5) * 50;
        e.end_min = e.start_min + 45;
        e.weeks = i % 7 == 0 ? tt::Weeks::odd : i % 11 == 0 ? tt::Weeks::even : tt::Weeks::all;
        out.push_back(e);
    }
    return out;
}

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// One workload: `fn` returns its check count; timed `runs` times after one
// untimed warm-up run (caches, and the wasm engine's optimising tier).
json measure(const char* name, const char* what, int runs, const std::function<uint64_t()>& fn) {
    const uint64_t check = fn();
    json ms = json::array();
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        const uint64_t c = fn();
        ms.push_back(ms_since(t0));
        if (c != check) throw std::runtime_error(std::string(name) + ": results differ between runs");
    }
    return {{"name", name}, {"what", what}, {"ms", ms}, {"check", check}};
}

// The frame: a bases list and wrapped text, as the map and knowledge views draw.
uint64_t draw_frame(const std::vector<std::string>& names, const std::vector<std::string>& paragraphs) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = {1280, 800};
    io.DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize({1280, 800});
    ImGui::Begin("bench", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::BeginChild("list", {420, 0});
    for (size_t i = 0; i < names.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::Selectable(names[i].c_str(), i == 7);
        ImGui::SameLine(300);
        ImGui::SmallButton("选择");
        ImGui::TextDisabled("★ %.1f · %d 人/天", 3.0 + static_cast<double>(i % 20) / 10.0, 100 + static_cast<int>(i));
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("text");
    for (const auto& p : paragraphs) {
        ImGui::TextWrapped("%s", p.c_str());
        ImGui::Separator();
    }
    ImGui::EndChild();
    ImGui::End();
    ImGui::Render();
    return static_cast<uint64_t>(ImGui::GetDrawData()->TotalVtxCount);
}

}  // namespace

int main(int argc, char** argv) {
    std::string out_path, font;
    int runs = 7;
    zx::cli::Parser cli("zx_hot_bench",
                        "The client's hot paths (search tokens, snippets, Markdown, timetable expansion, an ImGui\n"
                        "frame), timed; run natively and as WebAssembly by bench/wasm_native.mjs.");
    cli.text("OUT.json", "", "where the timings go", out_path).required();
    cli.text("--font", "FILE", "UI font for the frame (default: ImGui's built-in font)", font);
    cli.integer("--runs", "N", "timed runs of each workload", runs, 1, 1000);
    if (const auto r = cli.parse(argc, argv); r.exit) {
        std::fputs(r.text.c_str(), r.to_stderr() ? stderr : stdout);
        return r.exit_code;
    }
    try {
        json workloads = json::array();
        const auto texts = notes(2000);
        workloads.push_back(measure("tokenise", "index_tokens() of 2,000 notes (~1 MB)", runs, [&] {
            uint64_t n = 0;
            for (const auto& t : texts) n += zx::text::index_tokens(t).size();
            return n;
        }));
        workloads.push_back(measure("snippet", "snippet() of 2,000 notes for a 2-character query", runs, [&] {
            uint64_t n = 0;
            for (const auto& t : texts) n += zx::text::snippet(t, "博物").hits.size();
            return n;
        }));
        const std::string md = big_markdown(256 * 1024);
        workloads.push_back(measure("markdown", "md::parse() of a 256 KB note", runs, [&] {
            uint64_t n = 0;
            for (const auto& b : zx::md::parse(md)) n += b.spans.size() + b.rows.size() + 1;
            return n;
        }));
        const auto entries = week_entries();
        tt::Term term{"t", "2026学年", {2026, 9, 1}, {2027, 7, 10}, {{2026, 10, 1}, {2026, 10, 2}, {2027, 1, 28}}};
        workloads.push_back(measure("timetable", "expand() of 40 weekly entries over a school year, x20", runs, [&] {
            uint64_t n = 0;
            for (int k = 0; k < 20; ++k) n += tt::expand(entries, &term, term.start, term.end).size();
            return n;
        }));

        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        if (!font.empty()) {
            ImFontConfig cfg;
            if (!io.Fonts->AddFontFromFileTTF(font.c_str(), 18.0f, &cfg, io.Fonts->GetGlyphRangesChineseFull()))
                throw std::runtime_error("cannot load the font " + font);
        } else {
            io.Fonts->AddFontDefault();
        }
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsAlpha8(&px, &w, &h);
        std::vector<std::string> names, paragraphs;
        Rand r{99};
        for (int i = 0; i < 1000; ++i) names.push_back(sentence(r, 6 + r.below(6)) + "研学基地");
        for (int i = 0; i < 30; ++i) paragraphs.push_back(sentence(r, 120));
        for (int i = 0; i < 3; ++i) draw_frame(names, paragraphs);  // windows and tables settle
        workloads.push_back(measure("frame", "an ImGui frame: 1,000 list rows and 30 wrapped paragraphs, x10", runs,
                                    [&] {
                                        uint64_t n = 0;
                                        for (int k = 0; k < 10; ++k) n += draw_frame(names, paragraphs);
                                        return n;
                                    }));
        ImGui::DestroyContext();

        std::ofstream out(out_path, std::ios::binary);
        out << json{{"workloads", workloads}}.dump() << '\n';
        if (!out) throw std::runtime_error("cannot write " + out_path);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "zx_hot_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
