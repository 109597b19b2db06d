#pragma once
// Reader for the demo data files under assets/demo/.
#include "zx/tours/base.hpp"

#include <string_view>
#include <vector>

namespace zx {

// Parses the tab-separated bases file (see assets/demo/bases.tsv): lines that
// start with '#' are comments, the first other line is the header naming the
// columns id, name, category, level, city, district, address, lat, lon in any
// order. Every base gets demo = true.
// Throws ValidationError("line N: ...") for the first bad line, so a broken
// file is never half-loaded. Duplicate ids are an error.
std::vector<Base> parse_bases_tsv(std::string_view text);

// Fills the fields the demo file does not have (capacity, grades, hours,
// closed days, courses, safety notes, a masked contact), derived from the
// base's id and category so that every run gives the same demo. Invented,
// like the rest of the demo set.
void add_demo_details(Base& b);

}  // namespace zx
