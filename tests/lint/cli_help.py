#!/usr/bin/python3
"""Every command-line tool of the project answers --help and refuses mistakes.

For each tool listed below:
  TOOL --help          must exit 0 and print a line starting with "Usage" on stdout;
  TOOL --no-such-flag  must exit 2 and name --no-such-flag on stderr;
  TOOL BAD...          (where listed) must exit 2 and name the argument on stderr.
The C++ tools share shared/zx/core/cli.hpp, the node scripts tests/support/args.mjs.

The lists are explicit on purpose: a new tool is added here by hand, so a
reviewer sees whether it answers --help. Besides, every executable in the
build's bin folder, every bench/*.mjs and tests/browser/*.mjs and every
WebAssembly tool must be listed here (or among the test runners), so a tool
cannot be forgotten silently.

  cli_help.py --root SOURCE_DIR --bin BUILD/bin [--node node] [--wasm-tools BUILD/wasm/web-tools]
"""
import argparse
import concurrent.futures
import os
import subprocess
import sys

# name in build/bin -> (arguments with a malformed value, the argument the error must name)
CPP_TOOLS = {
    "zhixing-server": (["--port", "70000"], "--port"),
    "zhixing": (["--timeout", "soon"], "--timeout"),
    "zx_sync_bench": (["many"], "CHANGES"),
    "zx_search_bench": (["0"], "NOTES"),
    "zx_cluster_bench": (["in.json", "out.json", "extra"], "extra"),
    "zx_knowledge_bench": (["many"], "FRAMES"),
    "zx_hot_bench": (["out.json", "--runs", "many"], "--runs"),
    "zx_events_bench": (["--sizes", "1000,lots"], "--sizes"),
    "zx_check_cli": (["nope"], "COMMAND"),
    "zx_cluster_dump": (["in.json"], "OUT.json"),
    "zx_export_geojson": (["a.tsv", "b.geojson"], "ROUTES.json"),
    "zx_openapi_dump": (["a.tsv", "b.json", "c"], "c"),
}

# Executables in build/bin that are not tools: doctest runners, driven by
# CTest through doctest's own command line (which ignores unknown options).
TEST_RUNNERS = {"zx_shared_tests", "zx_server_tests", "zx_sync_tests", "zx_client_tests", "zx_cli_tests"}

# The C++ tools also built as WebAssembly for node (tests/wasm/CMakeLists.txt).
WASM_TOOLS = {
    "zx_cluster_dump.js": (["in.json"], "OUT.json"),
    "zx_cluster_bench.js": (["in.json"], "OUT.json"),
    "zx_hot_bench.js": (["out.json", "--runs", "0"], "--runs"),
}

# node scripts, relative to the source root -> (malformed arguments, argument named)
NODE_SCRIPTS = {
    "bench/cluster_bench.mjs": (["--sizes", "1000,lots"], "--sizes"),
    "bench/map_pan.mjs": (["--bases", "-1"], "--bases"),
    "bench/search_browser.mjs": (["--dir"], "--dir"),
    "bench/web_startup.mjs": (["--runs", "x"], "--runs"),
    "tests/unit/cluster_check.mjs": (["--work", "/tmp"], "--native"),
    "tests/unit/fsrs_check.mjs": (["--cli", "x", "--histories", "0"], "--histories"),
    "tests/browser/conflict.mjs": (["--accounts"], "--accounts"),
    "tests/browser/e2e.mjs": (["--out"], "--out"),
    "tests/browser/map.mjs": (["--server-bin", "x"], "--web"),
    "tests/browser/offline.mjs": (["--seed=a", "stray"], "stray"),
    "tests/browser/phone.mjs": (["--out"], "--out"),
    "tests/browser/space.mjs": (["--ics"], "--ics"),
    "tests/browser/drafts.mjs": (["--seed"], "--seed"),
    "tests/browser/first_load.mjs": (["--web"], "--web"),
    "tests/browser/links.mjs": (["--accounts"], "--accounts"),
    "tests/browser/parents.mjs": (["--out"], "--out"),
    "tests/browser/idle.mjs": (["--web"], "--web"),
    "tests/browser/live.mjs": (["--accounts"], "--accounts"),
    "tests/desktop/idle.mjs": (["--client-bin"], "--client-bin"),
    "bench/wasm_native.mjs": (["--runs", "none"], "--runs"),
    "bench/idle_cpu.mjs": (["--seconds", "x"], "--seconds"),
    "tests/desktop/smoke.mjs": (["--client-bin"], "--client-bin"),
    "tests/client/tls_proxy.mjs": (["--to", "70000"], "--to"),
}

# The README's scripts that take arguments (bash, run directly; no side
# effects before their arguments are checked).
SHELL_SCRIPTS = {
    "scripts/run.sh": (["now"], "now"),
    "scripts/build.sh": (["--fast"], "--fast"),
    "scripts/test.sh": (["now"], "now"),
    "scripts/fuzz.sh": (["--runs", "many"], "--runs"),
    "scripts/sanitize.sh": (["--suite", "client.everything"], "--suite"),
}


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout, p.stderr
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, "", str(e)


def check(label, cmd, bad, named):
    """Runs the three cases for one tool; returns one line per failure."""
    problems = []
    code, out, err = run(cmd + ["--help"])
    if code != 0 or not any(line.startswith("Usage") for line in out.splitlines()):
        problems.append(f"{label} --help: exit {code}, expected 0 and a line starting with 'Usage' on stdout"
                        f" (stdout: {out.strip()[:200]!r}, stderr: {err.strip()[:200]!r})")
    for args, name in ((["--no-such-flag"], "--no-such-flag"), (bad, named)):
        code, out, err = run(cmd + args)
        if code != 2 or name not in err:
            problems.append(f"{label} {' '.join(args)}: exit {code}, expected 2 and {name} named on stderr"
                            f" (stderr: {err.strip()[:200]!r})")
        elif len(err.strip().splitlines()) != 1 or "try --help" not in err:
            problems.append(f"{label} {' '.join(args)}: expected one line ending in 'try --help', got {err.strip()!r}")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True, help="source folder")
    ap.add_argument("--bin", required=True, help="folder of the built native executables")
    ap.add_argument("--node", default="node", help="node to run the scripts with")
    ap.add_argument("--wasm-tools", help="folder of the WebAssembly tools, if the web sub-build is on")
    a = ap.parse_args()

    problems = []
    jobs = []  # (label, command, malformed arguments, argument named)
    present = {f for f in os.listdir(a.bin) if os.access(os.path.join(a.bin, f), os.X_OK)}
    for name in sorted(present - CPP_TOOLS.keys() - TEST_RUNNERS):
        problems.append(f"{a.bin}/{name} is not listed in tests/lint/cli_help.py (CPP_TOOLS or TEST_RUNNERS)")
    for name, (bad, named) in CPP_TOOLS.items():
        path = os.path.join(a.bin, name)
        if name not in present:
            problems.append(f"{path} is missing (build it first)")
            continue
        jobs.append((name, [path], bad, named))

    if a.wasm_tools:
        present_js = {f for f in os.listdir(a.wasm_tools) if f.endswith(".js")}
        for name in sorted(present_js - WASM_TOOLS.keys()):
            problems.append(f"{a.wasm_tools}/{name} is not listed in tests/lint/cli_help.py (WASM_TOOLS)")
        for name, (bad, named) in WASM_TOOLS.items():
            path = os.path.join(a.wasm_tools, name)
            if name not in present_js:
                problems.append(f"{path} is missing (build the web sub-build first)")
                continue
            # --no-experimental-fetch: Emscripten 3.1.6 output under node 20, as tests/unit/cluster_check.mjs.
            jobs.append((name, [a.node, "--no-experimental-fetch", path], bad, named))

    scripts = {f"{d}/{f}" for d in ("bench", "tests/browser")
               for f in os.listdir(os.path.join(a.root, d)) if f.endswith(".mjs")}
    for script in sorted(scripts - NODE_SCRIPTS.keys()):
        problems.append(f"{script} is not listed in tests/lint/cli_help.py (NODE_SCRIPTS)")
    for script, (bad, named) in NODE_SCRIPTS.items():
        path = os.path.join(a.root, script)
        if not os.path.isfile(path):
            problems.append(f"{script} is listed in tests/lint/cli_help.py but does not exist")
            continue
        jobs.append((script, [a.node, path], bad, named))

    for script, (bad, named) in SHELL_SCRIPTS.items():
        jobs.append((script, [os.path.join(a.root, script)], bad, named))

    # Each run is a process start (node with playwright takes ~0.6 s): in parallel.
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for found in pool.map(lambda job: check(*job), jobs):
            problems += found
    if problems:
        print(f"{len(problems)} problem(s) with command-line tools:")
        for p in problems:
            print("  " + p)
        return 1
    print(f"ok: {len(jobs)} tools answer --help and refuse unknown options and bad values")
    return 0


if __name__ == "__main__":
    sys.exit(main())
