#pragma once
// Desktop HTTP(S): requests with Boost.Beast, asynchronous on an io_context
// that one worker thread runs. The UI thread never waits on the network; each
// result goes to a completion sink (Platform::Impl queues it for poll()).
//
// Which URLs are used, and how, is server_url.hpp's rule. Over https:// the
// server's certificate must chain to the system's trust store (or to
// Options::ca_file) and name the URL's host; any failure ends the request
// with a typed HttpFailure, and nothing is ever retried over plain HTTP.
// Besides whole exchanges it holds streams: a GET whose body is handed over
// as it arrives (the live channel), on the same thread, over TLS as well.
#include "platform/platform.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
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

    // A GET read as it arrives. For a 2xx answer `data` gets each piece of
    // the body (the chunked framing undone; false from it ends the stream
    // as unreadable); then `done` once, with the status and, for any other
    // answer, its body; status 0 and an error when the connection failed,
    // dropped or no byte came for `stall`. Both on the worker thread.
    struct StreamSink {
        std::function<bool(std::string_view bytes)> data;
        Done done;
    };
    // Answers an id for cancel().
    uint64_t stream(HttpRequest request, std::chrono::milliseconds stall, StreamSink sink);
    // Ends stream `id` at once; its sink is not called again. Any thread.
    void cancel(uint64_t id);

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
    std::thread worker_;
};

}  // namespace zx::platform::native
