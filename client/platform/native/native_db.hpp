#pragma once
// The desktop's local store: libsqlite3 on a thread of its own, so the UI
// thread never waits on the disk. One file per store name in the data folder.
#include "platform/platform.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace zx::db {
class Connection;
}

namespace zx::platform::native {

class NativeDb {
public:
    // Results go to `sink` (on the store's thread); the platform queues them
    // for the UI thread.
    NativeDb(std::string dir, std::function<void(std::function<void()>)> sink);
    ~NativeDb();  // finishes queued work, then closes

    void open(const std::string& name, DbCallback done);
    void run(std::vector<DbStatement> statements, bool transaction, DbCallback done);
    void close();

private:
    void post(std::function<void()> job);
    void loop();

    std::string dir_;
    std::function<void(std::function<void()>)> sink_;
    std::unique_ptr<db::Connection> conn_;  // used on the store's thread only
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace zx::platform::native
