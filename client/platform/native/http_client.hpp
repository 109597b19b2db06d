#pragma once
// Desktop HTTP(S): requests with Boost.Beast, asynchronous on an io_context
// that one worker thread runs. The UI thread never waits on the network; each
// result goes to a completion sink (Platform::Impl queues it for poll()).
//
// Which URLs are used, and how, is server_url.hpp's rule. Over https:// the
// server's certificate must chain to the system's trust store (or to
// Options::ca_file) and name the URL's host; any failure ends the request
// with a typed HttpFailure, and nothing is ever retried over plain HTTP.
#include "platform/platform.hpp"

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace zx::platform::native {

class HttpClient {
public:
    // Reads server_url, allow_insecure_http and ca_file. A URL the rule
    // refuses, or a CA file that cannot be read, makes every request fail
    // with that failure (the UI says so); nothing is sent anywhere.
    explicit HttpClient(const Options& options);
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
