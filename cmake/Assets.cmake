# Build-time assets shared by both clients:
#  - the Chinese UI font, subset from Debian's fonts-noto-cjk (never committed);
#  - the web root: our page, the Leaflet files from node_modules, and (from the
#    WebAssembly sub-build) zhixing.js / .wasm / .data.

set(ZX_ASSETS_OUT "${CMAKE_BINARY_DIR}/assets")
set(ZX_FONT_FILE "${ZX_ASSETS_OUT}/zhixing-sc.otf")
# The web client's first font: only the characters of the UI's own strings,
# the demo data and the base ranges (ASCII, punctuation), so the first frame
# waits for ~10% of the full font; the full one follows in the background.
set(ZX_FIRST_FONT_FILE "${ZX_ASSETS_OUT}/zhixing-first.otf")
set(ZX_WEB_ROOT "${CMAKE_BINARY_DIR}/web")

# Every CJK character in UI strings and demo data must be in the font.
file(GLOB_RECURSE _zx_text_sources CONFIGURE_DEPENDS
  "${CMAKE_SOURCE_DIR}/client/*.cpp" "${CMAKE_SOURCE_DIR}/shared/zx/*.cpp")
set(_zx_font_inputs "${CMAKE_SOURCE_DIR}/assets/demo/bases.tsv" "${CMAKE_SOURCE_DIR}/assets/demo/accounts.json"
  ${_zx_text_sources})
add_custom_command(
  OUTPUT "${ZX_FONT_FILE}"
  COMMAND /usr/bin/python3 "${CMAKE_SOURCE_DIR}/scripts/make_font.py"
          --charset "${CMAKE_SOURCE_DIR}/assets/fonts/charset.txt"
          --extra ${_zx_font_inputs}
          --cache "${ZX_CACHE}/fonts"
          --out "${ZX_FONT_FILE}"
  DEPENDS "${CMAKE_SOURCE_DIR}/scripts/make_font.py" "${CMAKE_SOURCE_DIR}/assets/fonts/charset.txt"
          ${_zx_font_inputs}
  COMMENT "Subsetting Noto Sans CJK SC for the UI font"
  VERBATIM)
add_custom_command(
  OUTPUT "${ZX_FIRST_FONT_FILE}"
  COMMAND /usr/bin/python3 "${CMAKE_SOURCE_DIR}/scripts/make_font.py"
          --extra ${_zx_font_inputs}
          --cache "${ZX_CACHE}/fonts"
          --out "${ZX_FIRST_FONT_FILE}"
  DEPENDS "${CMAKE_SOURCE_DIR}/scripts/make_font.py" ${_zx_font_inputs}
  COMMENT "Subsetting Noto Sans CJK SC for the web client's first font"
  VERBATIM)
# The web root serves the full font for the web client to fetch after its
# first frame (the desktop reads it from the assets folder).
add_custom_command(
  OUTPUT "${ZX_WEB_ROOT}/zhixing-sc.otf"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${ZX_WEB_ROOT}"
  COMMAND ${CMAKE_COMMAND} -E copy_if_different "${ZX_FONT_FILE}" "${ZX_WEB_ROOT}/zhixing-sc.otf"
  DEPENDS "${ZX_FONT_FILE}"
  VERBATIM)
add_custom_target(zx_font ALL DEPENDS "${ZX_FONT_FILE}" "${ZX_FIRST_FONT_FILE}" "${ZX_WEB_ROOT}/zhixing-sc.otf")

# Offline basemap: province outlines of China and Zhejiang's city outlines,
# extracted from the pinned npm package echarts@4.9.0 (scripts/make_outlines.mjs,
# cached by input hash in ZX_CACHE/outlines). The desktop client reads it next
# to the font (assets dir); the server serves the copy in the web root.
set(ZX_OUTLINES_FILE "${ZX_ASSETS_OUT}/outlines.geojson")
find_program(ZX_NODE node REQUIRED)
add_custom_command(
  OUTPUT "${ZX_OUTLINES_FILE}" "${ZX_WEB_ROOT}/outlines.geojson"
  COMMAND ${ZX_NODE} "${CMAKE_SOURCE_DIR}/scripts/make_outlines.mjs"
          --echarts "${CMAKE_SOURCE_DIR}/node_modules/echarts"
          --cache "${ZX_CACHE}/outlines"
          --out "${ZX_OUTLINES_FILE}"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${ZX_WEB_ROOT}"
  COMMAND ${CMAKE_COMMAND} -E copy_if_different "${ZX_OUTLINES_FILE}" "${ZX_WEB_ROOT}/outlines.geojson"
  DEPENDS "${CMAKE_SOURCE_DIR}/scripts/make_outlines.mjs" "${CMAKE_SOURCE_DIR}/package-lock.json"
  COMMENT "Extracting the offline basemap outlines (outlines.geojson)"
  VERBATIM)
add_custom_target(zx_outlines ALL DEPENDS "${ZX_OUTLINES_FILE}" "${ZX_WEB_ROOT}/outlines.geojson")

# The page and its scripts, plus Leaflet from the pinned npm packages.
set(_nm "${CMAKE_SOURCE_DIR}/node_modules")
if(NOT EXISTS "${_nm}/leaflet/dist/leaflet.js")
  message(FATAL_ERROR "node_modules/leaflet missing; run scripts/deps.sh")
endif()
file(GLOB _zx_web_files CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/web/*")
file(GLOB _zx_leaflet_images CONFIGURE_DEPENDS "${_nm}/leaflet/dist/images/*.png")
set(_zx_web_stamp "${CMAKE_BINARY_DIR}/web-static.stamp")
add_custom_command(
  OUTPUT "${_zx_web_stamp}"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${ZX_WEB_ROOT}/vendor/leaflet/images"
          "${ZX_WEB_ROOT}/vendor/leaflet.markercluster" "${ZX_WEB_ROOT}/vendor/sqlite-wasm"
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${_zx_web_files} "${ZX_WEB_ROOT}/"
  COMMAND ${CMAKE_COMMAND} -E copy_if_different
          "${_nm}/leaflet/dist/leaflet.js" "${_nm}/leaflet/dist/leaflet.css" "${ZX_WEB_ROOT}/vendor/leaflet/"
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${_zx_leaflet_images} "${ZX_WEB_ROOT}/vendor/leaflet/images/"
  COMMAND ${CMAKE_COMMAND} -E copy_if_different
          "${_nm}/leaflet.markercluster/dist/leaflet.markercluster.js"
          "${_nm}/leaflet.markercluster/dist/MarkerCluster.css"
          "${_nm}/leaflet.markercluster/dist/MarkerCluster.Default.css"
          "${ZX_WEB_ROOT}/vendor/leaflet.markercluster/"
  COMMAND ${CMAKE_COMMAND} -E copy_if_different
          "${_nm}/@sqlite.org/sqlite-wasm/dist/index.mjs" "${_nm}/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm"
          "${ZX_WEB_ROOT}/vendor/sqlite-wasm/"
  COMMAND ${CMAKE_COMMAND} -E touch "${_zx_web_stamp}"
  DEPENDS ${_zx_web_files} "${CMAKE_SOURCE_DIR}/package-lock.json"
  COMMENT "Assembling the web root (page, bridge, Leaflet)"
  VERBATIM)
add_custom_target(zx_web_static ALL DEPENDS "${_zx_web_stamp}")

# The web app's icons (manifest.webmanifest), rendered from web/favicon.svg
# with rsvg-convert (Debian's librsvg2-bin): 192 and 512 px, plain and
# maskable (cmake/MaskableIcon.cmake). Never committed.
find_program(ZX_RSVG_CONVERT rsvg-convert)
if(NOT ZX_RSVG_CONVERT)
  message(FATAL_ERROR "rsvg-convert missing (Debian package librsvg2-bin); run scripts/deps.sh")
endif()
set(_zx_icon_src "${CMAKE_SOURCE_DIR}/web/favicon.svg")
set(_zx_icon_dir "${ZX_WEB_ROOT}/icons")
set(_zx_maskable_svg "${CMAKE_BINARY_DIR}/icon-maskable.svg")
set(_zx_icons "${_zx_icon_dir}/icon-192.png" "${_zx_icon_dir}/icon-512.png"
              "${_zx_icon_dir}/maskable-192.png" "${_zx_icon_dir}/maskable-512.png")
add_custom_command(
  OUTPUT ${_zx_icons}
  COMMAND ${CMAKE_COMMAND} -E make_directory "${_zx_icon_dir}"
  COMMAND ${CMAKE_COMMAND} "-DIN=${_zx_icon_src}" "-DOUT=${_zx_maskable_svg}" "-DBACKGROUND=#17414d"
          -P "${CMAKE_SOURCE_DIR}/cmake/MaskableIcon.cmake"
  COMMAND ${ZX_RSVG_CONVERT} -w 192 -h 192 -o "${_zx_icon_dir}/icon-192.png" "${_zx_icon_src}"
  COMMAND ${ZX_RSVG_CONVERT} -w 512 -h 512 -o "${_zx_icon_dir}/icon-512.png" "${_zx_icon_src}"
  COMMAND ${ZX_RSVG_CONVERT} -w 192 -h 192 -o "${_zx_icon_dir}/maskable-192.png" "${_zx_maskable_svg}"
  COMMAND ${ZX_RSVG_CONVERT} -w 512 -h 512 -o "${_zx_icon_dir}/maskable-512.png" "${_zx_maskable_svg}"
  DEPENDS "${_zx_icon_src}" "${CMAKE_SOURCE_DIR}/cmake/MaskableIcon.cmake"
  COMMENT "Rendering the web app icons from web/favicon.svg"
  VERBATIM)
add_custom_target(zx_web_icons ALL DEPENDS ${_zx_icons})
