// The web client on phones (issue 11, items 1 and 2): Chromium with mobile
// emulation (touch, device scale 3) at 390×844 and 360×740, in portrait and
// landscape. Every view is visited through the phone menu and photographed;
// no interactive item is lower than a tap target and body text is at least
// 16 CSS px (from the state hook); lists scroll by one-finger swipes (CDP
// touch events) and keep scrolling a little after the finger lifts; a tap
// still activates; the Leaflet map fills its region in portrait.
//
// node phone.mjs --server-bin B --web DIR --seed TSV --accounts JSON --out DIR
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { firstFrame, launch, overlayOver, state, until, watch } from '../support/browser.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/browser/phone.mjs',
  summary: 'The web client at phone sizes in Chromium (mobile emulation, touch): every view,\n' +
    'tap targets and text sizes, swipe scrolling, taps, the map in portrait.',
  options: e2eOptions('server-bin', 'web', 'seed', 'accounts', 'out'),
});
mkdirSync(args.out, { recursive: true });
const shot = (name) => join(args.out, name);
const server = await startServer({
  serverBin: args.serverBin, web: args.web, seed: args.seed, seedAccounts: args.accounts,
});
const problems = [];
const browser = await launch();

// Items that show something but take no tap.
const PASSIVE = new Set(['map:count', 'submission:status', 'tt:grid', 'tt:daylist', 'tt:agenda', 'map:region',
  'note:preview']);
const passive = (name) => PASSIVE.has(name) || name.includes(':label') || name.startsWith('tt:head:');

// The state hook's facts about sizes: every interactive item a tap target
// high, body text at least 16 CSS px, nothing wider than the screen.
async function checkSizes(page, where) {
  const s = await state(page);
  assert.equal(s.layout.phone, true, `${where}: the phone layout`);
  assert.ok(s.layout.bodyFontCssPx >= 16, `${where}: body text is ${s.layout.bodyFontCssPx} CSS px`);
  assert.ok(s.layout.targetH >= 44, `${where}: tap target ${s.layout.targetH}`);
  const vw = await page.evaluate(() => window.innerWidth);
  for (const [name, r] of Object.entries(s.items)) {
    if (passive(name)) continue;
    assert.ok(r[3] >= 44 - 0.5, `${where}: ${name} is ${r[3]} px high`);
    assert.ok(r[0] + r[2] <= vw + 0.5, `${where}: ${name} runs off the screen (${r[0] + r[2]} > ${vw})`);
  }
}

async function itemCentre(page, name) {
  const s = await state(page);
  const r = s.items[name];
  assert.ok(r, `item ${name} is not on screen; items: ${Object.keys(s.items).join(', ')}`);
  return [r[0] + r[2] / 2, r[1] + r[3] / 2];
}

// A tap, as a finger: touchstart and touchend at the item's centre.
async function tap(page, name) {
  const [x, y] = await itemCentre(page, name);
  await page.touchscreen.tap(x, y);
}

// A one-finger swipe with CDP touch events, ~16 ms apart like a real finger.
async function swipe(cdp, x, y0, y1, steps = 10) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: y0 }] });
  for (let i = 1; i <= steps; ++i) {
    await new Promise((r) => setTimeout(r, 16));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y0 + ((y1 - y0) * i) / steps }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function typeInto(page, name, text) {
  await tap(page, name);
  await overlayOver(page, name);
  await page.keyboard.insertText(text);
}

// Opens a view through the phone menu.
async function goTo(page, view) {
  await tap(page, 'nav:menu');
  await until(page, (v) => !!window.zhixing.state().items['nav:' + v], view, `the menu with ${view}`);
  await tap(page, 'nav:' + view);
  await until(page, (v) => window.zhixing.state().view === v && !window.zhixing.state().items['nav:space'], view,
    `the ${view} view`);
}

const y = (s, name) => (s.items[name] ? s.items[name][1] : null);

async function phone(width, height, user, password) {
  const context = await browser.newContext({
    viewport: { width, height }, deviceScaleFactor: 3, isMobile: true, hasTouch: true,
  });
  const page = await context.newPage();
  watch(page, problems, `${width}x${height}: `);
  const cdp = await context.newCDPSession(page);
  const tag = `${width}x${height}`;
  try {
    await page.goto(server.url + '/');
    await firstFrame(page);
    await until(page, () => window.zhixing.state().items['auth:username'], null, 'the sign-in form');
    await checkSizes(page, `${tag} sign-in`);
    await page.screenshot({ path: shot(`phone-${tag}-sign-in.png`) });
    await typeInto(page, 'auth:username', user);
    await typeInto(page, 'auth:password', password);
    await tap(page, 'auth:submit');
    await until(page, () => window.zhixing.state().signedIn && window.zhixing.state().sync.status === 'synced', null,
      `${user} signed in and synced`);

    // Every view in portrait and on its side, photographed.
    const views = ['space', 'knowledge', 'tools', 'activities', 'timetable', 'map', 'trips', 'settings'];
    for (const [w, h, side] of [[width, height, 'portrait'], [height, width, 'landscape']]) {
      await page.setViewportSize({ width: w, height: h });
      await until(page, (ww) => window.zhixing.state().layout.width === ww, w, `the ${side} layout`);
      for (const v of views) {
        await goTo(page, v);
        await page.waitForTimeout(200);  // Leaflet tiles and markers settle for the photograph
        await checkSizes(page, `${tag} ${side} ${v}`);
        await page.screenshot({ path: shot(`phone-${tag}-${side}-${v}.png`) });
      }
    }
    await page.setViewportSize({ width, height });
    await until(page, (ww) => window.zhixing.state().layout.width === ww, width, 'portrait again');

    // The map in portrait: Leaflet fills exactly the region the layout gave it.
    await goTo(page, 'map');
    await until(page, () => window.zhixing.map().visible && window.zhixing.map().markers > 0, null, 'the map');
    const region = (await state(page)).items['map:region'];
    assert.ok(region, 'the map region is laid out in portrait');
    assert.ok(region[2] >= width - 40 && region[3] >= 160, `the map is large in portrait: ${region}`);
    const box = await page.evaluate(() => {
      const r = document.getElementById('zx-map').getBoundingClientRect();
      return [r.left, r.top, r.width, r.height];
    });
    for (let i = 0; i < 4; ++i) assert.ok(Math.abs(box[i] - region[i]) <= 1, `Leaflet ${box} over the region ${region}`);

    // A swipe up the base list moves it, goes on a little after the finger
    // lifts, and picks nothing.
    const rows = (s) => Object.keys(s.items).filter((n) => n.startsWith('base:'));
    let s = await state(page);
    const first = rows(s).sort((a, b) => y(s, a) - y(s, b))[0];
    assert.ok(first, 'base rows are listed under the map');
    const [fx, fy] = await itemCentre(page, first);
    const drags = s.touch.drags;
    await swipe(cdp, fx, fy + 60, fy - 60);
    await until(page, (d) => window.zhixing.state().touch.drags === d + 1, drags, 'the swipe to scroll the list');
    await until(page, () => !window.zhixing.state().touch.flinging && !window.zhixing.state().touch.dragging, null,
      'the list to come to rest');
    s = await state(page);
    assert.equal(s.selectedBase, '', 'a swipe is not a tap');
    const moved = y(s, first) === null ? Infinity : fy - (y(s, first) + (s.items[first][3] / 2));
    assert.ok(moved >= 110, `the list followed the finger: moved ${moved} px for 120`);
    await page.screenshot({ path: shot(`phone-${tag}-map-swiped.png`) });

    // A tap on a row still selects it: one from the middle of the rows laid
    // out (the first may be scrolled up under the list's edge).
    const laid = rows(s).sort((a, b) => y(s, a) - y(s, b));
    const target = laid[Math.floor(laid.length / 2)];
    await tap(page, target);
    await until(page, (id) => window.zhixing.state().selectedBase === id, target.slice(5), 'the tapped base');
    assert.equal((await state(page)).touch.drags, drags + 1, 'the tap did not scroll');
    await page.screenshot({ path: shot(`phone-${tag}-map-selected.png`) });

    // A long page scrolls as one column: the timetable's week and form.
    await goTo(page, 'timetable');
    s = await state(page);
    const names = Object.keys(s.items).filter((n) => !passive(n)).sort((a, b) => y(s, b) - y(s, a));
    const low = names[0];
    const [lx, ly] = await itemCentre(page, low);
    await swipe(cdp, width / 2, height * 0.7, height * 0.3);
    await until(page, (d) => window.zhixing.state().touch.drags === d + 2, drags, 'the swipe to scroll the page');
    await until(page, () => !window.zhixing.state().touch.flinging, null, 'the page to come to rest');
    s = await state(page);
    assert.ok(y(s, low) === null || y(s, low) < ly - 100, `the timetable page scrolled (${low}: ${ly} -> ${y(s, low)})`);
    void lx;
    await page.screenshot({ path: shot(`phone-${tag}-timetable-swiped.png`) });
  } finally {
    await context.close();
  }
}

try {
  await phone(390, 844, 'teacher1', 'demo-teacher-1');
  await phone(360, 740, 'parent1', 'demo-parent-1');
  assert.deepEqual(problems, [], 'no page or console errors');
  console.log('phone: every view at 390x844 and 360x740 (portrait and landscape), swipes, taps, map in portrait');
} finally {
  await browser.close();
  await server.stop();
}
