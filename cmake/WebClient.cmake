# The WebAssembly client is a second configuration of this same source tree,
# built with Emscripten's toolchain as an ExternalProject so that one
# `cmake --build` produces server, desktop client and web client together.
include(ExternalProject)
find_program(ZX_EMCMAKE emcmake REQUIRED)
set(ZX_WASM_BUILD_DIR "${CMAKE_BINARY_DIR}/wasm")
if(CMAKE_GENERATOR MATCHES "Makefiles")
  set(_zx_sub_build "$(MAKE)" -C "${ZX_WASM_BUILD_DIR}")
else()
  cmake_host_system_information(RESULT _zx_cores QUERY NUMBER_OF_LOGICAL_CORES)
  set(_zx_sub_build ${CMAKE_COMMAND} --build "${ZX_WASM_BUILD_DIR}" --parallel ${_zx_cores})
endif()

# NODE_PATH: Debian's emcc needs acorn from /usr/share/nodejs (TOOLCHAIN.md).
set(_zx_em_env ${CMAKE_COMMAND} -E env "NODE_PATH=/usr/share/nodejs")

ExternalProject_Add(zx_web
  SOURCE_DIR "${CMAKE_SOURCE_DIR}"
  BINARY_DIR "${ZX_WASM_BUILD_DIR}"
  CONFIGURE_COMMAND ${_zx_em_env} ${ZX_EMCMAKE} ${CMAKE_COMMAND} -S "${CMAKE_SOURCE_DIR}" -B "${ZX_WASM_BUILD_DIR}"
    -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
    "-DZX_CACHE=${ZX_CACHE}"
    "-DZX_WEB_ROOT=${ZX_WEB_ROOT}"
    "-DZX_FONT_FILE=${ZX_FONT_FILE}"
    "-DZX_FIRST_FONT_FILE=${ZX_FIRST_FONT_FILE}"
  # With Makefiles, $(MAKE) lets the sub-build share the outer -j job slots.
  BUILD_COMMAND ${_zx_em_env} ${_zx_sub_build}
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON
  USES_TERMINAL_BUILD ON
  DEPENDS zx_font zx_web_static)

# After the sub-build: the service worker stamped with the build's version,
# and brotli + gzip files beside every compressible file of the web root,
# which the server sends by Accept-Encoding (server/static_files.cpp). Runs
# every build; files already compressed from their current bytes are kept.
find_program(ZX_BROTLI brotli REQUIRED)
add_custom_target(zx_web_precompress ALL
  COMMAND /usr/bin/python3 "${CMAKE_SOURCE_DIR}/scripts/precompress.py"
          --root "${ZX_WEB_ROOT}" --sw-template "${CMAKE_SOURCE_DIR}/web/sw.js" --brotli "${ZX_BROTLI}"
  DEPENDS "${CMAKE_SOURCE_DIR}/scripts/precompress.py"
  COMMENT "Stamping sw.js and precompressing the web root (brotli, gzip)"
  VERBATIM)
add_dependencies(zx_web_precompress zx_web zx_web_static zx_font zx_outlines)
