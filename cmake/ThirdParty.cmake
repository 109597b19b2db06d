# Header-only libraries from Debian (nlohmann/json, doctest) and Dear ImGui
# compiled from Debian's source package, for native and WebAssembly alike.

# The Emscripten build must not see /usr/include (glibc headers would shadow
# its own libc), so the two header-only libraries are reached through a folder
# of symlinks that holds nothing else.
set(ZX_HEADERS_DIR "${CMAKE_BINARY_DIR}/third_party_include")
foreach(lib nlohmann doctest)
  if(NOT EXISTS "/usr/include/${lib}")
    message(FATAL_ERROR "/usr/include/${lib} missing; run scripts/deps.sh")
  endif()
  file(MAKE_DIRECTORY "${ZX_HEADERS_DIR}")
  file(CREATE_LINK "/usr/include/${lib}" "${ZX_HEADERS_DIR}/${lib}" SYMBOLIC)
endforeach()
add_library(zx_headers INTERFACE)
target_include_directories(zx_headers SYSTEM INTERFACE "${ZX_HEADERS_DIR}")
target_compile_definitions(zx_headers INTERFACE JSON_USE_IMPLICIT_CONVERSIONS=0)

# Dear ImGui core: no backend, so headless tests can draw every view.
add_library(imgui_core STATIC
  ${ZX_IMGUI_DIR}/imgui.cpp ${ZX_IMGUI_DIR}/imgui_draw.cpp
  ${ZX_IMGUI_DIR}/imgui_tables.cpp ${ZX_IMGUI_DIR}/imgui_widgets.cpp
  ${ZX_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp)
target_include_directories(imgui_core SYSTEM PUBLIC ${ZX_IMGUI_DIR} ${ZX_IMGUI_DIR}/misc/cpp)
# No legacy API: keeps us on the 1.87+ input model in both builds.
target_compile_definitions(imgui_core PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_OBSOLETE_KEYIO)
# 32-bit ImWchar: code points beyond the BMP (emoji, CJK extension B and on)
# are text like any other (glyphs added on demand, client/glyphs.cpp).
target_compile_definitions(imgui_core PUBLIC IMGUI_USE_WCHAR32)
# ImGui formats text with stb_sprintf (Debian's libstb-dev) instead of the C
# library: Emscripten's musl formats %f through 128-bit long doubles, which
# WebAssembly emulates in software, and was a third of an ImGui frame there
# (bench/wasm_native.mjs). Included by its full path: the Emscripten build
# must not see the rest of /usr/include.
if(NOT EXISTS "/usr/include/stb/stb_sprintf.h")
  message(FATAL_ERROR "/usr/include/stb/stb_sprintf.h missing; run scripts/deps.sh")
endif()
set_source_files_properties(${ZX_IMGUI_DIR}/imgui.cpp PROPERTIES COMPILE_DEFINITIONS
  "IMGUI_USE_STB_SPRINTF;IMGUI_STB_SPRINTF_FILENAME=\"/usr/include/stb/stb_sprintf.h\"")

# SDL2: Debian's package natively; our own WebAssembly build otherwise.
if(EMSCRIPTEN)
  if(NOT EXISTS "${ZX_SDL2_WASM_DIR}/lib/libSDL2.a")
    message(FATAL_ERROR "SDL2 for WebAssembly not found in ${ZX_SDL2_WASM_DIR}; run scripts/deps.sh")
  endif()
  add_library(zx_sdl2 STATIC IMPORTED)
  set_target_properties(zx_sdl2 PROPERTIES
    IMPORTED_LOCATION "${ZX_SDL2_WASM_DIR}/lib/libSDL2.a"
    INTERFACE_INCLUDE_DIRECTORIES "${ZX_SDL2_WASM_DIR}/include/SDL2")
  target_link_options(zx_sdl2 INTERFACE -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2)
else()
  find_package(SDL2 REQUIRED)
  find_package(OpenGL REQUIRED)
  add_library(zx_sdl2 INTERFACE)
  target_link_libraries(zx_sdl2 INTERFACE SDL2::SDL2 OpenGL::GL)
endif()

# ImGui's SDL2 + OpenGL3 backends, used by both drivers.
add_library(imgui_backends STATIC
  ${ZX_IMGUI_DIR}/backends/imgui_impl_sdl2.cpp
  ${ZX_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui_backends SYSTEM PUBLIC ${ZX_IMGUI_DIR}/backends)
target_link_libraries(imgui_backends PUBLIC imgui_core zx_sdl2)
if(EMSCRIPTEN)
  target_compile_definitions(imgui_backends PUBLIC IMGUI_IMPL_OPENGL_ES3)
endif()
