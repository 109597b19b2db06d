#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace zx::platform::native {

// Writes 8-bit RGBA pixels (rows top to bottom) as a PNG file. Returns false
// and leaves no file behind if it cannot be written.
bool write_png(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba);

}  // namespace zx::platform::native
