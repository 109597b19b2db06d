// Browser end-to-end test: the WebAssembly client in Debian's Chromium
// (headless, WebGL2 through SwiftShader), driven by playwright-core, against a
// real zhixing-server with the demo data. It clicks where a person would (the
// hook reports where ImGui drew each item) and reads the app's state through
// the read-only hook window.zhixing.
//
// node e2e.mjs --server-bin B --web DIR --seed TSV --out DIR
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { clickItem, focusField, launch, mapStats, state, until, watch } from '../support/browser.mjs';
import { decodePng, pixelStats } from '../support/png.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { fetchJson, startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/browser/e2e.mjs',
  summary: "The web client in headless Chromium against a real zhixing-server: first frame, the map's\n" +
    'bases, marker clicks, list picks, search, language switch.',
  options: e2eOptions('server-bin', 'web', 'seed', 'out'),
});
mkdirSync(args.out, { recursive: true });
const shot = (name) => join(args.out, name);

// Raw GET that does not decompress, to see sizes and headers as sent.
function rawGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

// Markers Leaflet shows: single markers plus the counts on cluster icons.
function countOnMap() {
  const clusters = [...document.querySelectorAll('#zx-map .marker-cluster')];
  const inClusters = clusters.reduce((n, el) => n + parseInt(el.textContent, 10), 0);
  const singles = document.querySelectorAll('#zx-map .zx-marker').length;
  return { clusters: clusters.length, inClusters, singles, total: inClusters + singles };
}

const server = await startServer({ serverBin: args.serverBin, web: args.web, seed: args.seed });
const metrics = {};
let browser;
try {
  const { bases } = await fetchJson(server.url + '/api/v1/bases');
  assert.ok(bases.length >= 200);

  // --- What the server sends the browser --------------------------------------
  for (const [file, type] of [['zhixing.wasm', 'application/wasm'], ['zhixing.js', 'text/javascript; charset=utf-8'],
    ['zhixing.data', 'application/octet-stream'], ['index.html', 'text/html; charset=utf-8']]) {
    const plain = await rawGet(`${server.url}/${file}`);
    const gz = await rawGet(`${server.url}/${file}`, { 'Accept-Encoding': 'gzip' });
    assert.equal(plain.status, 200, file);
    assert.equal(plain.headers['content-type'], type, `${file} MIME type`);
    assert.equal(gz.headers['content-encoding'], 'gzip', `${file} is served compressed`);
    metrics[file] = { raw: plain.body.length, gzip: gz.body.length };
  }

  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);

  // --- First frame --------------------------------------------------------------
  const t0 = Date.now();
  await page.goto(server.url + '/');
  await until(page, () => window.zhixing && window.zhixing.firstFrameMs() !== null, null, 'the first ImGui frame', 60000);
  metrics.firstFrameMs = await page.evaluate(() => window.zhixing.firstFrameMs());
  metrics.firstFrameWallMs = Date.now() - t0;
  let s = await state(page);
  // The public list of bases is fetched only when a view shows bases (the map).
  assert.equal(s.basesStatus, 'idle', 'no base list fetched for the home view');
  assert.equal(s.target, 'web');
  assert.equal(s.view, 'space');
  assert.equal(s.language, 'zh-CN');
  assert.equal(s.fontCjk, true, 'the Chinese font was loaded from the preloaded package');
  await until(page, () => window.zhixing.state().server === 'online', null, 'the server to answer');
  await page.waitForTimeout(300);
  await page.screenshot({ path: shot('web-space.png') });
  const space = pixelStats(decodePng(readFileSync(shot('web-space.png'))));
  assert.ok(space.colours > 100 && space.stddev > 15, `canvas looks blank: ${JSON.stringify(space)}`);
  assert.equal((await mapStats(page)).visible, false, 'the map is hidden outside the map view');

  // --- The map holds every base ---------------------------------------------------
  await clickItem(page, 'nav:map');
  await until(page, () => window.zhixing.state().view === 'map' && window.zhixing.map().visible, null, 'the map view');
  await until(page, () => window.zhixing.state().basesStatus === 'ready', null, 'bases to load');
  assert.equal((await state(page)).bases, bases.length);
  await until(page, (n) => {
    const clusters = [...document.querySelectorAll('#zx-map .marker-cluster')];
    const total = clusters.reduce((k, el) => k + parseInt(el.textContent, 10), 0) +
      document.querySelectorAll('#zx-map .zx-marker').length;
    return total === n;
  }, bases.length, `all ${bases.length} bases as markers and cluster counts`);
  const onMap = await page.evaluate(countOnMap);
  assert.equal(onMap.total, bases.length);
  assert.ok(onMap.clusters > 0, 'bases are clustered at the overview zoom');
  assert.equal((await mapStats(page)).markers, bases.length);
  // The Leaflet element sits exactly over the map region of the ImGui layout.
  s = await state(page);
  const box = await page.locator('#zx-map').boundingBox();
  const region = s.items['map:region'];
  for (const [a, b] of [[box.x, region[0]], [box.y, region[1]], [box.width, region[2]], [box.height, region[3]]])
    assert.ok(Math.abs(a - b) <= 1, `map element ${JSON.stringify(box)} vs region ${region}`);
  await page.screenshot({ path: shot('web-map-overview.png') });
  metrics.clustersAtOverview = onMap.clusters;

  // --- Clicking a marker reaches C++ ------------------------------------------------
  for (let i = 0; i < 12 && (await page.locator('#zx-map .zx-dot').count()) === 0; i++) {
    await page.locator('#zx-map .marker-cluster').first().click();
    await page.waitForTimeout(700);  // the zoom animation
  }
  const dot = page.locator('#zx-map .zx-dot').first();
  const pickedId = await dot.getAttribute('data-base-id');
  assert.ok(pickedId, 'a single marker became visible after zooming into clusters');
  await dot.click();
  await until(page, (id) => window.zhixing.state().selectedBase === id, pickedId, `selection of ${pickedId}`);
  s = await state(page);
  assert.equal(s.selectedBaseName, bases.find((b) => b.id === pickedId).name, 'the ImGui panel shows the picked base');
  assert.equal((await mapStats(page)).selected, pickedId);
  await page.waitForTimeout(300);
  await page.screenshot({ path: shot('web-map-selected.png') });

  // --- Picking in the ImGui list pans the map -----------------------------------------
  const listed = Object.keys(s.items).filter((k) => k.startsWith('base:')).map((k) => k.slice(5));
  // A row from the middle of the list: the first and last may be scrolled half out of view.
  const candidates = listed.filter((id) => id !== pickedId);
  const target = bases.find((b) => b.id === candidates[Math.floor(candidates.length / 2)]);
  assert.ok(target, 'a base row is visible in the list');
  await clickItem(page, 'base:' + target.id);
  await until(page, (id) => window.zhixing.state().selectedBase === id, target.id, 'selection from the list');
  // The map shows the base with its surroundings (geo::context_box: its
  // nearest neighbours, at least 3 km and at most 30 km either side), not a
  // blank map with one dot: the base well inside the view, the view between
  // about 6 and 80 km tall.
  await until(page, (t) => {
    const m = window.zhixing.map();
    if (!m.bounds) return false;
    const [s, w, n, e] = m.bounds;
    const inside = t.lat > s + (n - s) * 0.1 && t.lat < n - (n - s) * 0.1 && t.lon > w + (e - w) * 0.1 && t.lon < e - (e - w) * 0.1;
    const km = (n - s) * 111.2;
    return inside && km > 5.5 && km < 80;
  }, { lat: target.lat, lon: target.lon }, 'the map to show the base picked in the list with its neighbours');
  await page.waitForTimeout(500);
  await page.screenshot({ path: shot('web-map-list-pick.png') });

  // --- Search: the list and the map show the same set ------------------------------------
  const science = bases.filter((b) => b.category === 'science').length;
  await focusField(page, 'map:search');  // typed keys go to the text overlay once it is over the field
  await page.keyboard.type('science');
  await until(page, (n) => window.zhixing.state().shownBases === n && window.zhixing.map().markers === n, science,
    `${science} science bases in list and map`);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await until(page, (n) => window.zhixing.state().shownBases === n, bases.length, 'the search to clear');

  // --- Language switch, remembered across a reload; the map hides elsewhere --------------
  await clickItem(page, 'nav:settings');
  await until(page, () => window.zhixing.state().view === 'settings', null, 'the settings view');
  assert.equal((await mapStats(page)).visible, false);
  assert.equal(await page.locator('#zx-map').isHidden(), true);
  await clickItem(page, 'lang:en');
  await until(page, () => window.zhixing.state().language === 'en', null, 'English');
  await page.waitForTimeout(200);
  await page.screenshot({ path: shot('web-settings-en.png') });
  await page.reload();
  await until(page, () => window.zhixing && window.zhixing.firstFrameMs() !== null, null, 'the first frame after reload');
  await until(page, () => window.zhixing.state().language === 'en', null, 'English after reload');
  await clickItem(page, 'nav:settings');
  await until(page, () => window.zhixing.state().view === 'settings', null, 'settings after reload');
  await clickItem(page, 'lang:zh');
  await until(page, () => window.zhixing.state().language === 'zh-CN', null, 'Chinese again');

  assert.deepEqual(problems, [], 'no page or console errors');
  metrics.bases = bases.length;
  writeFileSync(join(args.out, 'web-metrics.json'), JSON.stringify(metrics, null, 2));
  console.log('browser e2e passed:', JSON.stringify(metrics));
} finally {
  if (browser) await browser.close();
  await server.stop();
}
