#pragma once
// What the GeoJSON and CSV targets check of every ImportReport: the promises
// of shared/zx/tours/base_io.hpp, which the server's import route relies on
// (server/base_import.cpp reads errors.at(0) of a fatal report, and walks
// bases, base_fields and base_rows together).
#include "decode.hpp"

#include "zx/tours/base_io.hpp"

#include <algorithm>

namespace zx::fuzz {

inline void check_report(const ImportReport& r) {
    require(r.bases.size() == r.base_fields.size() && r.bases.size() == r.base_rows.size(),
            "bases, base_fields and base_rows differ in length");
    if (r.fatal)
        require(r.errors.size() == 1 && r.bases.empty() && r.routes.empty(),
                "a fatal report must have one error and keep nothing");
    require(std::is_sorted(r.errors.begin(), r.errors.end(),
                           [](const ImportError& a, const ImportError& b) { return a.row < b.row; }),
            "errors are not sorted by row");
    for (const auto& e : r.errors) require(!e.message.empty(), "an import error without a message");
}

}  // namespace zx::fuzz
