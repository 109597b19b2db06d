#pragma once
// The SQL schema as an ordered list of migrations. Both the server's database
// and (from the data-core issue on) the clients' local stores are built by
// applying these in order; PRAGMA user_version records how far a database got.
#include <span>
#include <string_view>

namespace zx::schema {

struct Migration {
    int version;           // 1, 2, 3 ... without gaps
    std::string_view sql;  // one or more statements, applied in one transaction
};

std::span<const Migration> migrations();
int latest_version();

}  // namespace zx::schema
