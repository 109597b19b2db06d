#pragma once
// The user's settings (language, interface scale): loaded at start, applied
// at once when changed, and saved on the device (platform storage).
#include "controllers/services.hpp"

namespace zx::client {

class SettingsController {
public:
    explicit SettingsController(Services& s) : s_(s) {}

    void init();
    void handle(const ChangeSettings& c);

private:
    Services& s_;
};

}  // namespace zx::client
