#!/usr/bin/python3
"""Finishes the web root after each build (cmake target zx_web_precompress).

1. Writes ROOT/sw.js from web/sw.js with the build's version (a hash of every
   file the service worker keeps) in place of __ZX_BUILD__, so a new build
   means a new sw.js, which makes returning browsers fetch the new files once
   and everything else come from their cache.
2. Writes NAME.br (brotli, quality 11) and NAME.gz (gzip -9) beside every
   compressible file of ROOT of at least 1 KiB, unless the existing ones are
   newer than the file. server/static_files.cpp sends them by Accept-Encoding.

Compressing is done once here so that the server never spends CPU on it and
brotli's slow best level can be used.
"""
import argparse
import gzip
import hashlib
import os
import subprocess
import sys

COMPRESSIBLE = (".html", ".js", ".mjs", ".css", ".json", ".wasm", ".data", ".svg", ".otf", ".geojson", ".txt")
# Files the app needs offline, cached by the service worker at install.
SHELL_SKIP = ("sw.js",)


def files_under(root):
    for d, _, names in os.walk(root):
        for n in sorted(names):
            p = os.path.join(d, n)
            if n.endswith((".br", ".gz")) or n.startswith("."):
                continue
            yield p


def fresh(src, out):
    return os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(src)


def write_if_changed(path, data):
    if os.path.exists(path):
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", required=True, help="the web root (build/web)")
    ap.add_argument("--sw-template", required=True, help="web/sw.js with __ZX_BUILD__")
    ap.add_argument("--brotli", default="brotli", help="the brotli program (Debian package brotli)")
    args = ap.parse_args()

    h = hashlib.sha256()
    for p in files_under(args.root):
        rel = os.path.relpath(p, args.root)
        if rel in SHELL_SKIP or rel.startswith("bench-"):
            continue
        with open(p, "rb") as f:
            h.update(rel.encode() + b"\0" + hashlib.sha256(f.read()).digest())
    with open(args.sw_template, encoding="utf-8") as f:
        sw = f.read()
    if "__ZX_BUILD__" not in sw:
        sys.exit("precompress: %s has no __ZX_BUILD__ placeholder" % args.sw_template)
    version = h.hexdigest()[:16]
    write_if_changed(os.path.join(args.root, "sw.js"), sw.replace("__ZX_BUILD__", version).encode())

    made = 0
    for p in files_under(args.root):
        if not p.endswith(COMPRESSIBLE) or os.path.getsize(p) < 1024:
            continue
        if not fresh(p, p + ".br"):
            subprocess.run([args.brotli, "-f", "-q", "11", "-o", p + ".br", p], check=True)
            os.utime(p + ".br")  # brotli copies the input's mtime, rounded down: not newer
            made += 1
        if not fresh(p, p + ".gz"):
            with open(p, "rb") as f:
                data = f.read()
            # mtime=0: the same bytes give the same file (reproducible builds).
            write_if_changed(p + ".gz", gzip.compress(data, 9, mtime=0))
            os.utime(p + ".gz")
            made += 1
    print("precompress: build %s, %d compressed files written" % (version, made))


if __name__ == "__main__":
    main()
