// An idle web client draws nothing (client/platform/frame_pacer.hpp), and
// wakes at once for what needs it. In headless Chromium against a real
// server, counting the frames the client reports it has drawn
// (window.zhixing.state().frame):
//  - after settling, a few seconds without input draw (almost) no frames,
//    while the same page with ?frames=continuous draws one per animation frame;
//  - input (a click in the canvas) draws again at once and is acted on;
//  - Leaflet keeps working: a click on a cluster zooms the map, C++ is told
//    (zx_web_map_view wakes it) and sends the finer clusters;
//  - typing into the text overlay reaches C++ (its events wake the loop);
//  - a running focus timer draws about once a second, not every frame;
//  - the periodic health check still runs while idle: with the server
//    stopped, the status turns offline with no input at all.
//
// node idle.mjs --server-bin B --web DIR --seed TSV --out DIR
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { clickItem, firstFrame, goTo, launch, mapStats, signIn, state, until, waitItem, watch, typeInto } from '../support/browser.mjs';
import { framesDuring, settled, webFrames } from '../support/frames.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/browser/idle.mjs',
  summary: 'An idle web client draws no frames and wakes for input, Leaflet, typing, timers and the\n' +
    'health check, in headless Chromium against a real zhixing-server.',
  options: e2eOptions('server-bin', 'web', 'seed', 'accounts', 'out'),
});
mkdirSync(args.out, { recursive: true });
const server = await startServer({ serverBin: args.serverBin, web: args.web, seed: args.seed, seedAccounts: args.accounts });
const IDLE_MS = 3000;
// Idle may include one health check (every 10 s): its timer's frame and the
// few frames after its answer. A page drawing every frame draws ~180 in 3 s.
const IDLE_MAX_FRAMES = 10;
let browser;
try {
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const problems = [];

  // --- Baseline: the same page drawing every frame ---------------------------------
  const busy = await context.newPage();
  watch(busy, problems, 'continuous: ');
  await busy.goto(server.url + '/?frames=continuous');
  await firstFrame(busy);
  await until(busy, () => window.zhixing.state().server === 'online', null, 'the server (continuous)');
  const busyFrames = await framesDuring(webFrames(busy), IDLE_MS);
  console.log(`continuous: ${busyFrames} frames in ${IDLE_MS} ms`);
  assert.ok(busyFrames > IDLE_MAX_FRAMES, `?frames=continuous draws every frame (${busyFrames})`);
  await busy.close();

  // --- Idle: no frames after settling -------------------------------------------------
  const page = await context.newPage();
  watch(page, problems);
  await page.goto(server.url + '/');
  await firstFrame(page);
  // Signed out on the start page: the health check and the full font are
  // all there is to wait for (the map asks for the bases when it is opened).
  await until(page, () => window.zhixing.state().server === 'online' && window.zhixing.fullFontMs() !== null, null,
    'the server and the full font');
  const frames = webFrames(page);
  assert.notEqual(await settled(frames), null, 'the client stops drawing once nothing changes');
  const idle = await framesDuring(frames, IDLE_MS);
  console.log(`idle: ${idle} frames in ${IDLE_MS} ms`);
  assert.ok(idle <= IDLE_MAX_FRAMES, `an idle client draws (almost) nothing: ${idle} frames in ${IDLE_MS} ms`);

  // --- Input wakes it, and is acted on --------------------------------------------------
  const before = await frames();
  await clickItem(page, 'nav:map');
  await until(page, () => window.zhixing.state().view === 'map', null, 'the map view after a click');
  await until(page, () => window.zhixing.map().visible && window.zhixing.map().markers > 0, null, 'the Leaflet map');
  assert.ok((await frames()) > before, 'the click drew frames');
  await page.screenshot({ path: join(args.out, 'web-idle-map.png') });

  // --- Leaflet while idle: a cluster click zooms, C++ sends the finer clusters ----------
  assert.notEqual(await settled(frames), null, 'settles on the map');
  const m0 = await mapStats(page);
  assert.ok(m0.clusters > 0, 'the map shows clusters');
  await page.locator('#zx-map .marker-cluster').first().click();
  await until(page, (z) => window.zhixing.map().zoom > z, m0.zoom, 'Leaflet to zoom into the cluster');
  await until(page, (c) => {
    const m = window.zhixing.map();
    return m.clusters + m.singles > 0 && JSON.stringify([m.clusters, m.singles]) !== c;
  }, JSON.stringify([m0.clusters, m0.singles]), 'C++ to send the clusters of the new view');
  assert.notEqual(await settled(frames), null, 'settles after the zoom');
  assert.ok(await framesDuring(frames, IDLE_MS) <= IDLE_MAX_FRAMES, 'idle again on the map');

  // --- Typing in the overlay reaches C++ -----------------------------------------------
  await waitItem(page, 'map:search');
  await typeInto(page, 'map:search', '博物馆');
  await until(page, () => window.zhixing.state().query === '博物馆', null, 'the typed search in C++');
  await page.keyboard.press('Escape');

  // --- A running focus timer draws about once a second ---------------------------------
  // (the tool library is a signed-in student's)
  await goTo(page, 'space');
  await signIn(page, 'student1', 'demo-student-1');
  await until(page, () => window.zhixing.state().sync.status === 'synced', null, 'the first sync');
  await clickItem(page, 'nav:tools');
  await waitItem(page, 'tool:timer');
  await clickItem(page, 'tool:timer');
  await waitItem(page, 'timer:start');
  await clickItem(page, 'timer:start');
  await settled(frames, { quietMs: 300, limitMs: 3000 });  // the click's own frames
  const ticking = await framesDuring(frames, IDLE_MS);
  console.log(`focus timer running: ${ticking} frames in ${IDLE_MS} ms`);
  assert.ok(ticking >= 2, `the timer's clock is redrawn while idle (${ticking} frames)`);
  assert.ok(ticking <= 4 * (IDLE_MS / 1000) + IDLE_MAX_FRAMES, `about one frame a second, not every frame (${ticking})`);
  await clickItem(page, 'timer:start');  // pause

  // --- Timers and completions while idle: the health check notices the server is gone -----
  assert.equal((await state(page)).server, 'online');
  assert.notEqual(await settled(frames), null, 'settles before the server goes');
  await server.stop();
  await until(page, () => window.zhixing.state().server === 'offline', null,
    'the idle client to notice the server is gone', 40000);

  assert.deepEqual(problems.filter((p) => !/Failed to load resource|ERR_CONNECTION_REFUSED|Failed to fetch/.test(p)), [],
    'no page errors');
  console.log('browser idle test passed');
} finally {
  if (browser) await browser.close();
  await server.stop();
}
