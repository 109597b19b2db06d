// Links and installing (issue 11, item 12) in Chromium: the address follows
// navigation (a view, a base on the map, a trip) so it can be copied; back
// and forward walk it; a link to a trip opened signed out waits through
// sign-in and then lands on that trip; a base's link opens the map on it,
// also at phone size (390×844, touch, device scale 3). The web app manifest
// is served with its MIME type and valid fields, and every icon it names is a
// PNG of the size it says.
//
// node links.mjs --server-bin B --web DIR --seed TSV --accounts JSON --out DIR
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  clickItem, firstFrame, goTo, imeInto, launch, openAs, signIn, state, until, waitItem, watch, launchProfile,
} from '../support/browser.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { fetchJson, startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/browser/links.mjs',
  summary: 'Links in Chromium: the address follows navigation, back/forward, a trip link through sign-in,\n' +
    'a base link at phone size; the web app manifest and its icons.',
  options: e2eOptions('server-bin', 'web', 'seed', 'accounts', 'out'),
});
mkdirSync(args.out, { recursive: true });
const shot = (name) => join(args.out, name);
const server = await startServer({
  serverBin: args.serverBin, web: args.web, seed: args.seed, seedAccounts: args.accounts,
});
const profiles = [];
const problems = [];
let phoneBrowser = null;
const hash = (page) => new URL(page.url()).hash;
const open = (user, password, label) => openAs(server.url, { user, password, label, profiles, problems });

function nextWednesday() {
  const d = new Date(Date.now() + 8 * 3600 * 1000 + 2 * 86400 * 1000);
  while (d.getUTCDay() !== 3) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// PNG width and height from the IHDR chunk.
function pngSize(bytes) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert.deepEqual([...bytes.subarray(0, 8)], sig, 'a PNG signature');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return `${v.getUint32(16)}x${v.getUint32(20)}`;
}

try {
  // --- The manifest and its icons --------------------------------------------------------
  const res = await fetch(server.url + '/manifest.webmanifest');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/manifest\+json/, 'served as a web app manifest');
  const manifest = await res.json();
  assert.equal(manifest.display, 'standalone', 'opens full-screen from the home screen');
  assert.equal(manifest.short_name, '知行');
  assert.match(manifest.name, /知行/);
  assert.equal(manifest.lang, 'zh-CN');
  assert.equal(new URL(manifest.start_url, server.url).origin, server.url, 'starts on this origin');
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);
  assert.match(manifest.background_color, /^#[0-9a-f]{6}$/i);
  const purposes = new Set();
  for (const icon of manifest.icons) {
    const r = await fetch(new URL(icon.src, server.url + '/'));
    assert.equal(r.status, 200, `${icon.src} is served`);
    assert.equal(r.headers.get('content-type'), 'image/png', `${icon.src} is a PNG`);
    assert.equal(icon.type, 'image/png');
    assert.equal(pngSize(new Uint8Array(await r.arrayBuffer())), icon.sizes, `${icon.src} is ${icon.sizes}`);
    purposes.add(`${icon.purpose} ${icon.sizes}`);
  }
  for (const need of ['any 192x192', 'any 512x512', 'maskable 512x512'])
    assert.ok(purposes.has(need), `an icon for ${need}`);

  // --- A teacher's navigation moves the address; back and forward ----------------------------
  const { routes } = await fetchJson(server.url + '/api/v1/bases');
  const route = routes[0];
  const teacher = await open('teacher1', 'demo-teacher-1', 'teacher: ');
  // The page links its manifest, and Chromium reads it.
  const linked = await teacher.evaluate(() => document.querySelector('link[rel="manifest"]').href);
  assert.equal(new URL(linked).pathname, '/manifest.webmanifest');
  await goTo(teacher, 'map');
  await until(teacher, () => window.location.hash === '#/map', null, 'the address of the map');
  await clickItem(teacher, 'map:tab:routes');
  await waitItem(teacher, 'route:' + route.id);
  await clickItem(teacher, 'route:' + route.id);
  await waitItem(teacher, 'route:plan');
  await clickItem(teacher, 'route:plan');
  await until(teacher, () => window.location.hash === '#/trips', null, 'the address of the trips view');
  await waitItem(teacher, 'trip:title');
  await imeInto(teacher, 'trip:title', '链接研学日');
  await imeInto(teacher, 'trip:date', nextWednesday());
  await clickItem(teacher, 'trip:create');
  await until(teacher, () => window.zhixing.state().tripPlan.selected !== '', null, 'the trip to be created');
  const tripId = (await state(teacher)).tripPlan.selected;
  await until(teacher, (id) => window.location.hash === '#/trip/' + id, tripId, 'the address of the new trip');
  await until(teacher, () => window.zhixing.state().sync.status === 'synced' && window.zhixing.state().sync.pending === 0,
    null, 'the trip to reach the server');
  await teacher.goBack();
  await until(teacher, () => window.zhixing.state().view === 'trips' && window.zhixing.state().tripPlan.selected === '',
    null, 'back: the trips view with no trip open');
  assert.equal(hash(teacher), '#/trips');
  await teacher.goBack();
  await until(teacher, () => window.zhixing.state().view === 'map', null, 'back again: the map');
  await teacher.goForward();
  await teacher.goForward();
  await until(teacher, (id) => window.zhixing.state().tripPlan.selected === id, tripId, 'forward twice: the trip');
  assert.equal(hash(teacher), '#/trip/' + tripId);

  // --- A student opens the trip's link signed out, signs in, lands on it ---------------------
  const context = await launchProfile();
  profiles.push(context);
  const student = context.pages()[0] || (await context.newPage());
  watch(student, problems, 'student: ');
  await student.goto(`${server.url}/#/trip/${tripId}`);
  await firstFrame(student);
  await waitItem(student, 'auth:username');
  let s = await state(student);
  assert.equal(s.signedIn, false);
  assert.equal(s.view, 'space', 'signed out: the sign-in form first');
  assert.equal(hash(student), '#/trip/' + tripId, 'the link stays in the address while signing in');
  await signIn(student, 'student1', 'demo-student-1');
  await until(student, (id) => window.zhixing.state().view === 'trips' && window.zhixing.state().tripPlan.selected === id,
    tripId, 'the trip after signing in');
  await until(student, (id) => Object.keys(window.zhixing.state().items).includes('trip:' + id), tripId, 'the trip listed');
  assert.equal(hash(student), '#/trip/' + tripId);
  await student.screenshot({ path: shot('web-link-trip.png') });
  // A base's link, typed into the address bar of the same tab; back returns to the trip.
  await student.goto(`${server.url}/#/map/zj-0003`);
  await until(student, () => window.zhixing.state().view === 'map' && window.zhixing.state().selectedBase === 'zj-0003',
    null, 'the map on the linked base');
  await student.goBack();
  await until(student, (id) => window.zhixing.state().view === 'trips' && window.zhixing.state().tripPlan.selected === id,
    tripId, 'back: the trip');
  // A crafted link opens nothing and breaks nothing.
  await student.goto(`${server.url}/#/trip/%3Cscript%3E`);
  await until(student, (id) => window.location.hash === '#/trip/' + id, tripId, 'the address set right again');

  // --- At phone size, signed out: a base's link opens the map on it --------------------------
  phoneBrowser = await launch();
  const phone = await phoneBrowser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true,
  });
  const visitor = await phone.newPage();
  watch(visitor, problems, 'phone: ');
  await visitor.goto(`${server.url}/#/map/zj-0003`);
  await firstFrame(visitor);
  await until(visitor, () => window.zhixing.state().view === 'map' && window.zhixing.state().selectedBase === 'zj-0003',
    null, 'the map on the linked base at phone size');
  await until(visitor, () => window.zhixing.map().visible, null, 'the map drawn');
  await visitor.screenshot({ path: shot('web-link-base-phone.png') });
  s = await state(visitor);
  assert.equal(s.signedIn, false, 'the map needs no account');
  assert.equal(hash(visitor), '#/map/zj-0003');

  assert.deepEqual(problems, [], 'no page or console errors');
  console.log(`links: manifest and ${manifest.icons.length} icons served; trip ${tripId} opened through sign-in; back/forward work`);
} finally {
  for (const p of profiles) await p.close();
  if (phoneBrowser) await phoneBrowser.close();
  await server.stop();
}
