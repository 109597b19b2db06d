# Two builds that instrument every target, each in a build folder of its own
# (the everyday build stays uninstrumented and fast):
#
#   ZX_FUZZ=ON      libFuzzer targets in fuzz/ (clang only; scripts/fuzz.sh).
#                   Everything is compiled with coverage instrumentation so the
#                   fuzzer sees into the shared library, not just the target.
#   ZX_SANITIZE=ON  the unit, server, sync and client tests under
#                   AddressSanitizer and UndefinedBehaviorSanitizer
#                   (scripts/sanitize.sh; gcc or clang).
option(ZX_FUZZ "Build the libFuzzer targets of fuzz/ (needs clang; see scripts/fuzz.sh)" OFF)
option(ZX_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer (see scripts/sanitize.sh)" OFF)

if(ZX_FUZZ AND ZX_SANITIZE)
  message(FATAL_ERROR "ZX_FUZZ and ZX_SANITIZE are separate builds; the fuzz build sanitizes already")
endif()
if((ZX_FUZZ OR ZX_SANITIZE) AND EMSCRIPTEN)
  message(FATAL_ERROR "ZX_FUZZ and ZX_SANITIZE are native builds")
endif()

# Frame pointers keep the sanitizers' stack traces whole at -O1/-O2;
# -fno-sanitize-recover makes the first undefined behaviour fail the run
# instead of printing a line that nobody reads.
set(_zx_san_common -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)

if(ZX_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ZX_FUZZ needs clang (libFuzzer is part of clang); configure with CXX=clang++-14")
  endif()
  # fuzzer-no-link: coverage hooks everywhere, libFuzzer's main() only in the
  # fuzz targets themselves (fuzz/CMakeLists.txt links with -fsanitize=fuzzer).
  add_compile_options(-fsanitize=fuzzer-no-link ${_zx_san_common})
  add_link_options(${_zx_san_common})
endif()

if(ZX_SANITIZE)
  add_compile_options(${_zx_san_common})
  add_link_options(${_zx_san_common})
endif()
