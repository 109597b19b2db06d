#include "zx/tours/demo_data.hpp"
#include "zx/core/error.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

using namespace zx;

namespace {
std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool has_cjk(const std::string& s) {
    // Any three-byte UTF-8 sequence in U+4E00..U+9FFF starts with E4..E9.
    for (unsigned char c : s)
        if (c >= 0xE4 && c <= 0xE9) return true;
    return false;
}

const char* kHeader = "id\tname\tcategory\tlevel\tcity\tdistrict\taddress\tlat\tlon\n";
}  // namespace

TEST_CASE("the committed demo bases are many, Chinese, in Zhejiang and marked as demo") {
    const auto bases = parse_bases_tsv(read_file(ZX_SOURCE_DIR "/assets/demo/bases.tsv"));
    CHECK(bases.size() >= 200);
    std::set<std::string> ids;
    std::set<BaseCategory> categories;
    std::set<BaseLevel> levels;
    std::set<std::string> cities;
    for (const auto& b : bases) {
        CHECK(ids.insert(b.id).second);
        categories.insert(b.category);
        levels.insert(b.level);
        cities.insert(b.city);
        CHECK(b.demo);
        CHECK(has_cjk(b.name));
        CHECK(b.address.rfind("浙江省", 0) == 0);
        // Zhejiang's bounding box (27.0-31.2 N, 118.0-123.2 E).
        CHECK(b.lat > 27.0);
        CHECK(b.lat < 31.2);
        CHECK(b.lon > 118.0);
        CHECK(b.lon < 123.2);
    }
    CHECK(categories.size() == 7);
    CHECK(levels.size() == 3);
    CHECK(cities.size() == 11);  // every prefecture-level city of Zhejiang
}

TEST_CASE("the demo file says it is demo data") {
    const auto text = read_file(ZX_SOURCE_DIR "/assets/demo/bases.tsv");
    CHECK(text.find("demo data") != std::string::npos);
    CHECK(text.find("演示数据") != std::string::npos);
}

TEST_CASE("bad demo lines are reported with their line number and nothing is returned") {
    auto parse = [](const std::string& body) { return parse_bases_tsv(std::string("# c\n") + kHeader + body); };
    CHECK(parse("a\t名\tnature\tnational\t市\t区\t址\t30\t120\n").size() == 1);
    CHECK_THROWS_WITH_AS(parse("a\t名\tzoo\tnational\t市\t区\t址\t30\t120\n"),
                         doctest::Contains("line 3: unknown category \"zoo\""), ValidationError);
    CHECK_THROWS_WITH_AS(parse("a\t名\tnature\tnational\t市\t区\t址\t30\t120\n"
                               "a\t名\tnature\tnational\t市\t区\t址\t30\t120\n"),
                         doctest::Contains("line 4: duplicate id \"a\""), ValidationError);
    CHECK_THROWS_WITH_AS(parse("a\t名\tnature\tnational\t市\t区\t址\tthirty\t120\n"),
                         doctest::Contains("line 3: lat \"thirty\" is not a number"), ValidationError);
    CHECK_THROWS_WITH_AS(parse("a\t名\tnature\tnational\t市\t区\t址\t120\t30\n"),
                         doctest::Contains("line 3: latitude"), ValidationError);
    CHECK_THROWS_WITH_AS(parse("a\t名\tnature\tnational\n"), doctest::Contains("line 3: has 4 fields"),
                         ValidationError);
    CHECK_THROWS_WITH_AS(parse_bases_tsv("id\tname\n"), doctest::Contains("header has no column \"category\""),
                         ValidationError);
    CHECK_THROWS_WITH_AS(parse_bases_tsv("# only a comment\n"), doctest::Contains("no header"), ValidationError);
}

TEST_CASE("columns may come in any order and CRLF line ends are accepted") {
    const auto bases = parse_bases_tsv("lon\tlat\tid\tname\tcategory\tlevel\tcity\tdistrict\taddress\r\n"
                                       "120.5\t30.5\tx1\t某基地\tarts\tmunicipal\t湖州市\t吴兴区\t地址\r\n");
    REQUIRE(bases.size() == 1);
    CHECK(bases[0].id == "x1");
    CHECK(bases[0].lat == doctest::Approx(30.5));
    CHECK(bases[0].lon == doctest::Approx(120.5));
    CHECK(bases[0].category == BaseCategory::arts);
}
