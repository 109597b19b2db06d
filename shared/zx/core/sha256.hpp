#pragma once
// SHA-256 (FIPS 180-4) of a byte string, as 64 lower-case hex digits. Used
// where a digest must identify an exact text on every device and the server
// alike (the consent text a parent agreed to, zx/tours/family.hpp), so it is
// plain C++ with no library: the WebAssembly build has no OpenSSL.
#include <string>
#include <string_view>

namespace zx {

std::string sha256_hex(std::string_view data);

}  // namespace zx
