#pragma once
// The few cryptographic operations the server needs, on Debian's libargon2
// (passwords) and OpenSSL (randomness, SHA-256). Nothing here is home-made.
#include <string>
#include <string_view>

namespace zx::server::crypto {

// `n` bytes from the operating system's CSPRNG, as unpadded base64url.
std::string random_token(size_t n = 32);
// A code people type: `length` characters without look-alikes (no 0/O, 1/I/L).
std::string random_code(size_t length = 8);
// A random record id: 128 bits as 22 characters of base64url.
std::string random_id();
std::string sha256_hex(std::string_view data);

// Argon2id with a fresh 16-byte salt; the encoded string carries its parameters.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& encoded, std::string_view password);

}  // namespace zx::server::crypto
