// Benchmark: the client's hot paths as WebAssembly against the native build,
// in one run: search tokens, snippets, Markdown, timetable expansion and an
// ImGui frame (bench/hot_bench.cpp, built natively and for node with the web
// client's flags), then marker clustering against npm supercluster as well
// (bench/cluster_bench.mjs). Prints each workload's best time and the
// wasm/native ratio (the aim: at most 1.6). Not part of CTest; after a build:
//
//   node bench/wasm_native.mjs [--build build] [--runs 7] [--no-cluster]
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../tests/support/args.mjs';

const args = parseArgs({
  program: 'node bench/wasm_native.mjs',
  summary: "The client's hot paths (tokens, snippets, Markdown, timetable, an ImGui frame) natively and\n" +
    'as WebAssembly under node in one run, then clustering against supercluster; needs zx_hot_bench\n' +
    'and the web sub-build.',
  options: {
    build: { value: 'DIR', default: 'build', help: 'the build folder' },
    runs: { value: 'N', type: 'int', min: 1, max: 1000, default: 7, help: 'timed runs of each workload per round' },
    rounds: { value: 'R', type: 'int', min: 1, max: 100, default: 3, help: 'rounds, each running native then wasm' },
    'no-cluster': { flag: true, help: 'leave out the clustering benchmark' },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const build = resolve(args.build);
const nativeBin = join(build, 'bin', 'zx_hot_bench');
const wasmJs = join(build, 'wasm', 'web-tools', 'zx_hot_bench.js');
const font = join(build, 'assets', 'zhixing-sc.otf');
const work = join(build, 'bench-hot');
mkdirSync(work, { recursive: true });
for (const f of [nativeBin, wasmJs, font]) if (!existsSync(f)) throw new Error(`${f} missing: build zx_hot_bench and zx_web first`);

function run(name, cmd, argv) {
  const out = join(work, `${name}.json`);
  const r = spawnSync(cmd, [...argv, out, '--font', font, '--runs', String(args.runs)], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${name}: ${r.stderr || r.error}`);
  return JSON.parse(readFileSync(out, 'utf8')).workloads;
}
// The best of the runs: on a shared machine the others are slowed by whatever else runs.
const best = (xs) => Math.min(...xs);
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

// Rounds alternate the builds, so that a slow stretch of a shared machine
// (other processes, frequency changes) falls on both sides, not on one.
const merge = (acc, ws) => {
  if (!acc) return ws;
  for (const w of ws) acc.find((x) => x.name === w.name).ms.push(...w.ms);
  return acc;
};
let native = null, wasm = null;
for (let i = 0; i < args.rounds; i++) {
  native = merge(native, run('native', nativeBin, []));
  wasm = merge(wasm, run('wasm', process.execPath, ['--no-experimental-fetch', wasmJs]));
}
const rows = [];
for (const n of native) {
  const w = wasm.find((x) => x.name === n.name);
  assert.ok(w, `wasm lacks ${n.name}`);
  assert.equal(w.check, n.check, `${n.name}: the builds computed different results`);
  const a = best(n.ms), b = best(w.ms);
  rows.push([n.name, n.what, fmt(a), fmt(b), (b / a).toFixed(2)]);
}
const head = ['workload', 'what', 'native ms', 'wasm ms', 'wasm/native'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const show = (r) => '| ' + r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
console.log(show(head));
console.log('|' + widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
for (const r of rows) console.log(show(r));
console.log(`\nbest of ${args.runs * args.rounds} runs (${args.rounds} alternating rounds) after a warm-up; node ${process.version}; results identical in both builds.\n`);

if (!args.noCluster) {
  const r = spawnSync(process.execPath, [join(here, 'cluster_bench.mjs'), '--build', build], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
