#!/usr/bin/python3
"""Builds the client's Chinese UI font: Noto Sans CJK SC cut down to the
characters Zhixing shows.

Input: Debian's fonts-noto-cjk collection (face 2 of NotoSansCJK-Regular.ttc is
the Simplified Chinese face), optionally assets/fonts/charset.txt (GB 2312), and
any number of text files whose CJK characters must also be covered (UI strings,
demo data). Output: one OpenType file. Two are built: the full UI font (with
the charset) and the small first font the web client loads before its first
frame (without it: only the UI's own texts and demo names), see
cmake/Assets.cmake. Results are cached by a hash of the inputs, because
subsetting a 20 MB collection takes a while and the inputs rarely change.

Must run with Debian's /usr/bin/python3: fontTools comes from python3-fonttools.
"""
import argparse
import hashlib
import os
import shutil
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

# Always included: ASCII, Latin-1 (names, units), general punctuation, CJK
# symbols and punctuation, full-width forms, arrows and a few shapes used by the UI.
BASE_RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x2000, 0x206F), (0x2190, 0x21FF),
    (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
]


def is_cjk(cp):
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF


def collect(charset_path, extra_paths):
    cps = set()
    for lo, hi in BASE_RANGES:
        cps.update(range(lo, hi + 1))
    if charset_path:
        with open(charset_path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                cps.update(ord(c) for c in line.strip())
    for p in extra_paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            cps.update(ord(c) for c in f.read() if is_cjk(ord(c)) or 0x3000 <= ord(c) <= 0x303F
                       or 0xFF00 <= ord(c) <= 0xFFEF)
    return sorted(cps)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--collection", default="/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    ap.add_argument("--face", type=int, default=2, help="index in the collection (2 = SC)")
    ap.add_argument("--charset", default="", help="file of characters to cover (none: only --extra and the base ranges)")
    ap.add_argument("--extra", nargs="*", default=[])
    ap.add_argument("--cache", default=os.path.expanduser("~/.cache/zhixing/fonts"))
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    if not os.path.exists(args.collection):
        sys.exit(f"make_font: {args.collection} not found; install Debian's fonts-noto-cjk")
    cps = collect(args.charset, args.extra)
    key = hashlib.sha256()
    key.update(f"{args.collection}:{os.path.getsize(args.collection)}:{args.face}\n".encode())
    key.update(",".join(map(str, cps)).encode())
    cached = os.path.join(args.cache, key.hexdigest()[:24] + ".otf")

    if not os.path.exists(cached):
        os.makedirs(args.cache, exist_ok=True)
        font = TTCollection(args.collection, lazy=True).fonts[args.face]
        opts = subset.Options()
        opts.layout_features = []      # ImGui shapes nothing: no GSUB/GPOS needed
        opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]
        opts.notdef_outline = True
        opts.hinting = False           # stb_truetype ignores hinting
        opts.desubroutinize = False
        sub = subset.Subsetter(options=opts)
        sub.populate(unicodes=cps)
        sub.subset(font)
        tmp = cached + ".tmp"
        font.save(tmp)
        os.replace(tmp, cached)

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    shutil.copyfile(cached, args.out)
    print(f"make_font: {len(cps)} code points -> {args.out} ({os.path.getsize(args.out)} bytes)")


if __name__ == "__main__":
    main()
