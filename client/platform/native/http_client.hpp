#pragma once
// Desktop HTTP: a worker thread that performs GET requests with Boost.Beast
// and hands each result to a completion sink. The UI thread never waits on
// the network; the sink (Platform::Impl) queues results for the next poll().
#include "platform/platform.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace zx::platform::native {

class HttpClient {
public:
    // `base_url` is "http://host[:port]"; anything else makes every request
    // fail with a message saying so (there is no TLS yet).
    explicit HttpClient(std::string base_url);
    ~HttpClient();  // stops the worker; requests not yet sent are dropped

    using Done = std::function<void(HttpResponse)>;
    // Called on the worker thread with the result.
    void get(std::string path, Done done);

private:
    struct Job {
        std::string path;
        Done done;
    };
    void run();
    HttpResponse perform(const std::string& path);

    std::string host_;
    std::string port_;
    std::string url_error_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> jobs_;
    bool stop_ = false;
    std::thread worker_;
};

}  // namespace zx::platform::native
