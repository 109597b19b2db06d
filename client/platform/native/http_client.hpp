#pragma once
// Desktop HTTP: GET requests with Boost.Beast, asynchronous on an io_context
// that one worker thread runs. The UI thread never waits on the network; each
// result goes to a completion sink (Platform::Impl queues it for poll()).
#include "platform/platform.hpp"

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace zx::platform::native {

class HttpClient {
public:
    // `base_url` is "http://host[:port]"; anything else makes every request
    // fail with a message saying so (there is no TLS yet).
    explicit HttpClient(std::string base_url);
    // Cancels requests in flight at once (their sinks are not called) and
    // joins the worker.
    ~HttpClient();

    using Done = std::function<void(HttpResponse)>;
    // `done` is called on the worker thread, exactly once unless the client
    // is destroyed first.
    void send(HttpRequest request, Done done);

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
    std::thread worker_;
};

}  // namespace zx::platform::native
