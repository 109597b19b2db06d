#include "store.hpp"

#include "zx/sync/model.hpp"
#include "zx/sync/record_sql.hpp"

#include <nlohmann/json.hpp>

namespace zx::server {

namespace {
thread_local CommitJournal* t_journal = nullptr;
}

CommitJournal::CommitJournal() : outer_(t_journal) { t_journal = this; }
CommitJournal::~CommitJournal() { t_journal = outer_; }

void CommitJournal::note(Committed c) {
    if (t_journal) t_journal->commits_.push_back(std::move(c));
}

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
// Bases are synced records; the API shows the same fields the clients sync.
// Delisted bases are left out: they are off the map and out of planning.
std::vector<Base> load_bases(db::Connection& c, const std::string& where, const nlohmann::json& params) {
    const auto* spec = model::find_collection("bases");
    std::vector<Base> out;
    for (const auto& row : c.query(record_sql::select(*spec) + " WHERE deleted = 0" + where + " ORDER BY id", params)) {
        const auto r = record_sql::from_row(*spec, row);
        try {
            auto b = base_from_fields(r.id, r.fields);
            if (listed(b)) out.push_back(std::move(b));
        } catch (const std::exception&) {
            // cannot happen for rows written through validation; never fail the whole list for one
        }
    }
    return out;
}
}  // namespace

std::vector<Base> Store::list_bases() {
    auto c = acquire();
    return load_bases(*c, "", nlohmann::json::array());
}

std::vector<Route> Store::list_routes() {
    auto c = acquire();
    const auto* spec = model::find_collection("routes");
    std::vector<Route> out;
    for (const auto& row : c->query(record_sql::select(*spec) + " WHERE deleted = 0 ORDER BY id")) {
        const auto r = record_sql::from_row(*spec, row);
        try {
            out.push_back(route_from_fields(r.id, r.fields));
        } catch (const std::exception&) {
            // written through validation; one odd row must not hide the others
        }
    }
    return out;
}

std::optional<Base> Store::find_base(const std::string& id) {
    auto c = acquire();
    auto found = load_bases(*c, " AND id = ?1", nlohmann::json::array({id}));
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

int Store::count_bases() {
    auto c = acquire();
    auto st = c->prepare("SELECT count(*) FROM bases WHERE deleted = 0 AND coalesce(status, '') != 'delisted'");
    st.step();
    return static_cast<int>(st.integer(0));
}

int Store::schema_version() { return acquire()->user_version(); }

}  // namespace zx::server
