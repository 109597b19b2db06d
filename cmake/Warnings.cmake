# Our own targets compile with warnings as errors; third-party code does not.
function(zx_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Werror
    $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor>
    # GCC 12 reports std::variant and std::optional members as "maybe
    # uninitialized" at -O2 where they cannot be (GCC bug 105562 and kin), and
    # std::string concatenation as overlapping memcpy (GCC bug 105329).
    $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized -Wno-restrict>)
endfunction()
