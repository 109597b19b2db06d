#pragma once
// A deliberately simple HTTP/1.1 client on plain POSIX sockets, for tests that
// must send exactly the bytes they choose (malformed or oversized requests).
#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace zx::test {

struct RawResponse {
    int status = 0;                              // 0: no parsable response
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    bool closed = false;  // the server closed the connection after responding

    // The header's value, or "" if absent; `name` in lower case.
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

class RawConnection {
public:
    explicit RawConnection(unsigned short port);  // 127.0.0.1; throws on failure
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // Sends all bytes; false if the peer closed first.
    bool send(const std::string& bytes);
    // Reads one response (Content-Length framed), waiting up to 10 s.
    RawResponse read_response(bool head = false);
    bool is_open() const { return fd_ >= 0; }

private:
    int fd_ = -1;
    std::string buffered_;
};

// One request on a fresh connection.
RawResponse request(unsigned short port, const std::string& bytes, bool head = false);
// "GET <target> HTTP/1.1" with Host and Connection: close, plus extra header lines.
RawResponse get(unsigned short port, const std::string& target, const std::string& extra_headers = "");

// "<method> <path>" with a JSON body and, if `token` is set, a bearer token;
// Connection: close. Throws if the server cannot be reached.
RawResponse send_json(unsigned short port, const std::string& method, const std::string& path,
                      const std::string& body, const std::string& token = "", const std::string& extra_headers = "");

// An API answer: the status, the body parsed as JSON (discarded when it is
// not JSON) and as sent.
struct JsonReply {
    int status = 0;
    nlohmann::json body;
    std::string raw;
};
// send_json(), with the answer parsed.
JsonReply call_json(unsigned short port, const std::string& method, const std::string& path, const std::string& body,
                    const std::string& token);
// The message of a JSON error answer ({"error":{"message":…}}), or "".
std::string error_message(const JsonReply& r);

// The whole file, for fixtures (empty if it cannot be read).
std::string read_file(const std::string& path);

// gunzip for checking compressed bodies.
std::string gunzip(const std::string& data);

}  // namespace zx::test
