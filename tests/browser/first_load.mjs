// First load on a phone (issue 11, item 6): a 390×844 phone (touch, device
// scale 3) on the slow-3G profile (400 ms round trip, 400 kbit/s) opens the
// web client for the first time. Checked:
//   - the server sends brotli or gzip by Accept-Encoding, built at build time,
//     with Vary and per-coding ETags, and identity when neither is accepted;
//   - the loading screen counts bytes while it loads (screenshot);
//   - at most 1 MB is on the wire before the first frame (CDP Network events);
//   - the full font follows after the first frame and the atlas grows;
//   - a student's first session gets the bases once (by sync, no public list);
//   - the next session is served by the service worker: no request for any
//     file of the app reaches the server (its access log), only the API.
//
// node first_load.mjs --server-bin B --web DIR --seed TSV --accounts JSON --out DIR
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, clickItem, firstFrame, goTo, imeInto, signIn, state, until, untilAsync, waitItem, watch } from '../support/browser.mjs';
import { decodePng } from '../support/png.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { MOBILE, PROFILES, accessLog, firstFrameWallMs, netlog } from '../support/netlog.mjs';
import { startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/browser/first_load.mjs',
  summary: 'First load of the web client on a phone on slow 3G: bytes before the first frame, the\n' +
    'loading screen, precompressed files, bases fetched once, the second session from the service worker.',
  options: e2eOptions('server-bin', 'web', 'seed', 'accounts', 'out'),
});
mkdirSync(args.out, { recursive: true });
const shot = (name) => join(args.out, name);
const LIMIT = 1000 * 1000; // "at most 1 MB before the first useful frame"

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

const server = await startServer({
  serverBin: args.serverBin, web: args.web, seed: args.seed, seedAccounts: args.accounts, quiet: false,
});
let context;
try {
  // --- Precompressed files, chosen by Accept-Encoding ---------------------------------
  for (const file of ['zhixing.wasm', 'zhixing.js', 'zhixing.data', 'zhixing-sc.otf', 'index.html']) {
    const plain = await rawGet(`${server.url}/${file}`);
    const br = await rawGet(`${server.url}/${file}`, { 'Accept-Encoding': 'gzip, deflate, br' });
    const gz = await rawGet(`${server.url}/${file}`, { 'Accept-Encoding': 'gzip' });
    const refused = await rawGet(`${server.url}/${file}`, { 'Accept-Encoding': 'br;q=0, gzip;q=0' });
    assert.equal(plain.headers['content-encoding'], undefined, `${file}: identity without Accept-Encoding`);
    assert.equal(br.headers['content-encoding'], 'br', `${file}: brotli when accepted`);
    assert.equal(gz.headers['content-encoding'], 'gzip', `${file}: gzip when brotli is not accepted`);
    assert.equal(refused.headers['content-encoding'], undefined, `${file}: identity when both are refused (q=0)`);
    for (const r of [plain, br, gz]) assert.match(r.headers.vary || '', /Accept-Encoding/, `${file}: Vary`);
    assert.ok(brotliDecompressSync(br.body).equals(plain.body), `${file}: the brotli form decodes to the file`);
    assert.ok(gunzipSync(gz.body).equals(plain.body), `${file}: the gzip form decodes to the file`);
    assert.equal(Number(br.headers['x-decoded-length']), plain.body.length, `${file}: decoded size for the progress bar`);
    assert.notEqual(br.headers.etag, gz.headers.etag, `${file}: one ETag per coding`);
    const again = await rawGet(`${server.url}/${file}`, { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.etag });
    assert.equal(again.status, 304, `${file}: revalidates by its brotli ETag`);
    console.log(`${file}: ${plain.body.length} B, brotli ${br.body.length} B, gzip ${gz.body.length} B`);
  }

  // --- A phone's first visit on slow 3G -------------------------------------------------
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'zx-phone-')), {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, ...MOBILE,
  });
  const problems = [];
  let page = context.pages()[0] || (await context.newPage());
  watch(page, problems);
  const net = await netlog(context, page, PROFILES['slow-3g']);
  const logStart = server.output().length;
  await page.goto(server.url + '/', { waitUntil: 'commit' });
  // The loading screen says how far it has come, in bytes.
  await until(page, () => /\d+ \/ \d+ KB/.test((document.getElementById('zx-status-text') || {}).textContent || '') &&
    parseFloat(document.getElementById('zx-progress-bar').style.width) > 0, null, 'the progress bar to move', 120000);
  await page.screenshot({ path: shot('first-load-progress.png') });
  const progressText = await page.evaluate(() => document.getElementById('zx-status-text').textContent);
  await until(page, () => window.zhixing && window.zhixing.firstFrameMs() !== null, null, 'the first frame', 180000);
  const ffWall = await firstFrameWallMs(page);
  const before = net.bytesUntil(ffWall);
  const ffMs = await page.evaluate(() => window.zhixing.firstFrameMs());
  let s = await state(page);
  assert.equal(s.fontCjk, true, 'the first font was loaded from the package');
  const firstGlyphs = s.fontGlyphs;
  await page.screenshot({ path: shot('first-load-first-frame.png') });
  console.log(`slow 3G: first frame after ${ffMs.toFixed(0)} ms, ${before} B on the wire before it ` +
    `(progress read "${progressText}"); first font ${firstGlyphs} glyphs`);
  assert.ok(before > 0, 'the network events were seen');
  assert.ok(before <= LIMIT, `at most 1 MB before the first frame (was ${before} B)`);
  // The first view asked for no base list.
  assert.equal(accessLog(server, logStart).filter((l) => l.path === '/api/v1/bases').length, 0,
    'no base list for the sign-in view');

  // The full font follows, then the atlas holds its glyphs.
  await until(page, () => window.zhixing.fullFontMs() !== null, null, 'the full font', 180000);
  await until(page, (n) => window.zhixing.state().fontGlyphs > n, firstGlyphs, 'the atlas to take the full font');
  s = await state(page);
  console.log(`full font after ${(await page.evaluate(() => window.zhixing.fullFontMs())).toFixed(0)} ms: ` +
    `${s.fontGlyphs} glyphs`);
  assert.ok(s.fontGlyphs > 5000, 'the full font covers GB 2312');

  // --- The student's first session: the bases arrive once, by sync ----------------------
  await net.cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await signIn(page, 'student1', 'demo-student-1');
  await until(page, () => window.zhixing.state().sync.status === 'synced', null, 'the first sync', 60000);
  await goTo(page, 'map');
  await until(page, () => window.zhixing.state().basesStatus === 'ready', null, 'the bases on the map');
  s = await state(page);
  assert.ok(s.bases >= 200 && s.records.bases === s.bases, 'the bases came by sync');
  const session1 = accessLog(server, logStart);
  assert.equal(session1.filter((l) => l.path === '/api/v1/bases').length, 0,
    'the public base list is not fetched as well as the synced bases');
  for (const path of ['/zhixing.wasm', '/zhixing.data', '/zhixing-sc.otf', '/zhixing.js']) {
    assert.equal(session1.filter((l) => l.path === path && l.status === 200).length, 1, `${path} downloaded once`);
  }
  // --- Every character shown: a rare name and an emoji -----------------------------------
  // 䴙䴘 (a grebe) is outside the bundled font and the emoji too: the platform
  // draws them into the atlas. The field's drawn text is compared with the
  // same text drawn by the browser itself (Canvas 2D, same size): about the
  // same ink, where two "?" would have far less.
  const rare = '小䴙䴘😀';
  await goTo(page, 'knowledge');
  await clickItem(page, 'note:new');
  await waitItem(page, 'note:title');
  await imeInto(page, 'note:title', rare);
  await until(page, () => { const g = window.zhixing.state(); return g.glyphsExtra >= 3 && g.glyphsQueued === 0; }, null,
    'the rare characters drawn into the atlas');
  await clickItem(page, 'note:mode:0');  // the field loses the focus: ImGui draws its text, not the overlay
  await page.waitForTimeout(300);
  s = await state(page);
  assert.equal(s.glyphsUnavailable, 0, 'every character found a font');
  const [fx, fy, fw, fh] = s.items['note:title'];
  const clip = { x: fx, y: fy, width: Math.min(fw, 200), height: fh };
  const shotPath = join(args.out, 'first-load-rare-characters.png');
  const drawn = decodePng(await page.screenshot({ path: shotPath, clip, scale: 'css' }));
  const ink = (img) => {
    let n = 0;
    for (let i = 0; i < img.width * img.height; ++i) {
      const l = 0.299 * img.rgba[i * 4] + 0.587 * img.rgba[i * 4 + 1] + 0.114 * img.rgba[i * 4 + 2];
      if (l < 150) n++;
    }
    return n;
  };
  const browserInk = await page.evaluate(([text, px, w, h]) => {
    const c = document.createElement('canvas');
    c.width = w; c.height = h;
    const g = c.getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, w, h);
    g.fillStyle = '#1f2328'; g.textBaseline = 'middle';
    g.font = `${px}px "Noto Sans CJK SC", "Noto Color Emoji", "Symbola", sans-serif`;
    const count = (t) => {
      g.fillStyle = '#fff'; g.fillRect(0, 0, w, h); g.fillStyle = '#1f2328';
      g.fillText(t, 8, h / 2);
      const d = g.getImageData(0, 0, w, h).data;
      let n = 0;
      for (let i = 0; i < w * h; ++i) if (0.299 * d[i * 4] + 0.587 * d[i * 4 + 1] + 0.114 * d[i * 4 + 2] < 150) n++;
      return n;
    };
    return { text: count(text), question: count('小??😀') };
  }, [rare, s.fontEmPx, Math.round(clip.width), Math.round(clip.height)]);
  const ratio = ink(drawn) / browserInk.text;
  console.log(`rare characters: ${ink(drawn)} px of ink drawn, ${browserInk.text} by the browser (${ratio.toFixed(2)}x), ` +
    `${browserInk.question} for "小??😀"`);
  assert.ok(browserInk.question < browserInk.text * 0.8, 'the comparison tells 䴙䴘 from ??');
  assert.ok(ratio > 0.8 && ratio < 1.25, `the drawn text has the browser's ink (${ratio.toFixed(2)}x)`);

  await until(page, () => window.zhixing.offlineReady(), null, 'the service worker', 60000);
  const sw = readFileSync(join(args.web, 'sw.js'), 'utf8');
  const cacheName = /const CACHE = '([^']+)'/.exec(sw)[1];
  assert.doesNotMatch(cacheName, /__ZX_BUILD__/, 'sw.js carries the build version');
  await untilAsync(page, async (name) => (await caches.has(name)) &&
    (await (await caches.open(name)).keys()).length >= 15, cacheName, 'the shell in the cache');
  console.log(`first session: ${session1.length} requests, ${session1.reduce((n, l) => n + l.bytes, 0)} B of bodies`);

  // --- The next session: only the API on the wire --------------------------------------
  await page.close();
  const logNext = server.output().length;
  page = await context.newPage();
  watch(page, problems);
  const net2 = await netlog(context, page, PROFILES['slow-3g']);
  await page.goto(server.url + '/', { waitUntil: 'commit' });
  await firstFrame(page);
  await until(page, () => window.zhixing.state().sync.status === 'synced', null, 'the sync of the next session', 60000);
  const ff2 = await page.evaluate(() => window.zhixing.firstFrameMs());
  const session2 = accessLog(server, logNext);
  // The browser's own update check of sw.js is allowed; no file of the app.
  const files = session2.filter((l) => !l.path.startsWith('/api/') && l.path !== '/sw.js');
  assert.deepEqual(files, [], 'no file of the app reached the server in the next session');
  const assets = net2.requests().filter((r) => r.url.startsWith(server.url) && !/\/api\//.test(r.url) &&
    !r.url.endsWith('/sw.js'));
  // A worker's script gets its response in the worker's own target (status 0
  // here); the server's log above already shows it did not reach the server.
  const notFromSw = assets.filter((r) => r.status !== 0 && !r.fromSw).map((r) => `${r.url} (${r.status})`);
  assert.ok(assets.length >= 5, 'the page loaded its files');
  assert.deepEqual(notFromSw, [], 'the page got every file from the service worker');
  console.log(`next session on slow 3G: first frame after ${ff2.toFixed(0)} ms; on the wire: ` +
    session2.map((l) => `${l.method} ${l.path} ${l.bytes}B`).join(', '));
  await page.screenshot({ path: shot('first-load-second-session.png') });

  assert.deepEqual(problems.filter((m) => !/Failed to load resource/.test(m)), [], 'no page or console errors');
  console.log('first-load browser test passed');
} finally {
  if (context) await context.close().catch(() => {});
  await server.stop();
}
