// Marker clustering (shared/zx/geo/cluster.hpp) checked two ways on the same
// generated points and viewports:
//  1. the native build and the WebAssembly build (node) of tests/tools/cluster_dump.cpp
//     must write byte-identical dumps: the web map and the desktop map cluster
//     exactly alike;
//  2. the result must match the npm supercluster package (8.0.1) configured
//     the same way (radius in 256-px tiles: radius = radius_px, extent = 256).
//
// What is compared with supercluster, and why that much and no more:
//  - per query: the number of items and the sum of their counts;
//  - with min_points 2: the partition itself (the exact set of input points
//    in every cluster), each cluster's expansion zoom, and its centroid to
//    1e-9 degrees. Both quantise the points to float32 and run the same greedy
//    pass in the same order, so the partitions agree; centroids differ only
//    in the last bits, because the neighbours are summed in a different order
//    and our projection is our own bit-reproducible code, not V8's Math.sin.
//    Ids are not compared: each library numbers its clusters its own way.
//  - with min_points > 2: counts only. When a group is too small, the
//    neighbours that stay unclustered are appended in the KD-tree's reporting
//    order, which is an implementation detail of each library and changes which
//    item seeds later clusters; totals are still conserved in both.
//
// node cluster_check.mjs --native zx_cluster_dump [--wasm zx_cluster_dump.js] --work DIR
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Supercluster from 'supercluster';
import { parseArgs } from '../support/args.mjs';
import { mulberry32 } from '../support/random.mjs';

const { native, wasm, work } = parseArgs({
  program: 'node tests/unit/cluster_check.mjs',
  summary: 'Marker clustering: the native and WebAssembly builds of zx_cluster_dump agree byte for byte\n' +
    'and cluster like npm supercluster.',
  options: {
    native: { value: 'FILE', required: true, help: 'native zx_cluster_dump' },
    wasm: { value: 'FILE.js', help: 'WebAssembly zx_cluster_dump.js, run under node; none: native only' },
    work: { value: 'DIR', default: '/tmp/zx-cluster-check', help: 'folder for inputs and dumps' },
  },
});
mkdirSync(work, { recursive: true });


function makePoints(n, seed) {
  const rand = mulberry32(seed);
  const cities = [[30.27, 120.15], [29.87, 121.55], [28.0, 120.7], [30.0, 120.58], [29.08, 119.65], [39.9, 116.4]];
  const pts = [];
  for (let i = 0; i < n; i++) {
    const k = rand();
    if (k < 0.55) {
      const c = cities[Math.floor(rand() * cities.length)];
      pts.push([c[0] + (rand() - 0.5) * 0.3 * rand(), c[1] + (rand() - 0.5) * 0.3 * rand()]);
    } else if (k < 0.8) pts.push([27 + rand() * 4.2, 118 + rand() * 5]);
    else if (k < 0.95) pts.push([18 + rand() * 32, 75 + rand() * 59]);
    else pts.push([-85 + rand() * 170, -180 + rand() * 360]);
  }
  // Edge cases: one spot many times, the antimeridian, the poles, the origin,
  // coordinates that are exact binary fractions.
  for (let i = 0; i < 40; i++) pts.push([30.2741, 120.1551]);
  for (const lon of [180, -180, 179.9999, -179.9999, 179.5, -179.5]) for (const lat of [0, 10, -10]) pts.push([lat, lon]);
  for (const lat of [90, 89.9, 85.06, 85.0511287798066, -85.0511287798066, -89, -90]) pts.push([lat, 30]);
  pts.push([0, 0], [0, 0], [0.5, 0.25], [-0.5, -0.25]);
  return pts;
}

function makeQueries(opts, seed) {
  const rand = mulberry32(seed);
  const q = [];
  for (let z = opts.min_zoom - 1; z <= opts.max_zoom + 2; z++) q.push([-180, -90, 180, 90, z]);
  q.push([170, -30, -170, 30, 3], [170, -30, -170, 30, opts.max_zoom + 1], [-190, -30, -170, 30, 5]);
  q.push([0, -90, 360, 90, 4], [118, 27, 123, 31.2, 7], [119.9, 30.1, 120.4, 30.45, 12], [73, 18, 135, 54, 4]);
  for (let i = 0; i < 60; i++) {
    const z = Math.floor(rand() * (opts.max_zoom + 3));
    const span = 1280 / (256 * 2 ** z) * 360;  // a 1280-px-wide screen at zoom z
    const w = 115 + rand() * 10 - span / 2;
    const s = 26 + rand() * 6 - span / 4;
    q.push([w, s, w + span, Math.min(90, s + span / 2), z]);
  }
  return q;
}

function run(cmd, args, label) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, `${label} failed: ${r.stderr || r.error}`);
}

function parseDump(text) {
  return JSON.parse(text).results.map((r) => ({
    query: r.query,
    items: r.items.map((a) => ({ id: a[0], count: a[1], index: a[2], ez: a[3], lat: a[4], lon: a[5], leaves: a.slice(6) })),
  }));
}

function leavesKey(list) {
  return [...list].sort((a, b) => a - b).join(',');
}

function compareWithSupercluster(points, opts, results, exact) {
  const sc = new Supercluster({
    minZoom: opts.min_zoom, maxZoom: opts.max_zoom, radius: opts.radius_px, extent: 256, minPoints: opts.min_points,
  });
  sc.load(points.map(([lat, lon], i) => ({ type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [lon, lat] } })));
  let items = 0;
  for (const { query, items: ours } of results) {
    const [w, s, e, n, z] = query;
    const theirs = sc.getClusters([w, s, e, n], z);
    const where = `query ${JSON.stringify(query)} with ${JSON.stringify(opts)}`;
    assert.equal(ours.length, theirs.length, `item count, ${where}`);
    const sum = (xs) => xs.reduce((t, x) => t + x, 0);
    assert.equal(sum(ours.map((c) => c.count)), sum(theirs.map((f) => f.properties.point_count ?? 1)), `total, ${where}`);
    items += ours.length;
    if (!exact) continue;
    const mine = new Map();
    for (const c of ours) mine.set(c.index >= 0 ? String(c.index) : leavesKey(c.leaves), c);
    for (const f of theirs) {
      const p = f.properties;
      const key = p.cluster ? leavesKey(sc.getLeaves(p.cluster_id, Infinity).map((l) => l.properties.i)) : String(p.i);
      const c = mine.get(key);
      assert.ok(c, `supercluster item with leaves ${key.slice(0, 80)}… not in ours, ${where}`);
      if (!p.cluster) continue;
      assert.equal(c.count, p.point_count, where);
      assert.equal(c.ez, sc.getClusterExpansionZoom(p.cluster_id), `expansion zoom, ${where}`);
      const [lon, lat] = f.geometry.coordinates;
      assert.ok(Math.abs(c.lat - lat) < 1e-9 && Math.abs(c.lon - lon) < 1e-9,
        `centroid ${c.lat},${c.lon} vs ${lat},${lon}, ${where}`);
    }
  }
  return items;
}

const configs = [
  { name: 'default', opts: { min_zoom: 0, max_zoom: 16, radius_px: 60, min_points: 2 }, n: 6000, seed: 1 },
  { name: 'small-radius', opts: { min_zoom: 3, max_zoom: 14, radius_px: 25, min_points: 2 }, n: 6000, seed: 2 },
  { name: 'min-points-4', opts: { min_zoom: 0, max_zoom: 12, radius_px: 80, min_points: 4 }, n: 4000, seed: 3 },
];

for (const cfg of configs) {
  const points = makePoints(cfg.n, cfg.seed);
  const queries = makeQueries(cfg.opts, cfg.seed + 100);
  const input = join(work, `${cfg.name}.in.json`);
  writeFileSync(input, JSON.stringify({ options: cfg.opts, points, queries }));
  const outNative = join(work, `${cfg.name}.native.json`);
  run(native, [input, outNative], 'native dump');
  const dumpNative = readFileSync(outNative);
  let wasmNote = 'wasm not built (ZX_BUILD_WEB=OFF)';
  if (wasm) {
    const outWasm = join(work, `${cfg.name}.wasm.json`);
    // --no-experimental-fetch: Emscripten 3.1.6 output under node 20 (TOOLCHAIN.md).
    run(process.execPath, ['--no-experimental-fetch', wasm, input, outWasm], 'wasm dump');
    const dumpWasm = readFileSync(outWasm);
    if (!dumpNative.equals(dumpWasm)) {
      const a = dumpNative.toString().split('\n');
      const b = dumpWasm.toString().split('\n');
      const i = a.findIndex((line, k) => line !== b[k]);
      assert.fail(`${cfg.name}: native and wasm dumps differ first at line ${i + 1}:\n  native ${a[i]}\n  wasm   ${b[i]}`);
    }
    wasmNote = `native == wasm (${dumpNative.length} bytes)`;
  }
  const results = parseDump(dumpNative.toString());
  const compared = compareWithSupercluster(points, cfg.opts, results, cfg.opts.min_points <= 2);
  console.log(`ok ${cfg.name}: ${points.length} points, ${queries.length} queries, ${compared} items; ${wasmNote}; ` +
    `supercluster ${cfg.opts.min_points <= 2 ? 'same partition' : 'same counts'}`);
}
