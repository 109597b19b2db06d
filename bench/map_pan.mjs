// Benchmark: frame times of the browser map while panning with 20,000 bases
// (clusters computed in C++/WebAssembly, drawn by Leaflet), in headless
// Chromium against a real zhixing-server. Baseline in the same run: the same
// drags with the map empty (a search that matches nothing), so the ratio says
// what the bases add to a frame.
//
//   node bench/map_pan.mjs [--build build] [--bases 20000] [--drags 8]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clickItem, firstFrame, launch, until } from '../tests/support/browser.mjs';
import { parseArgs } from '../tests/support/args.mjs';
import { startServer } from '../tests/support/server.mjs';

const args = parseArgs({
  program: 'node bench/map_pan.mjs',
  summary: 'Frame times of the browser map while panning over generated bases, in headless Chromium\n' +
    'against a real zhixing-server, with the same drags over an empty map as the baseline.',
  options: {
    build: { value: 'DIR', default: 'build', help: 'the build folder, with the server and the web client' },
    bases: { value: 'N', type: 'int', min: 1, max: 1000000, default: 20000, help: 'bases to generate' },
    drags: { value: 'N', type: 'int', min: 1, max: 1000, default: 8, help: 'drags per run' },
  },
});
const build = resolve(args.build);
const count = args.bases;
const drags = args.drags;

// Deterministic bases over Zhejiang, denser around the cities, as demo data.
function basesTsv(n) {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const cities = [[30.27, 120.15], [29.87, 121.55], [28.0, 120.67], [30.75, 120.76], [30.0, 120.58], [29.08, 119.65]];
  const cats = ['nature', 'history', 'red', 'science', 'labor', 'defense', 'arts'];
  const lv = ['national', 'provincial', 'municipal'];
  const rows = ['id\tname\tcategory\tlevel\tcity\tdistrict\taddress\tlat\tlon'];
  for (let i = 0; i < n; i++) {
    const near = rnd() < 0.7;
    const [clat, clon] = cities[Math.floor(rnd() * cities.length)];
    const lat = near ? clat + (rnd() - 0.5) * 0.6 : 27.2 + rnd() * 3.8;
    const lon = near ? clon + (rnd() - 0.5) * 0.6 : 118.2 + rnd() * 3.8;
    rows.push([`b-${i}`, `基准测试基地${i}`, cats[i % 7], lv[i % 3], '杭州市', '西湖区', `测试路${i}号`,
      lat.toFixed(5), lon.toFixed(5)].join('\t'));
  }
  return rows.join('\n') + '\n';
}

const dir = mkdtempSync(join(tmpdir(), 'zx-pan-'));
const seed = join(dir, 'bases.tsv');
writeFileSync(seed, basesTsv(count));
const server = await startServer({ serverBin: join(build, 'bin/zhixing-server'), web: join(build, 'web'), seed });
const browser = await launch();
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

// Drags the map back and forth while the page records every animation frame.
async function pan(page) {
  const s = await page.evaluate(() => window.zhixing.state());
  const [x, y, w, h] = s.items['map:region'];
  await page.evaluate(() => {
    window.__frames = [];
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__recording) requestAnimationFrame(tick);
    };
    window.__recording = true;
    requestAnimationFrame(tick);
  });
  const cx = x + w / 2, cy = y + h / 2;
  for (let i = 0; i < drags; i++) {
    const dx = (i % 2 ? -1 : 1) * w * 0.35, dy = (i % 4 < 2 ? 1 : -1) * h * 0.2;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + dx, cy + dy, { steps: 30 });
    await page.mouse.up();
    await page.waitForTimeout(150); // lets moveend ask C++ for the new clusters
  }
  const t = await page.evaluate(() => {
    window.__recording = false;
    const f = window.__frames;
    return f.slice(1).map((v, i) => v - f[i]);
  });
  return t;
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url + '/');
  await firstFrame(page);
  await clickItem(page, 'nav:map');
  await until(page, (n) => window.zhixing.map().visible && window.zhixing.map().markers === n, count,
    `${count} bases on the map`, 120000);
  // Zoom in two levels: a city-sized view, where panning brings new clusters in.
  await page.evaluate(() => document.querySelector('.leaflet-control-zoom-in').click());
  await page.waitForTimeout(400);
  await page.evaluate(() => document.querySelector('.leaflet-control-zoom-in').click());
  await page.waitForTimeout(400);
  const full = await pan(page);
  const drawn = await page.evaluate(() => document.querySelectorAll('#zx-map .leaflet-marker-icon').length);

  await clickItem(page, 'map:search');
  await page.keyboard.type('zzzz-no-such-base');
  await until(page, () => window.zhixing.map().markers === 0, null, 'an empty map');
  const empty = await pan(page);

  console.log(`map panning in headless Chromium (SwiftShader), ${drags} drags of 30 steps:`);
  console.log(`  ${String(count).padStart(6)} bases (${drawn} markers/clusters drawn after the drags): ` +
    `frame p50 ${pct(full, 0.5).toFixed(1)} ms, p95 ${pct(full, 0.95).toFixed(1)} ms, max ${Math.max(...full).toFixed(1)} ms, ` +
    `${full.length} frames`);
  console.log(`       0 bases (baseline): frame p50 ${pct(empty, 0.5).toFixed(1)} ms, p95 ${pct(empty, 0.95).toFixed(1)} ms, ` +
    `max ${Math.max(...empty).toFixed(1)} ms, ${empty.length} frames`);
  console.log(`  ratio p50 ${(pct(full, 0.5) / pct(empty, 0.5)).toFixed(2)}x, p95 ${(pct(full, 0.95) / pct(empty, 0.95)).toFixed(2)}x`);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
