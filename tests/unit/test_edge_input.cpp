// The shared readers that untrusted text reaches (issue 10, item 1): the
// depth-checked JSON parse at every program's edge, sizes measured without
// serialising, integers that must not wrap, and the GeoJSON and Markdown
// readers, which must stay iterative whatever depth the input asks for.
// Each deep input here is far beyond what recursion over it could survive
// on a thread's stack, so a reader that recursed would end this process.
#include "zx/core/strict_json.hpp"
#include "zx/sync/sync.hpp"
#include "zx/text/markdown.hpp"
#include "zx/tours/base_io.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

using nlohmann::json;
using namespace zx;

namespace {

// `n` arrays inside each other around `inner`, as text: building it as a
// json value would itself recurse n deep to dump it.
std::string nested(size_t n, const std::string& inner = "") { return std::string(n, '[') + inner + std::string(n, ']'); }

// `n` objects inside each other ({"k":{"k":…}}), as text.
std::string nested_objects(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += "{\"k\":";
    s += "1";
    return s + std::string(n, '}');
}

// The concatenated text of `spans`.
std::string text_of(const std::vector<md::Span>& spans) {
    std::string out;
    for (const auto& s : spans) out += s.text;
    return out;
}

}  // namespace

// --- The depth-checked parse -------------------------------------------------------

TEST_CASE("strict::parse reads nesting up to kMaxDepth and refuses one level more, unparsed") {
    const auto limit = strict::kMaxDepth;
    CHECK(strict::parse(nested(limit, "7"), "body").is_array());
    CHECK(strict::parse(nested_objects(limit), "body").is_object());
    CHECK_FALSE(strict::too_deep_at(nested(limit)));
    // The offset is that of the bracket which opens level limit + 1.
    CHECK(strict::too_deep_at(nested(limit + 1)) == limit);
    CHECK(strict::too_deep_at(nested_objects(limit + 1)) == limit * 5);
    for (const auto& text : {nested(limit + 1), nested_objects(limit + 1), nested(500'000), nested_objects(200'000)}) {
        try {
            (void)strict::parse(text, "request body");
            FAIL("parsed a value nested deeper than the limit");
        } catch (const ValidationError& e) {
            CHECK(e.problem().code == Code::too_deep);
            CHECK(e.problem().field == "request body");
            CHECK(e.problem().param("max") == std::to_string(limit));
        }
    }
}

TEST_CASE("brackets inside strings are text, escaped quotes and backslashes included") {
    const auto limit = strict::kMaxDepth;
    // A string full of brackets and an escaped quote inside one array.
    const std::string brackets = "[\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"]";
    CHECK_FALSE(strict::too_deep_at(brackets));
    CHECK(strict::parse(brackets, "body").at(0).get<std::string>().size() == 2001);
    // "\\" ends its string: the brackets after it count.
    const std::string after_backslash = "[\"\\\\\"," + nested(limit) + "]";
    REQUIRE(json::accept(after_backslash));
    CHECK(strict::too_deep_at(after_backslash) == std::string_view("[\"\\\\\",").size() + limit - 1);
    CHECK_THROWS_AS((void)strict::parse(after_backslash, "body"), ValidationError);
}

TEST_CASE("parse_answer, the client's reader of server answers, discards what parse refuses and never throws") {
    const auto limit = strict::kMaxDepth;
    CHECK(strict::parse_answer(nested(500'000, "1")).is_discarded());
    CHECK(strict::parse_answer(nested(limit + 1)).is_discarded());
    CHECK(strict::parse_answer("{\"a\":").is_discarded());
    CHECK(strict::parse_answer("").is_discarded());
    const std::string ok = R"({"records":[{"fields":{"tags":["a",["b"]]}}],"cursor":3})";
    CHECK(strict::parse_answer(ok) == json::parse(ok));
    CHECK(strict::parse_answer(nested(limit, "1")) == json::parse(nested(limit, "1")));
}

TEST_CASE("text_size is the length of dump(), computed without dumping or recursing") {
    for (const auto* text : {R"(null)", R"(true)", R"(false)", R"(0)", R"(-12)", R"(18446744073709551615)", R"(1.5e300)",
                             R"(0.1)", R"("")", R"("a\"b\\c\n\t\u0001\u001f é 中")", R"([])", R"({})", R"([1,[2,[3]],{}])",
                             R"({"k\"ey":{"x":[true,null,"y"]},"b":-0.0})"}) {
        const auto v = json::parse(text);
        CHECK_MESSAGE(strict::text_size(v) == v.dump().size(), text);
    }
    // A value far deeper than dump() could serialise, built by hand: its
    // size is that of its brackets.
    json deep = json::array();
    const size_t levels = 200'000;
    for (size_t i = 0; i < levels; ++i) deep = json::array({std::move(deep)});
    CHECK(strict::text_size(deep) == 2 * (levels + 1));
    // Taken apart one level at a time: destroying it whole would recurse
    // in versions of nlohmann/json before 3.10.
    while (!deep.empty()) deep = json(std::move(deep.at(0)));
}

// --- Integers ----------------------------------------------------------------------

TEST_CASE("integers beyond their type are refused as out_of_range, never read modulo 2^n") {
    const auto j = json::parse(R"({"small":4294967301,"neg":-4294967301,"big":18446744073709551615,"ok":7,"f":1.0})");
    CHECK(strict::get<int64_t>(j, "small", "x") == 4294967301);
    CHECK(strict::get<int>(j, "ok", "x") == 7);
    for (const char* key : {"small", "neg", "big"}) {
        CAPTURE(key);
        try {
            (void)strict::get<int>(j, key, "x");
            FAIL("read an integer beyond int as an int");
        } catch (const ValidationError& e) {
            CHECK(e.problem().code == Code::out_of_range);
            CHECK(e.problem().field == std::string("x.") + key);
            CHECK(e.problem().param("max") == std::to_string(std::numeric_limits<int>::max()));
            CHECK(e.problem().param("value") == j[key].dump());
        }
    }
    CHECK_THROWS_AS((void)strict::get<int64_t>(j, "big", "x"), ValidationError);
    CHECK_THROWS_AS((void)strict::get<int>(j, "f", "x"), ValidationError);  // 1.0 is not an integer
    CHECK(strict::exact_integer<uint64_t>(j["big"]) == std::numeric_limits<uint64_t>::max());
    CHECK_FALSE(strict::exact_integer<uint64_t>(j["neg"]));
    CHECK_FALSE(strict::exact_integer<int>(j["f"]));
}

TEST_CASE("a push's schema version of 2^32 + 5 is refused, not read as 5") {
    const auto push = [](const std::string& version) {
        return json::parse(R"({"schema_version":)" + version + R"(,"node":"n","batch_id":"b","changes":[]})");
    };
    // The same batch with the small version is read: only the range differs.
    CHECK(sync::parse_push(push("5")).schema_version == 5);
    for (const auto* version : {"4294967301", "-4294967291", "18446744073709551615"}) {
        CAPTURE(version);
        try {
            (void)sync::parse_push(push(version));
            FAIL("read an out-of-range schema version");
        } catch (const ValidationError& e) {
            CHECK(e.problem().code == Code::out_of_range);
            CHECK(e.problem().field == "push request.schema_version");
        }
    }
    // A pull's limit of 2^32 + 500 is not a limit of 500.
    CHECK_THROWS_AS((void)sync::parse_pull(json::parse(R"({"schema_version":1,"cursor":0,"limit":4294967796})")),
                    ValidationError);
    // Answers, on the client: a cursor beyond int64_t is refused, not read as -1.
    CHECK_THROWS_AS(sync::pull_response_from_json(json::parse(
                        R"({"since":0,"records":[],"removed":[],"cursor":18446744073709551615,"has_more":false})")),
                    ValidationError);
}

// --- GeoJSON import ----------------------------------------------------------------

TEST_CASE("a GeoJSON file nested beyond the limit is refused whole with too_deep, and one at the limit is read") {
    auto file = [](const std::string& name) {
        return R"({"type":"FeatureCollection","features":[{"type":"Feature","id":"a","properties":{"name":)" + name +
               R"(},"geometry":{"type":"Point","coordinates":[120,30]}}]})";
    };
    const auto report = import_geojson(file(nested(500'000)));
    REQUIRE(report.fatal);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].problem.code == Code::too_deep);
    CHECK(report.errors[0].problem.param("max") == std::to_string(strict::kMaxDepth));
    // The collection, its features, a feature and its properties are 4
    // levels: a name that fills the rest is read (and refused as a row, for
    // not being a string, rather than for its depth).
    const auto at_limit = import_geojson(file(nested(strict::kMaxDepth - 4)));
    CHECK_FALSE(at_limit.fatal);
    CHECK(at_limit.rows_seen == 1);
    for (const auto& e : at_limit.errors) CHECK(e.problem.code != Code::too_deep);
}

// --- Markdown ----------------------------------------------------------------------

TEST_CASE("Markdown keeps the meaning of emphasis nested as deep as its marks allow, repeated without end") {
    // Five styles inside each other; the innermost text has all of them.
    const std::string unit = "**s *e __S _E ~~k~~ E_ S__ e* s** ";
    const auto one = md::parse_inline(unit);
    const auto inner = std::find_if(one.begin(), one.end(), [](const md::Span& s) { return s.text == "k"; });
    REQUIRE(inner != one.end());
    CHECK((inner->strong && inner->emphasis && inner->strike));
    // The same unit 40,000 times on one line (1.3 MB): the spans are the
    // unit's, 40,000 times over (the first unit's trailing space joins the
    // next one's first span, so compare the text and the styled spans).
    const size_t times = 40'000;
    std::string line;
    for (size_t i = 0; i < times; ++i) line += unit;
    const auto many = md::parse_inline(line);
    CHECK(text_of(many) == [&] {
        std::string t;
        for (size_t i = 0; i < times; ++i) t += text_of(one);
        return t;
    }());
    const auto styled = [](const std::vector<md::Span>& spans) {
        return std::count_if(spans.begin(), spans.end(), [](const md::Span& s) { return s.strong && s.emphasis && s.strike; });
    };
    CHECK(styled(many) == static_cast<std::ptrdiff_t>(times) * styled(one));
}

TEST_CASE("Markdown reads hostile notes whole: unclosed marks stay text, wrapped lines join, every link is found") {
    const size_t n = 256 * 1024;
    // Unclosed marks of every kind are plain text, kept byte for byte.
    for (const auto& [name, piece] : std::vector<std::pair<std::string, std::string>>{
             {"brackets", "["}, {"links", "[x]("}, {"code", "`"}, {"wiki", "[["}, {"strike", "~~"}}) {
        CAPTURE(name);
        std::string text;
        while (text.size() < n) text += piece;
        // A single unclosed mark at the very end, after text that closes
        // nothing: every one of them was a search to the end of the text.
        const auto spans = md::parse_inline("x" + text);
        if (name == "brackets" || name == "links" || name == "wiki") CHECK(text_of(spans) == "x" + text);
        CHECK_FALSE(spans.empty());
    }
    // 100,000 wrapped lines of Chinese are one paragraph with no spaces added.
    std::string wrapped, joined;
    for (int i = 0; i < 100'000; ++i) {
        wrapped += "中文\n";
        joined += "中文";
    }
    const auto blocks = md::parse(wrapped);
    REQUIRE(blocks.size() == 1);
    CHECK(text_of(blocks[0].spans) == joined);
    // 50,000 distinct wiki links, each found once, in order.
    std::string links;
    std::vector<std::string> titles;
    for (int i = 0; i < 50'000; ++i) {
        titles.push_back("note " + std::to_string(i));
        links += "[[" + titles.back() + "]] and [[" + titles.back() + "]]\n";
    }
    CHECK(md::wiki_links(links) == titles);
}
