#pragma once
// What only the desktop driver (main_native.cpp) and native tests need from
// the native platform, beyond the common interface.
#include "platform/platform.hpp"

union SDL_Event;

namespace zx::platform::native {

class MapRenderer;

// Lets the platform see window events it handles itself (pinch zoom).
void handle_event(Platform& p, const SDL_Event& e);
MapRenderer& map_of(Platform& p);

// Where the desktop keeps its documents unless told otherwise:
// $XDG_DATA_HOME/zhixing, else ~/.local/share/zhixing.
std::string default_data_dir();

}  // namespace zx::platform::native
