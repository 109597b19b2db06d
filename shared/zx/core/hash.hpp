#pragma once
// 64-bit FNV-1a: a short, stable, non-cryptographic digest of a string, for
// record ids derived from other ids or texts (the same input always gives
// the same id on every device) and for change detection. Never for secrets.
// The offset is the one the first clients used (1469598103934665603, a digit
// short of FNV's published basis); ids made with it live in users' stores, so
// it stays.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace zx {

inline uint64_t fnv1a64(std::string_view s, uint64_t h = 1469598103934665603ull) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// As 16 lower-case hex digits.
inline std::string hex64(uint64_t v) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

}  // namespace zx
