// Search benchmark: full-text search of notes as the client does it (CJK
// bigrams + single characters in FTS5, see zx/text.hpp), over generated notes
// in Chinese and English, against a plain LIKE '%…%' scan of the same rows in
// the same run.
//
//   ./build/bin/zx_search_bench [notes=100000] [out_dir=build/bench-search] [runs=30]
//
// Prints the index build time (tokenizing and inserting through the client's
// own statements), the database size, and p50/p95 latency per query kind for
// both methods. Leaves out_dir/notes.sqlite3 and out_dir/queries.json behind
// for bench/search_browser.mjs, which times the same queries in sqlite-wasm.
#include "sync/replica.hpp"

#include "zx/core/cli.hpp"
#include "zx/sync/model.hpp"
#include "zx/sync/record_sql.hpp"
#include "zx/sync/sqlite.hpp"
#include "zx/text/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace zx;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Vocabulary of school subjects, written for this benchmark. Words repeat
// across subjects on purpose: real notes share common characters (学, 的).
const std::vector<std::vector<const char*>> kZhWords = {
    {"数学", "函数", "二次函数", "图像", "方程", "不等式", "三角形", "勾股定理", "概率", "统计", "坐标", "向量",
     "几何", "代数", "平面", "对称", "面积", "体积", "因式分解", "证明"},
    {"物理", "力学", "速度", "加速度", "摩擦力", "重力", "电路", "电流", "电压", "磁场", "光的折射", "能量守恒",
     "浮力", "压强", "杠杆", "功率", "温度", "声音"},
    {"化学", "元素", "分子", "原子", "化学反应", "氧化", "溶液", "酸碱", "催化剂", "实验", "试管", "燃烧", "金属",
     "盐", "水的电解"},
    {"生物", "细胞", "光合作用", "呼吸作用", "遗传", "基因", "生态系统", "食物链", "湿地", "候鸟", "白鹭", "植物",
     "动物", "微生物", "叶绿体", "种子", "发芽"},
    {"地理", "长江流域", "黄河", "地形", "气候", "季风", "等高线", "经纬度", "人口", "城市", "农业", "河流", "山脉",
     "平原", "盆地", "湖泊", "西湖", "钱塘江"},
    {"历史", "朝代", "丝绸之路", "运河", "大运河", "古代", "近代", "改革", "文物", "博物馆", "遗址", "考古", "宋代",
     "唐朝", "明清"},
    {"语文", "古诗", "文言文", "作文", "阅读", "修辞", "比喻", "拟人", "散文", "小说", "诗人", "李白", "杜甫",
     "苏轼", "背诵", "成语"},
    {"研学", "研学旅行", "基地", "营地", "考察", "调查", "采访", "观察记录", "小组合作", "安全", "路线", "集合",
     "任务单", "研究报告", "展示", "反思"},
    {"学习", "复习", "预习", "笔记", "错题", "总结", "计划", "课堂", "老师", "同学", "作业", "考试", "知识点",
     "重点", "难点", "方法"},
};
const std::vector<const char*> kZhGlue = {"的", "和", "是", "在", "有", "了", "与", "及", "中", "对", "把", "从",
                                         "要", "会", "我们", "可以", "通过", "发现", "理解", "注意"};
const std::vector<const char*> kEnWords = {
    "photosynthesis", "river", "wetland", "function", "equation", "triangle", "probability", "energy", "force",
    "velocity", "circuit", "current", "magnet", "molecule", "atom", "reaction", "solution", "cell", "gene",
    "ecosystem", "climate", "monsoon", "canal", "dynasty", "museum", "poem", "essay", "reading", "field",
    "trip", "survey", "interview", "report", "review", "homework", "exam", "summary", "plan", "method",
    "the", "of", "and", "in", "to", "is", "a", "with", "for", "on", "we", "observe", "measure", "record",
    "compare", "explain", "why", "how", "water", "light", "plant", "bird", "city", "mountain", "lake",
};
const std::vector<const char*> kLatinInZh = {"DNA", "Python", "km", "pH", "GPS", "PPT", "CO2", "3D", "AI", "Excel"};

struct Gen {
    std::mt19937_64 rng{20261123};
    size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

    // A note's length in characters: mostly short, some long (a lesson summary).
    size_t length() {
        const double r = std::uniform_real_distribution<double>(0, 1)(rng);
        if (r < 0.70) return 40 + pick(160);
        if (r < 0.95) return 200 + pick(800);
        return 1000 + pick(3000);
    }
    std::string zh_text(size_t subject, size_t chars) {
        std::string out;
        size_t n = 0, since_punct = 0;
        while (n < chars) {
            const char* w;
            if (chance(0.35)) w = kZhGlue[pick(kZhGlue.size())];
            else if (chance(0.8)) w = kZhWords[subject][pick(kZhWords[subject].size())];
            else if (chance(0.9)) {
                const auto& other = kZhWords[pick(kZhWords.size())];
                w = other[pick(other.size())];
            } else {
                out += ' ';
                out += kLatinInZh[pick(kLatinInZh.size())];
                out += ' ';
                n += 3;
                continue;
            }
            out += w;
            const size_t k = text::decode(w).size();
            n += k;
            since_punct += k;
            if (since_punct > 8 && chance(0.25)) {
                out += chance(0.7) ? "，" : "。";
                since_punct = 0;
                ++n;
            }
        }
        return out + "。";
    }
    std::string en_text(size_t chars) {
        std::string out;
        while (out.size() < chars) {
            if (!out.empty()) out += chance(0.08) ? ". " : " ";
            out += kEnWords[pick(kEnWords.size())];
        }
        return out + ".";
    }
};

struct Query {
    const char* text;
    const char* kind;
};
// One- and two-character words, longer phrases, English words and prefixes,
// mixed queries, and words that occur nowhere.
const std::vector<Query> kQueries = {
    {"研", "1 CJK char"},          {"鹭", "1 CJK char"},          {"学", "1 CJK char"},
    {"研学", "2 CJK chars"},       {"数学", "2 CJK chars"},       {"湿地", "2 CJK chars"},
    {"光合作用", "CJK phrase"},    {"长江流域", "CJK phrase"},    {"二次函数图像", "CJK phrase"},
    {"photosynthesis", "English"}, {"river", "English"},          {"prob", "English"},
    {"Python 函数", "mixed"},      {"DNA 基因", "mixed"},         {"wetland 候鸟", "mixed"},
    {"量子纠缠", "no match"},      {"zebra", "no match"},
};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// The LIKE baseline: every whitespace-separated term must occur in the title
// or the body, as a substring; first 50 rows, unranked (LIKE cannot rank).
std::pair<std::string, json> like_statement(const std::string& q) {
    std::string sql = "SELECT id FROM notes WHERE deleted = 0";
    json params = json::array();
    size_t start = 0;
    while (start < q.size()) {
        size_t end = q.find(' ', start);
        if (end == std::string::npos) end = q.size();
        if (end > start) {
            params.push_back("%" + q.substr(start, end - start) + "%");
            const auto i = std::to_string(params.size());
            sql += " AND (title LIKE ?" + i + " OR body LIKE ?" + i + ")";
        }
        start = end + 1;
    }
    return {sql + " LIMIT 50", params};
}

}  // namespace

int main(int argc, char** argv) {
    int n = 100000;
    std::string out_dir = "build/bench-search";
    int runs = 30;
    zx::cli::Parser cli("zx_search_bench",
                        "Search benchmark: builds the client's full-text index over NOTES generated notes and\n"
                        "times each query kind against a LIKE scan; leaves notes.sqlite3 and queries.json in\n"
                        "OUT_DIR for bench/search_browser.mjs.");
    cli.integer("NOTES", "", "notes to generate", n, 1, 10'000'000);
    cli.text("OUT_DIR", "", "folder for notes.sqlite3 and queries.json, replaced if there", out_dir);
    cli.integer("RUNS", "", "timed runs of each query", runs, 1, 100'000);
    if (const auto r = cli.parse(argc, argv); r.exit) {
        std::fputs(r.text.c_str(), r.to_stderr() ? stderr : stdout);
        return r.exit_code;
    }
    const fs::path out = out_dir;
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows up when piped
    fs::create_directories(out);
    const auto path = out / "notes.sqlite3";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);

    // --- Generate ----------------------------------------------------------------
    Gen gen;
    std::vector<sync::Record> notes;
    notes.reserve(n);
    size_t text_bytes = 0;
    for (int i = 0; i < n; ++i) {
        sync::Record r;
        r.collection = "notes";
        r.id = "note-" + std::to_string(i);
        const size_t subject = gen.pick(kZhWords.size());
        const bool english = gen.chance(0.2);
        const size_t len = gen.length();
        std::string title = english ? gen.en_text(10 + gen.pick(30)) : gen.zh_text(subject, 4 + gen.pick(12));
        std::string body = english ? gen.en_text(len * 3) : gen.zh_text(subject, len);
        text_bytes += title.size() + body.size();
        r.fields = {{"owner_id", "u-bench"}, {"title", std::move(title)}, {"body", std::move(body)},
                    {"subject", kZhWords[subject][0]}, {"tags", json::array()}, {"pinned", false},
                    {"created_at", 1760000000000 + i}};
        notes.push_back(std::move(r));
    }

    // --- Tokenize alone (the CPU part of indexing) ----------------------------------
    auto t0 = Clock::now();
    size_t token_bytes = 0;
    for (const auto& r : notes)
        token_bytes += text::index_tokens(r.fields["title"].get<std::string>()).size() +
                       text::index_tokens(r.fields["body"].get<std::string>()).size();
    const double tokenize_ms = ms_since(t0);

    // --- Build the store through the client's own statements --------------------------
    db::Connection c(path.string());
    c.migrate();
    c.exec("PRAGMA synchronous = NORMAL");  // the desktop client's setting
    const auto* spec = model::find_collection("notes");
    const auto upsert = record_sql::upsert(*spec);
    auto run = [&](const client::Statements& st) {
        for (const auto& s : st) c.query(s.sql, s.params);
    };
    // Rows without the index, to say what the index costs on disk.
    t0 = Clock::now();
    for (int b = 0; b < n; b += 1000)
        db::transaction(c, [&] {
            for (int i = b; i < std::min(n, b + 1000); ++i) c.query(upsert, record_sql::params(*spec, notes[i]));
        });
    const double rows_ms = ms_since(t0);
    c.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const auto rows_bytes = fs::file_size(path);

    t0 = Clock::now();
    for (int b = 0; b < n; b += 1000)
        db::transaction(c, [&] {
            for (int i = b; i < std::min(n, b + 1000); ++i) run(client::Replica::index_statements(notes[i]));
        });
    const double index_ms = ms_since(t0);
    t0 = Clock::now();
    c.exec("INSERT INTO note_search(note_search) VALUES('optimize')");
    const double optimize_ms = ms_since(t0);
    c.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    c.exec("VACUUM");
    const auto total_bytes = fs::file_size(path);

    // The FTS5 build alone (no tokenizing), for comparison with sqlite-wasm.
    t0 = Clock::now();
    c.exec("CREATE VIRTUAL TABLE rebuild_probe USING fts5(title, body, tokenize = 'ascii');"
           "INSERT INTO rebuild_probe(rowid, title, body) SELECT rowid, title, body FROM note_search;");
    const double fts_only_ms = ms_since(t0);
    c.exec("DROP TABLE rebuild_probe");
    c.exec("VACUUM");

    std::printf("search benchmark: %d notes, %.1f MB of text (%d%% English), %.1f MB of index tokens\n", n,
                static_cast<double>(text_bytes) / 1e6, 20, static_cast<double>(token_bytes) / 1e6);
    std::printf("\nindex build (native):\n");
    std::printf("  store rows, no index        %8.0f ms\n", rows_ms);
    std::printf("  tokenize only (CPU)         %8.0f ms  (%.1f µs/note)\n", tokenize_ms, tokenize_ms * 1000 / n);
    std::printf("  tokenize + FTS5 insert      %8.0f ms\n", index_ms);
    std::printf("  FTS5 optimize               %8.0f ms\n", optimize_ms);
    std::printf("  FTS5 insert of tokens only  %8.0f ms  (compare with the browser)\n", fts_only_ms);
    std::printf("database size: %.1f MB (rows alone %.1f MB, index %.1f MB)\n",
                static_cast<double>(total_bytes) / 1e6, static_cast<double>(rows_bytes) / 1e6,
                static_cast<double>(total_bytes - rows_bytes) / 1e6);

    // --- Queries ------------------------------------------------------------------
    json exported = json::array();
    std::map<std::string, std::vector<double>> fts_by_kind, like_by_kind;
    std::vector<double> fts_all, like_all;
    std::printf("\n%-16s %-12s %8s %8s %9s %9s %9s %9s %7s\n", "query", "kind", "fts hits", "like hit", "fts p50",
                "fts p95", "like p50", "like p95", "ratio");
    bool all_hits_contain_terms = true;
    for (const auto& q : kQueries) {
        const auto fts = client::Replica::search_statement(q.text, 50);
        const auto [like_sql, like_params] = like_statement(q.text);
        auto fts_rows = c.query(fts->sql, fts->params);  // warm up, and check what it found
        auto like_rows = c.query(like_sql, like_params);
        const auto total = c.query("SELECT count(*) FROM note_search WHERE note_search MATCH ?1",
                                   json::array({fts->params[0]}))[0][0].get<int64_t>();
        // Every hit must really contain every term (the index cannot invent matches).
        for (const auto& row : fts_rows) {
            const int idx = std::stoi(row[0].get<std::string>().substr(5));
            const auto& f = notes[idx].fields;
            const auto s = text::snippet(f["title"].get<std::string>() + " " + f["body"].get<std::string>(), q.text);
            if (s.hits.empty()) all_hits_contain_terms = false;
        }
        std::vector<double> ft, lk;
        for (int i = 0; i < runs; ++i) {
            auto t = Clock::now();
            c.query(fts->sql, fts->params);
            ft.push_back(ms_since(t));
            t = Clock::now();
            c.query(like_sql, like_params);
            lk.push_back(ms_since(t));
        }
        const double fp95 = percentile(ft, 0.95), lp95 = percentile(lk, 0.95);
        std::printf("%-16s %-12s %8lld %8zu %7.2fms %7.2fms %7.2fms %7.2fms %6.1fx\n", q.text, q.kind,
                    static_cast<long long>(total), like_rows.size(), percentile(ft, 0.5), fp95, percentile(lk, 0.5),
                    lp95, lp95 / fp95);
        auto& fk = fts_by_kind[q.kind];
        fk.insert(fk.end(), ft.begin(), ft.end());
        auto& lkk = like_by_kind[q.kind];
        lkk.insert(lkk.end(), lk.begin(), lk.end());
        fts_all.insert(fts_all.end(), ft.begin(), ft.end());
        like_all.insert(like_all.end(), lk.begin(), lk.end());
        exported.push_back({{"query", q.text}, {"kind", q.kind}, {"fts_sql", fts->sql}, {"fts_params", fts->params},
                            {"like_sql", like_sql}, {"like_params", like_params}, {"fts_hits", fts_rows.size()},
                            {"like_hits", like_rows.size()}, {"native_fts_p95", fp95}, {"native_like_p95", lp95}});
    }
    std::printf("\n%-29s %9s %9s %9s %9s %7s\n", "all queries, by kind", "fts p50", "fts p95", "like p50", "like p95",
                "ratio");
    for (const auto& [kind, ft] : fts_by_kind) {
        const auto& lk = like_by_kind[kind];
        std::printf("%-29s %7.2fms %7.2fms %7.2fms %7.2fms %6.1fx\n", kind.c_str(), percentile(ft, 0.5),
                    percentile(ft, 0.95), percentile(lk, 0.5), percentile(lk, 0.95),
                    percentile(lk, 0.95) / percentile(ft, 0.95));
    }
    std::printf("%-29s %7.2fms %7.2fms %7.2fms %7.2fms %6.1fx\n", "ALL", percentile(fts_all, 0.5),
                percentile(fts_all, 0.95), percentile(like_all, 0.5), percentile(like_all, 0.95),
                percentile(like_all, 0.95) / percentile(fts_all, 0.95));
    std::printf("aim: p95 under 20 ms natively -> %s; every FTS hit contains the query: %s\n",
                percentile(fts_all, 0.95) < 20 ? "met" : "NOT met", all_hits_contain_terms ? "yes" : "NO");

    c.exec("PRAGMA journal_mode = DELETE");  // one self-contained file for the browser run
    std::ofstream(out / "queries.json")
        << json{{"notes", n}, {"runs", runs}, {"db_bytes", total_bytes}, {"native_fts_only_ms", fts_only_ms},
                {"native_fts_p95", percentile(fts_all, 0.95)}, {"native_like_p95", percentile(like_all, 0.95)},
                {"queries", exported}}
               .dump(1);
    return all_hits_contain_terms ? 0 : 1;
}
