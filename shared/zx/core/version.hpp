#pragma once
namespace zx {
// Version of the whole product (server, clients); bumped per release.
inline constexpr const char* kVersion = "0.1.0";
}  // namespace zx
