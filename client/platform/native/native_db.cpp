#include "native_db.hpp"

#include "zx/sync/sqlite.hpp"

#include <filesystem>

namespace zx::platform::native {

NativeDb::NativeDb(std::string dir, std::function<void(std::function<void()>)> sink)
    : dir_(std::move(dir)), sink_(std::move(sink)), thread_([this] { loop(); }) {}

NativeDb::~NativeDb() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void NativeDb::post(std::function<void()> job) {
    {
        std::lock_guard lock(mu_);
        jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
}

void NativeDb::loop() {
    while (true) {
        std::function<void()> job;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
            if (jobs_.empty()) break;  // stopping, and nothing left to do
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
    }
    conn_.reset();
}

void NativeDb::open(const std::string& name, DbCallback done) {
    post([this, name, done = std::move(done)] {
        DbResult r;
        try {
            std::filesystem::create_directories(dir_);
            conn_ = std::make_unique<db::Connection>((std::filesystem::path(dir_) / (name + ".sqlite3")).string());
        } catch (const std::exception& e) {
            r.ok = false;
            r.error = e.what();
        }
        sink_([done, r] { done(r); });
    });
}

void NativeDb::run(std::vector<DbStatement> statements, bool transaction, DbCallback done) {
    post([this, statements = std::move(statements), transaction, done = std::move(done)] {
        DbResult r;
        if (!conn_) {
            r.ok = false;
            r.error = "the local store is not open";
            sink_([done, r] { done(r); });
            return;
        }
        try {
            auto body = [&] {
                for (const auto& s : statements) {
                    if (s.script) {
                        conn_->exec(s.sql);
                        r.sets.push_back(nlohmann::json::array());
                    } else {
                        r.sets.push_back(conn_->query(s.sql, s.params));
                    }
                }
            };
            if (transaction)
                db::transaction(*conn_, body);
            else
                body();
        } catch (const std::exception& e) {
            r = DbResult{};
            r.ok = false;
            r.error = e.what();
        }
        sink_([done, r = std::move(r)] { done(r); });
    });
}

void NativeDb::close() {
    post([this] { conn_.reset(); });
}

}  // namespace zx::platform::native
