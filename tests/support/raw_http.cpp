#include "raw_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace zx::test {

RawConnection::RawConnection(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + " failed: " + std::strerror(errno));
    }
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(const std::string& bytes) {
    size_t off = 0;
    while (off < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
        if (n <= 0) return false;
        off += static_cast<size_t>(n);
    }
    return true;
}

RawResponse RawConnection::read_response(bool head) {
    RawResponse r;
    char buf[65536];
    auto fill = [&]() -> bool {
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) return false;
        buffered_.append(buf, static_cast<size_t>(n));
        return true;
    };
    size_t header_end;
    while ((header_end = buffered_.find("\r\n\r\n")) == std::string::npos)
        if (!fill()) {
            r.closed = true;
            return r;
        }
    const std::string head_text = buffered_.substr(0, header_end);
    buffered_.erase(0, header_end + 4);
    size_t line_end = head_text.find("\r\n");
    const std::string status_line = head_text.substr(0, line_end);
    if (status_line.size() >= 12) r.status = std::atoi(status_line.c_str() + 9);
    size_t pos = line_end == std::string::npos ? head_text.size() : line_end + 2;
    while (pos < head_text.size()) {
        size_t e = head_text.find("\r\n", pos);
        if (e == std::string::npos) e = head_text.size();
        const std::string line = head_text.substr(pos, e - pos);
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
            std::string k = line.substr(0, colon);
            std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::tolower(c); });
            std::string v = line.substr(colon + 1);
            while (!v.empty() && v.front() == ' ') v.erase(0, 1);
            r.headers[k] = v;
        }
        pos = e + 2;
    }
    size_t length = 0;
    if (auto it = r.headers.find("content-length"); it != r.headers.end() && !head)
        length = std::stoul(it->second);
    while (buffered_.size() < length)
        if (!fill()) break;
    r.body = buffered_.substr(0, std::min(length, buffered_.size()));
    buffered_.erase(0, r.body.size());
    if (auto it = r.headers.find("connection"); it != r.headers.end() && it->second == "close") {
        // Confirm the server really closes.
        r.closed = !fill();
    }
    return r;
}

RawResponse request(unsigned short port, const std::string& bytes, bool head) {
    RawConnection c(port);
    c.send(bytes);
    return c.read_response(head);
}

RawResponse get(unsigned short port, const std::string& target, const std::string& extra_headers) {
    return request(port,
                   "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers + "\r\n");
}

RawResponse send_json(unsigned short port, const std::string& method, const std::string& path,
                      const std::string& body, const std::string& token, const std::string& extra_headers) {
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
    if (method != "GET" && method != "HEAD")
        req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    req += extra_headers + "\r\n" + body;
    return request(port, req);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string gunzip(const std::string& data) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buf[65536];
    int rc;
    do {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            throw std::runtime_error("not valid gzip");
        }
        out.append(buf, sizeof buf - zs.avail_out);
    } while (rc != Z_STREAM_END);
    inflateEnd(&zs);
    return out;
}

JsonReply call_json(unsigned short port, const std::string& method, const std::string& path, const std::string& body,
                    const std::string& token) {
    const auto r = send_json(port, method, path, body, token);
    return {r.status, nlohmann::json::parse(r.body, nullptr, false), r.body};
}

std::string error_message(const JsonReply& r) {
    if (!r.body.is_object() || !r.body.contains("error") || !r.body["error"].is_object()) return "";
    return r.body["error"].value("message", "");
}

}  // namespace zx::test
