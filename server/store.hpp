#pragma once
// The server's database: SQLite by default, one file. Connections are pooled
// so request threads never share one; the schema comes from shared/.
#include "zx/base.hpp"
#include "zx/sqlite.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace zx::server {

class Store {
public:
    // Opens (creating if needed) and migrates the database at `path`.
    explicit Store(std::string path);

    // Replaces every demo base with `bases` in one transaction: on any error
    // nothing changes. Non-demo bases are never touched.
    void replace_demo_bases(const std::vector<Base>& bases);

    std::vector<Base> list_bases();
    std::optional<Base> find_base(const std::string& id);
    int count_bases();
    int schema_version();

private:
    class Lease;
    Lease acquire();
    void release(std::unique_ptr<db::Connection> c);

    std::string path_;
    std::mutex mu_;
    std::vector<std::unique_ptr<db::Connection>> idle_;
};

}  // namespace zx::server
