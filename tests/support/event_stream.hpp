#pragma once
// A client of the live channel (GET /api/v1/events) on a plain POSIX socket,
// for the server tests and the benchmark: it sends the request, reads the
// answer's header, then undoes the chunked framing and reads events with the
// same SseReader the apps use. Blocking, with timeouts; one thread each.
#include "zx/wire/api.hpp"
#include "zx/wire/events.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace zx::test {

class EventStream {
public:
    // Connects to 127.0.0.1:`port` and asks for the stream with `token`
    // ("" sends no Authorization); waits up to 10 s for the header.
    EventStream(unsigned short port, const std::string& token, const std::string& path = api::kEventsPath) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0) throw std::runtime_error("socket failed");
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd_);
            fd_ = -1;
            throw std::runtime_error("connect failed");
        }
        std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
        if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
        req += "\r\n";
        send_all(req);
        read_header(10'000);
    }
    ~EventStream() { close(); }
    EventStream(const EventStream&) = delete;
    EventStream& operator=(const EventStream&) = delete;

    // The answer's status (0: none) and, when it is not a stream, its body.
    int status = 0;
    std::string head;  // the header as sent
    std::string body;
    bool chunked = false;

    // The next event within `ms`; nothing when none came or the stream ended.
    std::optional<api::LiveEvent> next(int ms) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (events_.empty()) {
            if (ended_) return std::nullopt;
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
            if (left <= 0 || (!fill(static_cast<int>(left)) && events_.empty())) return std::nullopt;
        }
        auto m = events_.front();
        events_.pop_front();
        return api::live_event(m);
    }
    // Reads whatever arrives within `ms` (events are kept for next()).
    void drain(int ms) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (!ended_) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
            if (left <= 0 || !fill(static_cast<int>(left))) return;
        }
    }
    // Whether the server ended the stream (the last chunk, or the connection closed).
    bool ended() const { return ended_; }
    // Chunks received: events and heartbeats alike.
    size_t chunks() const { return chunks_; }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    void send_all(const std::string& s) {
        size_t off = 0;
        while (off < s.size()) {
            const auto n = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
            if (n <= 0) throw std::runtime_error("send failed");
            off += static_cast<size_t>(n);
        }
    }
    // Reads what the socket has within `ms` into raw_; false on timeout or close.
    bool read_some(int ms) {
        if (fd_ < 0) return false;
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, ms) <= 0) return false;
        char buf[16 * 1024];
        const auto n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) {
            ended_ = true;
            return false;
        }
        raw_.append(buf, static_cast<size_t>(n));
        return true;
    }
    void read_header(int ms) {
        while (raw_.find("\r\n\r\n") == std::string::npos)
            if (!read_some(ms)) return;
        const auto end = raw_.find("\r\n\r\n");
        head = raw_.substr(0, end + 2);
        raw_.erase(0, end + 4);
        if (head.rfind("HTTP/1.1 ", 0) == 0) status = std::atoi(head.c_str() + 9);
        std::string lower = head;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        chunked = lower.find("transfer-encoding: chunked") != std::string::npos;
        if (!chunked) {
            // A refusal: its body by Content-Length.
            const auto at = lower.find("content-length: ");
            const size_t length = at == std::string::npos ? 0 : std::strtoul(lower.c_str() + at + 16, nullptr, 10);
            while (raw_.size() < length)
                if (!read_some(ms)) break;
            body = raw_.substr(0, std::min(length, raw_.size()));
            ended_ = true;
        }
    }
    // Takes whole chunks out of raw_ into the SSE reader; false when nothing
    // more arrived within `ms`.
    bool fill(int ms) {
        const size_t before = events_.size();
        parse();
        if (events_.size() > before || ended_) return true;
        const bool got = read_some(ms);
        parse();
        return got;
    }
    void parse() {
        while (true) {
            const auto line_end = raw_.find("\r\n");
            if (line_end == std::string::npos) break;
            const size_t size = std::strtoul(raw_.c_str(), nullptr, 16);
            if (raw_.size() < line_end + 2 + size + 2) break;
            if (size == 0) {
                ended_ = true;
                break;
            }
            ++chunks_;
            std::vector<api::SseMessage> out;
            reader_.feed(std::string_view(raw_).substr(line_end + 2, size), out);
            for (auto& m : out) events_.push_back(std::move(m));
            raw_.erase(0, line_end + 2 + size + 2);
        }
    }

    int fd_ = -1;
    std::string raw_;
    api::SseReader reader_;
    std::deque<api::SseMessage> events_;
    bool ended_ = false;
    size_t chunks_ = 0;
};

}  // namespace zx::test
