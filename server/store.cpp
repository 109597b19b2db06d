#include "store.hpp"

namespace zx::server {

Store::Store(std::string path) : path_(std::move(path)) {
    auto c = std::make_unique<db::Connection>(path_);
    c->migrate();
    release(std::move(c));
}

Store::Lease Store::acquire() {
    {
        std::lock_guard lock(mu_);
        if (!idle_.empty()) {
            auto c = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(c));
        }
    }
    return Lease(*this, std::make_unique<db::Connection>(path_));
}

void Store::release(std::unique_ptr<db::Connection> c) {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
}

namespace {
constexpr const char* kBaseColumns = "id, name, category, level, city, district, address, lat, lon, demo";

Base read_base(db::Stmt& st) {
    Base b;
    b.id = st.text(0);
    b.name = st.text(1);
    // The CHECK constraints guarantee known codes.
    b.category = category_from_code(st.text(2)).value_or(BaseCategory::nature);
    b.level = level_from_code(st.text(3)).value_or(BaseLevel::municipal);
    b.city = st.text(4);
    b.district = st.text(5);
    b.address = st.text(6);
    b.lat = st.real(7);
    b.lon = st.real(8);
    b.demo = st.integer(9) != 0;
    return b;
}
}  // namespace

std::vector<Base> Store::list_bases() {
    auto c = acquire();
    auto st = c->prepare(std::string("SELECT ") + kBaseColumns + " FROM bases WHERE deleted = 0 ORDER BY id");
    std::vector<Base> out;
    while (st.step()) out.push_back(read_base(st));
    return out;
}

std::optional<Base> Store::find_base(const std::string& id) {
    auto c = acquire();
    auto st = c->prepare(std::string("SELECT ") + kBaseColumns + " FROM bases WHERE id = ?1 AND deleted = 0");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_base(st);
}

int Store::count_bases() {
    auto c = acquire();
    auto st = c->prepare("SELECT count(*) FROM bases WHERE deleted = 0");
    st.step();
    return static_cast<int>(st.integer(0));
}

int Store::schema_version() { return acquire()->user_version(); }

}  // namespace zx::server
