#!/usr/bin/python3
"""Include directions: which folders of shared/, client/ and server/ may include which.

  include_rules.py ROOT              lint the tree at ROOT; exit 1 on any violation
  include_rules.py --self-test ROOT  lint an in-memory copy of ROOT with wrong includes
                                     injected; exit 0 only if each one is reported

Every `#include "…"` (and `#include <…>` that names a file of ours) of every
.cpp/.hpp/.h under shared/, client/ and server/ is resolved to a real file the
way the compiler would find it: the including file's folder first, then the
include roots below. Angle includes that are not ours are system or
third-party headers, matched by name ("<imgui", "<boost/"). A quoted include
that resolves to nothing is reported too: the rules cannot judge it. tests/ and
bench/ may include anything and are not checked.

Each violation is printed as
  FILE:LINE: includes TARGET — RULE: REASON
"""
import os
import re
import sys

# --- The rules -----------------------------------------------------------------

# Where a quoted include is looked for after the including file's own folder,
# in this order (the include directories the targets give the compiler).
INCLUDE_ROOTS = ["shared/", "client/", "client/platform/native/", "server/", "tests/support/"]

CHECKED = ["shared/", "client/", "server/"]

# shared/zx/ is grouped by feature; each feature may include these (itself included).
SHARED_FEATURES = {
    "core": ({"core"}, "core is what every feature builds on; it depends on none of them"),
    "text": ({"core", "text"}, "text (CJK tokens, Markdown) is plain text processing on top of core"),
    "geo": ({"core", "geo"}, "geo maths, clustering and outlines are plain computation on top of core"),
    "sync": ({"core", "sync"}, "the sync model and its storage know records, not what they mean"),
    "space": ({"core", "text", "sync", "space"},
              "the personal space is records (sync) holding text; it knows nothing of tours, maps or the API"),
    "tours": ({"core", "text", "geo", "sync", "space", "tours"},
              "study tours use every feature below them, never the API types built on top of them"),
    "wire": ({"core", "text", "geo", "sync", "space", "tours", "wire"},
             "the API types are the top of shared/ and may use any feature"),
}

# Each rule: the files it applies to (path prefixes, minus `unless_in`), the
# targets it forbids (path prefixes of ours, or "<name" prefixes of system and
# third-party headers, minus `unless_to`), and why. The feature rules of
# shared/zx/ are generated from SHARED_FEATURES below.
RULES = [
    dict(name="product-has-no-test-code", files=CHECKED, forbid=["tests/", "bench/"],
         reason="tests and benchmarks build on the product, never the other way round"),
    dict(name="shared-stands-alone", files=["shared/"], forbid=["client/", "server/"],
         reason="shared/ is linked by the server and by both clients, so it cannot depend on either"),
    dict(name="shared-has-no-ui-or-sockets", files=["shared/"], forbid=["<imgui", "<SDL", "<boost/", "<emscripten"],
         reason="shared/ has no UI, sockets or Emscripten: the same code builds natively and as WebAssembly"),
    dict(name="one-sqlite-wrapper", files=["shared/"], unless_in=["shared/zx/sync/sqlite."], forbid=["<sqlite3.h>"],
         reason="native SQLite is reached through zx/sync/sqlite.hpp only; the browser has sqlite-wasm instead"),
    dict(name="server-has-no-client", files=["server/"],
         forbid=["client/", "<imgui", "<SDL", "<emscripten"],
         reason="the server shares code with the clients through shared/ only, and has no UI"),
    dict(name="client-has-no-server", files=["client/"], forbid=["server/"],
         reason="the client talks to the server over HTTP; common code lives in shared/"),
    dict(name="boost-only-in-native", files=["client/"], unless_in=["client/platform/native/"], forbid=["<boost/"],
         reason="Boost (the HTTP client) is the native platform's business; the web client has no Boost"),
    dict(name="client-no-sqlite3-h", files=["client/"], forbid=["<sqlite3.h>"],
         reason="the client's local store is the platform's; natively it uses zx/sync/sqlite.hpp"),
    dict(name="sqlite-only-in-native-store", files=["client/"], unless_in=["client/platform/native/"],
         forbid=["shared/zx/sync/sqlite."],
         reason="only the native platform opens SQLite (zx/sync/sqlite.hpp); the browser's store is sqlite-wasm"),
    dict(name="web-is-not-native", files=["client/platform/web/"], forbid=["client/platform/native/"],
         reason="each platform implements client/platform/platform.hpp on its own; only one is ever built"),
    dict(name="native-is-not-web", files=["client/platform/native/"], forbid=["client/platform/web/"],
         reason="each platform implements client/platform/platform.hpp on its own; only one is ever built"),
    dict(name="platform-behind-its-interface", files=CHECKED, unless_in=["client/platform/"],
         forbid=["client/platform/web/", "client/platform/native/"],
         reason="the app sees the platform through client/platform/platform.hpp, the one shared interface"),
    dict(name="views-see-no-internals", files=["client/views/", "client/tools/"],
         forbid=["client/sync/", "client/controllers/", "client/data/replica", "client/app.hpp", "client/platform/"],
         unless_to=["client/platform/platform.hpp"],
         reason="views draw what they are given; sync, the replica, controllers, the app and the platform's "
                "insides stay out of them"),
]
for _feature, (_allowed, _reason) in SHARED_FEATURES.items():
    RULES.append(dict(name=f"shared-{_feature}", files=[f"shared/zx/{_feature}/"],
                      forbid=["shared/"], unless_to=[f"shared/zx/{f}/" for f in sorted(_allowed)],
                      reason=f"{_feature} may include {', '.join(sorted(_allowed))}: {_reason}"))
# A file in a folder the table does not know cannot be judged: its includes of
# shared/ are refused until the folder is added to SHARED_FEATURES.
RULES.append(dict(name="shared-feature-folders", files=["shared/"],
                  unless_in=[f"shared/zx/{f}/" for f in SHARED_FEATURES], forbid=["shared/"],
                  reason="every file of shared/ sits in a feature folder of shared/zx/ listed in SHARED_FEATURES"))

# Known exceptions, to be removed: violations in the tree when this lint was
# written, in files owned by others. Each entry is (file, included target,
# rule); the lint fails if one of them no longer occurs, so that it is
# deleted here when the include is fixed. The self-test ignores this table.
KNOWN_EXCEPTIONS = [
    # (none left: the views read typed data from client/data/)
]

# --- The lint ------------------------------------------------------------------

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCE_EXTENSIONS = (".cpp", ".hpp", ".h", ".inc")


def strip_comments(text):
    """The text with its comments blanked out, newlines kept so line numbers stay.

    A small scanner rather than a regex, so that "/*" inside a string or a
    line comment ("client/platform/*/main_*.cpp") opens nothing. Raw strings
    are not understood; they would only matter if one held an #include line.
    """
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        two = text[i:i + 2]
        if two == "//":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif two == "/*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def load_tree(root):
    """{path relative to root: text} for every source file of the checked folders and the roots."""
    files = {}
    for top in sorted(set(CHECKED + INCLUDE_ROOTS)):
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for f in filenames:
                if f.endswith(SOURCE_EXTENSIONS):
                    full = os.path.join(dirpath, f)
                    with open(full, encoding="utf-8", errors="replace") as fh:
                        files[os.path.relpath(full, root).replace(os.sep, "/")] = fh.read()
    return files


def resolve(files, including, kind, name):
    """The tree path an include names, or None (a system header, or nothing)."""
    folder = os.path.dirname(including)
    candidates = ([os.path.normpath(os.path.join(folder, name))] if kind == '"' else [])
    candidates += [os.path.normpath(os.path.join(r, name)) for r in INCLUDE_ROOTS]
    for c in candidates:
        c = c.replace(os.sep, "/")
        if c in files:
            return c
    return None


def lint(files):
    """[(file, line, target shown, rule name, reason)] for every violation, in file order."""
    out = []
    for path in sorted(files):
        if not any(path.startswith(c) for c in CHECKED):
            continue
        for lineno, line in enumerate(strip_comments(files[path]).split("\n"), 1):
            m = INCLUDE_RE.match(line)
            if not m:
                continue
            kind, name = m.groups()
            resolved = resolve(files, path, kind, name)
            if resolved is None and kind == '"':
                out.append((path, lineno, f'"{name}"', "resolves",
                            "a quoted include must name a file of the tree (own folder or an include root)"))
                continue
            target = resolved if resolved is not None else f"<{name}>"
            for rule in RULES:
                if not any(path.startswith(p) for p in rule["files"]):
                    continue
                if any(path.startswith(p) for p in rule.get("unless_in", [])):
                    continue
                if not any(target.startswith(p) for p in rule["forbid"]):
                    continue
                if any(target.startswith(p) for p in rule.get("unless_to", [])):
                    continue
                out.append((path, lineno, target, rule["name"], rule["reason"]))
    return out


def show(v):
    path, lineno, target, rule, reason = v
    return f"{path}:{lineno}: includes {target} — {rule}: {reason}"


def run_lint(root):
    files = load_tree(root)
    found = lint(files)
    known = {(f, t, r) for f, t, r, *_ in KNOWN_EXCEPTIONS}
    violations = [v for v in found if (v[0], v[2], v[3]) not in known]
    seen = {(v[0], v[2], v[3]) for v in found}
    stale = [k for k in KNOWN_EXCEPTIONS if (k[0], k[1], k[2]) not in seen]
    for v in violations:
        print(show(v))
    for f, t, r, *_ in stale:
        print(f"tests/lint/include_rules.py: known exception {f} -> {t} ({r}) no longer occurs; delete it from KNOWN_EXCEPTIONS")
    if violations or stale:
        print(f"{len(violations)} include violation(s), {len(stale)} stale exception(s)")
        return 1
    checked = [p for p in files if any(p.startswith(c) for c in CHECKED)]
    print(f"ok: the includes of {len(checked)} files follow the rules "
          f"({len(KNOWN_EXCEPTIONS)} known exception(s) left to remove)")
    return 0


# --- Self-test -----------------------------------------------------------------

# (file, include line put at its top, file the include must find, rule that must report it).
# Missing files are created in memory, so the test does not depend on today's layout.
INJECTED = [
    ("shared/zx/core/format.cpp", '#include "app.hpp"', "client/app.hpp", "shared-stands-alone"),
    ("shared/zx/core/format.cpp", '#include "zx/text/text.hpp"', "shared/zx/text/text.hpp", "shared-core"),
    ("shared/zx/text/text.cpp", '#include "zx/sync/model.hpp"', "shared/zx/sync/model.hpp", "shared-text"),
    ("shared/zx/geo/geo.cpp", '#include "zx/tours/base.hpp"', "shared/zx/tours/base.hpp", "shared-geo"),
    ("shared/zx/sync/sync.cpp", '#include "zx/space/fsrs.hpp"', "shared/zx/space/fsrs.hpp", "shared-sync"),
    ("shared/zx/space/cards.cpp", '#include "zx/geo/geo.hpp"', "shared/zx/geo/geo.hpp", "shared-space"),
    ("shared/zx/tours/trips.cpp", '#include "zx/wire/api.hpp"', "shared/zx/wire/api.hpp", "shared-tours"),
    ("shared/zx/geo/geo.cpp", "#include <imgui.h>", None, "shared-has-no-ui-or-sockets"),
    ("shared/zx/wire/api.cpp", "#include <boost/json.hpp>", None, "shared-has-no-ui-or-sockets"),
    ("shared/zx/tours/base.cpp", "#include <sqlite3.h>", None, "one-sqlite-wrapper"),
    ("shared/zx/misplaced.hpp", '#include "zx/core/error.hpp"', "shared/zx/core/error.hpp", "shared-feature-folders"),
    ("server/server.cpp", '#include "views/views.hpp"', "client/views/views.hpp", "server-has-no-client"),
    ("server/http.cpp", "#include <SDL.h>", None, "server-has-no-client"),
    ("client/app.cpp", '#include "store.hpp"', "server/store.hpp", "client-has-no-server"),
    ("client/views/map_view.cpp", "#include <boost/asio.hpp>", None, "boost-only-in-native"),
    ("client/app.cpp", "#include <sqlite3.h>", None, "client-no-sqlite3-h"),
    ("client/settings.cpp", '#include "zx/sync/sqlite.hpp"', "shared/zx/sync/sqlite.hpp",
     "sqlite-only-in-native-store"),
    ("server/repo.cpp", '#include "raw_http.hpp"', "tests/support/raw_http.hpp", "product-has-no-test-code"),
    ("client/platform/web/platform_web.cpp", '#include "platform/native/native.hpp"',
     "client/platform/native/native.hpp", "web-is-not-native"),
    ("client/platform/native/platform_native.cpp", '#include "platform/web/web.hpp"',
     "client/platform/web/web.hpp", "native-is-not-web"),
    ("client/app.cpp", '#include "platform/native/native.hpp"', "client/platform/native/native.hpp",
     "platform-behind-its-interface"),
    ("client/views/map_view.cpp", '#include "native.hpp"', "client/platform/native/native.hpp",
     "views-see-no-internals"),
    ("client/tools/calculator.cpp", '#include "sync/engine.hpp"', "client/sync/engine.hpp", "views-see-no-internals"),
    ("client/views/views.cpp", '#include "controllers/notes.hpp"', "client/controllers/notes.hpp",
     "views-see-no-internals"),
    ("client/views/views.cpp", '#include "data/replica.hpp"', "client/data/replica.hpp", "views-see-no-internals"),
    ("client/views/views.cpp", '#include "app.hpp"', "client/app.hpp", "views-see-no-internals"),
    ("shared/zx/core/format.cpp", '#include "no_such_header.hpp"', None, "resolves"),
]

# Includes the rules allow, injected the same way: none may be reported.
ALLOWED = [
    ("shared/zx/tours/base.cpp", '#include "zx/geo/geo.hpp"', "shared/zx/geo/geo.hpp"),
    ("shared/zx/space/cards.cpp", '#include "zx/text/text.hpp"', "shared/zx/text/text.hpp"),
    ("shared/zx/wire/api.cpp", '#include "zx/tours/trips.hpp"', "shared/zx/tours/trips.hpp"),
    ("shared/zx/sync/sqlite.cpp", "#include <sqlite3.h>", None),
    ("server/store.cpp", '#include "zx/sync/sqlite.hpp"', "shared/zx/sync/sqlite.hpp"),
    ("client/views/views.cpp", '#include "platform/platform.hpp"', "client/platform/platform.hpp"),
    ("client/views/views.cpp", '#include "ui/widgets.hpp"', "client/ui/widgets.hpp"),
    ("client/platform/native/http_client.cpp", "#include <boost/beast.hpp>", None),
    ("client/platform/native/native_db.cpp", '#include "zx/sync/sqlite.hpp"', "shared/zx/sync/sqlite.hpp"),
    ("client/platform/web/main_web.cpp", "#include <emscripten/html5.h>", None),
    ("tests/support/raw_http.cpp", '#include "app.hpp"', "client/app.hpp"),
]


def self_test(root):
    files = load_tree(root)
    for path, line, target, *_ in INJECTED + ALLOWED:
        if target is not None and target not in files:
            files[target] = "// created by the self-test\n"
        files[path] = line + "\n" + files.get(path, "")
    found = lint(files)
    # How lint() names a target: its tree path, else the include as written.
    shown = lambda line, target: target if target is not None else line.split(None, 1)[1].strip()
    failures = []
    for path, line, target, rule in INJECTED:
        if not any(v[0] == path and v[3] == rule and v[2] == shown(line, target) for v in found):
            failures.append(f"not reported: {path}: {line} (rule {rule})")
    for path, line, target in ALLOWED:
        for v in found:
            if v[0] == path and v[2] == shown(line, target):
                failures.append(f"wrongly reported: {show(v)}")
    if failures:
        print("self-test failed:")
        for f in failures:
            print("  " + f)
        return 1
    print(f"ok: self-test: {len(INJECTED)} injected violations reported, {len(ALLOWED)} allowed includes not")
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] in ("-h", "--help"):
        print("Usage:\n" + __doc__.strip().split("\n\n", 1)[1])
        return 0
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test(argv[2])
    if len(argv) == 2 and not argv[1].startswith("-"):
        return run_lint(argv[1])
    print(f"include_rules.py: expected ROOT or --self-test ROOT, got {' '.join(argv[1:]) or 'nothing'}; try --help",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
