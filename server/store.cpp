#include "store.hpp"

#include "zx/schema.hpp"

namespace zx::server {

// A connection borrowed from the pool for one operation.
class Store::Lease {
public:
    Lease(Store& s, std::unique_ptr<db::Connection> c) : store_(s), conn_(std::move(c)) {}
    ~Lease() {
        if (conn_) store_.release(std::move(conn_));
    }
    Lease(Lease&&) = default;
    db::Connection* operator->() { return conn_.get(); }
    db::Connection& operator*() { return *conn_; }

private:
    Store& store_;
    std::unique_ptr<db::Connection> conn_;
};

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

void Store::replace_demo_bases(const std::vector<Base>& bases) {
    auto c = acquire();
    db::transaction(*c, [&] {
        c->exec("DELETE FROM base WHERE demo = 1");
        auto ins = c->prepare(
            "INSERT INTO base (id, name, category, level, city, district, address, lat, lon, demo) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1)");
        for (const auto& b : bases) {
            if (auto e = validate(b)) throw db::DbError("refusing to store base: " + *e);
            ins.bind(1, b.id).bind(2, b.name).bind(3, to_code(b.category)).bind(4, to_code(b.level));
            ins.bind(5, b.city).bind(6, b.district).bind(7, b.address).bind(8, b.lat).bind(9, b.lon);
            ins.step();
            ins.reset();
        }
    });
}

std::vector<Base> Store::list_bases() {
    auto c = acquire();
    auto st = c->prepare(std::string("SELECT ") + kBaseColumns + " FROM base ORDER BY id");
    std::vector<Base> out;
    while (st.step()) out.push_back(read_base(st));
    return out;
}

std::optional<Base> Store::find_base(const std::string& id) {
    auto c = acquire();
    auto st = c->prepare(std::string("SELECT ") + kBaseColumns + " FROM base WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_base(st);
}

int Store::count_bases() {
    auto c = acquire();
    auto st = c->prepare("SELECT count(*) FROM base");
    st.step();
    return static_cast<int>(st.integer(0));
}

int Store::schema_version() { return acquire()->user_version(); }

}  // namespace zx::server
