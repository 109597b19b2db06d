#pragma once
// What only the desktop driver (main_native.cpp) and native tests need from
// the native platform, beyond the common interface.
#include "platform/platform.hpp"

#include <functional>

union SDL_Event;

namespace zx::platform {
class FramePacer;
}

namespace zx::platform::native {

class MapRenderer;

// Lets the platform see window events it handles itself (pinch zoom).
void handle_event(Platform& p, const SDL_Event& e);
MapRenderer& map_of(Platform& p);

// The platform's frame pacer (frame_pacer.hpp), which the driver asks after
// each frame how long it may wait for events.
FramePacer& pacer_of(Platform& p);
// `wake` ends the driver's wait for events (it pushes an SDL event); the
// platform calls it, from any thread, whenever it queues a completion.
void set_wake(Platform& p, std::function<void()> wake);

// Where the desktop keeps its documents unless told otherwise:
// $XDG_DATA_HOME/zhixing, else ~/.local/share/zhixing.
std::string default_data_dir();

}  // namespace zx::platform::native
