#pragma once
// What only the browser driver (main_web.cpp) needs from the web platform,
// beyond the common interface.
#include "platform/platform.hpp"

#include <functional>

namespace zx::platform {
class FramePacer;
}

namespace zx::platform::web {

// The platform's frame pacer (platform/frame_pacer.hpp), which the driver
// asks after each frame how long it may leave the main loop paused.
FramePacer& pacer_of(Platform& p);
// `wake` resumes the driver's paused main loop; the platform calls it (on the
// page's one thread) whenever a completion or a page event arrives from JS.
void set_wake(Platform& p, std::function<void()> wake);

}  // namespace zx::platform::web
