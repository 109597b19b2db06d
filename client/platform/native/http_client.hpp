#pragma once
// Desktop HTTP: requests with Boost.Beast, asynchronous on an io_context
// that one worker thread runs. The UI thread never waits on the network; each
// result goes to a completion sink (Platform::Impl queues it for poll()).
// Besides whole exchanges it holds streams: a GET whose body is handed over
// as it arrives (the live channel), on the same thread.
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
