// The study-tour day's shared rules (issue 12): student cards and scanned
// codes (zx/tours/student_card.hpp).
#include "zx/tours/student_card.hpp"

#include <doctest/doctest.h>

using namespace zx;

TEST_CASE("a student card holds the school and the student number, and a scan reads it back") {
    const auto payload = card_payload("sch-demo", "S2026-001");
    CHECK(payload == "ZX1:S:sch-demo:S2026-001");
    const auto scanned = parse_scanned_code(payload + "\r\n");  // a scanner ends the line
    REQUIRE(scanned);
    CHECK(scanned->school_id == "sch-demo");
    CHECK(scanned->student_no == "S2026-001");
}

TEST_CASE("a typed student number is folded to the stored form; anything else is refused") {
    for (const char* typed : {"s2026-001", " S2026-001 ", "Ｓ２０２６－００１", "s2026 - 001"}) {
        const auto c = parse_scanned_code(typed);
        REQUIRE_MESSAGE(c, typed);
        CHECK(c->school_id.empty());
        CHECK(c->student_no == "S2026-001");
    }
    for (const char* bad : {"", "   ", "王小明", "S2026_001", "ZX1:S:sch-demo", "ZX1:S:sch demo!:1", "ZX1:S:sch-demo:",
                            "0123456789012345678901234567890123"})
        CHECK_MESSAGE(!parse_scanned_code(bad), bad);
    CHECK(valid_student_no("S2026-001"));
    CHECK_FALSE(valid_student_no("s2026-001"));
    CHECK_FALSE(valid_student_no(""));
}
