# cmake -DIN=favicon.svg -DOUT=maskable.svg -DBACKGROUND=#17414d -P MaskableIcon.cmake
# Writes the maskable variant of the app icon: the icon drawn at 70% in the
# middle of a square of its background colour, so the 80% safe circle of a
# home-screen mask never cuts into it. The icon stays the one source.
file(READ "${IN}" _svg)
string(REGEX REPLACE "^.*<svg[^>]*>" "" _inner "${_svg}")
string(REGEX REPLACE "</svg>[ \t\r\n]*$" "" _inner "${_inner}")
string(REGEX MATCH "viewBox=\"[^\"]*\"" _viewbox "${_svg}")
file(WRITE "${OUT}"
  "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">"
  "<rect width=\"100\" height=\"100\" fill=\"${BACKGROUND}\"/>"
  "<svg x=\"15\" y=\"15\" width=\"70\" height=\"70\" ${_viewbox}>${_inner}</svg></svg>\n")
