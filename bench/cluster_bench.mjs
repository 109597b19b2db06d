// Benchmark: marker clustering (shared/zx/geo/cluster.hpp) natively, as
// WebAssembly under node, and npm supercluster 8.0.1 under node, on the same
// points and viewports in the same run. Not part of CTest; run after building
// zx_cluster_bench and the web sub-build (both are part of a full build):
//
//   node bench/cluster_bench.mjs [--build build] [--sizes 20000,100000]
//
// Points: mostly Zhejiang (lat 27-31.2, lon 118-123) with dense clusters
// around its cities, the rest over the province and over China. Viewports are
// a 1280 x 800 px screen: national (zoom 4-5), province (7-8), city (11-12)
// and random (zoom 3-17). Each query's time is the mean of 5 back-to-back runs
// after one untimed warm-up pass; builds are the median of 3. All three return
// the same items (checked below), so the times compare like for like. The
// WebAssembly build is the web client's: -Os, as the browser gets it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Supercluster from 'supercluster';
import { parseArgs } from '../tests/support/args.mjs';
import { mulberry32 } from '../tests/support/random.mjs';

const args = parseArgs({
  program: 'node bench/cluster_bench.mjs',
  summary: 'Marker clustering natively, as WebAssembly under node and with npm supercluster, on the\n' +
    'same points and viewports; needs zx_cluster_bench and the web sub-build.',
  options: {
    build: { value: 'DIR', default: 'build', help: 'the build folder' },
    sizes: { value: 'N,N', type: 'ints', min: 1, max: 10000000, default: [20000, 100000], help: 'point counts to run' },
  },
});
const build = resolve(args.build);
const sizes = args.sizes;
const nativeBin = join(build, 'bin', 'zx_cluster_bench');
const wasmJs = join(build, 'wasm', 'web-tools', 'zx_cluster_bench.js');
const work = join(build, 'bench-cluster');
mkdirSync(work, { recursive: true });
for (const f of [nativeBin, wasmJs]) if (!existsSync(f)) throw new Error(`${f} missing: build zx_cluster_bench and zx_web first`);

const OPTIONS = { min_zoom: 0, max_zoom: 16, radius_px: 60, min_points: 2 };
const BUILD_RUNS = 3;
const REPEAT = 5;

const CITIES = [[30.27, 120.15], [29.87, 121.55], [28.0, 120.7], [30.0, 120.58], [29.08, 119.65], [30.87, 120.09],
  [30.75, 120.76], [28.66, 121.42], [28.45, 119.92], [28.94, 118.87], [30.0, 122.1]];

function makePoints(n, seed) {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const pts = [];
  for (let i = 0; i < n; i++) {
    const k = rand();
    if (k < 0.6) {
      const c = CITIES[Math.floor(rand() * CITIES.length)];
      const spread = rand() < 0.5 ? 0.03 : 0.12;  // a dense core and its suburbs
      pts.push([c[0] + gauss() * spread, c[1] + gauss() * spread]);
    } else if (k < 0.9) pts.push([27 + rand() * 4.2, 118 + rand() * 5]);
    else pts.push([18 + rand() * 32, 75 + rand() * 59]);
  }
  return pts;
}

// A 1280 x 800 screen centred at (lat, lon) at zoom z, as [w, s, e, n, z].
function viewport(lat, lon, z) {
  const size = 256 * 2 ** z;
  const s = Math.sin(lat * Math.PI / 180);
  const cy = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size;
  const toLat = (y) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y / size))) * 180) / Math.PI;
  const dLon = (1280 / size) * 360;
  return [lon - dLon / 2, toLat(Math.min(size, cy + 400)), lon + dLon / 2, toLat(Math.max(0, cy - 400)), z];
}

function makeSets(seed) {
  const rand = mulberry32(seed);
  const sets = { national: [], province: [], city: [], random: [] };
  for (let i = 0; i < 50; i++) sets.national.push(viewport(25 + rand() * 15, 100 + rand() * 22, 4 + (i % 2)));
  for (let i = 0; i < 100; i++) sets.province.push(viewport(27.5 + rand() * 3.5, 118.5 + rand() * 4, 7 + (i % 2)));
  for (let i = 0; i < 200; i++) {
    const c = CITIES[i % CITIES.length];
    sets.city.push(viewport(c[0] + (rand() - 0.5) * 0.2, c[1] + (rand() - 0.5) * 0.2, 11 + (i % 2)));
  }
  for (let i = 0; i < 500; i++) {
    const china = rand() < 0.3;
    sets.random.push(viewport(china ? 20 + rand() * 25 : 27 + rand() * 4, china ? 80 + rand() * 50 : 118 + rand() * 5,
      3 + Math.floor(rand() * 15)));
  }
  return sets;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

function runTool(cmd, args, input, name) {
  const inFile = join(work, `${name}.in.json`);
  const outFile = join(work, `${name}.out.json`);
  writeFileSync(inFile, input);
  const r = spawnSync(cmd, [...args, inFile, outFile], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, `${name}: ${r.stderr || r.error}`);
  return JSON.parse(readFileSync(outFile, 'utf8'));
}

function runSupercluster(points, sets) {
  const features = points.map(([lat, lon], i) => ({ type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [lon, lat] } }));
  const options = { minZoom: OPTIONS.min_zoom, maxZoom: OPTIONS.max_zoom, radius: OPTIONS.radius_px, extent: 256, minPoints: OPTIONS.min_points };
  const buildMs = [];
  let sc;
  for (let r = 0; r < BUILD_RUNS; r++) {
    const t0 = performance.now();
    sc = new Supercluster(options).load(features);
    buildMs.push(performance.now() - t0);
  }
  const out = { build_ms: buildMs, sets: {} };
  for (const qs of Object.values(sets)) for (const [w, s, e, n, z] of qs) sc.getClusters([w, s, e, n], z);  // warm-up
  for (const [name, qs] of Object.entries(sets)) {
    const us = [];
    let items = 0;
    for (const [w, s, e, n, z] of qs) {
      let got = 0;
      const t0 = performance.now();
      for (let k = 0; k < REPEAT; k++) got = sc.getClusters([w, s, e, n], z).length;
      us.push(((performance.now() - t0) * 1000) / REPEAT);
      items += got;
    }
    out.sets[name] = { us, items };
  }
  return out;
}

const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const rows = [];
for (const n of sizes) {
  const points = makePoints(n, 20261123 + n);
  const sets = makeSets(7 + n);
  const input = JSON.stringify({ options: OPTIONS, points, build_runs: BUILD_RUNS, repeat: REPEAT, sets });
  const results = {
    native: runTool(nativeBin, [], input, `native-${n}`),
    wasm: runTool(process.execPath, ['--no-experimental-fetch', wasmJs], input, `wasm-${n}`),
    supercluster: runSupercluster(points, sets),
  };
  for (const name of Object.keys(sets)) {
    const items = results.supercluster.sets[name].items;
    assert.equal(results.native.sets[name].items, items, `native returns other items than supercluster (${name})`);
    assert.equal(results.wasm.sets[name].items, items, `wasm returns other items than supercluster (${name})`);
  }
  const line = (what, pick) => {
    const [a, b, c] = ['native', 'wasm', 'supercluster'].map((k) => pick(results[k]));
    rows.push([String(n), what, fmt(a), fmt(b), fmt(c), (a / c).toFixed(2), (b / c).toFixed(2), (b / a).toFixed(2)]);
  };
  line('build ms (median of 3)', (r) => median(r.build_ms));
  for (const name of Object.keys(sets)) {
    const zooms = [...new Set(sets[name].map((q) => q[4]))];
    const label = `${name} (${sets[name].length} q, z${Math.min(...zooms)}-${Math.max(...zooms)}, ` +
      `${Math.round(results.supercluster.sets[name].items / sets[name].length)} items/q)`;
    line(`${label} p50 µs`, (r) => pct(r.sets[name].us, 50));
    line(`${label} p95 µs`, (r) => pct(r.sets[name].us, 95));
  }
}

const head = ['points', 'measure', 'native', 'wasm', 'supercluster', 'native/sc', 'wasm/sc', 'wasm/native'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const show = (r) => '| ' + r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
console.log(show(head));
console.log('|' + widths.map((w, i) => (i < 2 ? '-'.repeat(w + 1) + '-' : '-'.repeat(w + 1) + ':')).join('|') + '|');
for (const r of rows) console.log(show(r));
console.log(`\nratios < 1: faster than supercluster. node ${process.version}; items per set identical in all three.`);
