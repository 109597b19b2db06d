// Offline-first in the browser, end to end with real parts: a student works
// with the server stopped, reloads the page (the service worker serves the
// app, OPFS keeps the data), the server comes back and the work syncs; a
// second browser profile of the same student sees it; a parent's profile
// sees only what a parent may; a second tab cannot silently use the store,
// and can take it over.
//
// node offline.mjs --server-bin B --web DIR --seed TSV --accounts JSON --out DIR
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  clickItem, firstFrame, goTo, launchProfile, signIn, state, typeInto, until, untilAsync, waitItem, watch,
} from '../support/browser.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { freePort, startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/browser/offline.mjs',
  summary: 'Offline-first in Chromium: work with the server stopped, reload, sync, a second device,\n' +
    "a parent's view, a second tab.",
  options: e2eOptions('server-bin', 'web', 'seed', 'accounts', 'out'),
});
mkdirSync(args.out, { recursive: true });
const shot = (name) => join(args.out, name);
const port = await freePort();
const opts = { serverBin: args.serverBin, web: args.web, seed: args.seed, seedAccounts: args.accounts, port, keep: true };
let server = await startServer(opts);
const profiles = [];
const problems = [];
const title = 'Field notes ' + Date.now().toString(36);

async function openApp(context, label) {
  const page = context.pages()[0] || (await context.newPage());
  watch(page, problems, label);
  await page.goto(server.url + '/');
  await firstFrame(page);
  return page;
}

try {
  // --- A student's first device, online: sign in and sync ---------------------------
  const deviceA = await launchProfile();
  profiles.push(deviceA);
  const a = await openApp(deviceA, 'A: ');
  await signIn(a, 'student1', 'demo-student-1');
  await until(a, () => window.zhixing.state().sync.status === 'synced', null, 'the first sync');
  let s = await state(a);
  assert.equal(s.records.classes, 1, 'the student sees their class');
  assert.equal(s.records.bases, s.bases, 'the bases reached the local store too');
  // The offline shell is in place before the network goes away.
  await a.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The cache name and the shell list are read from the service worker being
  // served, so the wait follows them when they change.
  const sw = readFileSync(join(args.web, 'sw.js'), 'utf8');
  const cacheName = /const CACHE = '([^']+)'/.exec(sw)[1];
  const shell = JSON.parse(/const SHELL = (\[[^\]]*\])/s.exec(sw)[1].replace(/'/g, '"').replace(/,\s*\]/, ']'));
  assert.ok(shell.length >= 10, 'the shell list was read from sw.js');
  await untilAsync(a, async ({ name, paths }) => {
    if (!(await caches.has(name))) return false;
    const cached = new Set((await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname));
    return paths.every((p) => cached.has(p));
  }, { name: cacheName, paths: shell }, `the service worker to cache every file of the app shell in ${cacheName}`);

  // --- Offline: write, reload, still there -------------------------------------------
  await server.stop();
  await until(a, () => ['offline', 'pending'].includes(window.zhixing.state().sync.status) ||
    window.zhixing.state().server === 'offline', null, 'the app to notice the server is gone', 40000);
  await goTo(a, 'knowledge');
  await waitItem(a, 'note:new');
  await clickItem(a, 'note:new');
  await until(a, () => window.zhixing.state().items['note:title'], null, 'the note editor');
  await typeInto(a, 'note:title', title);
  await typeInto(a, 'note:body', 'Written on the bus, with no network.');
  await clickItem(a, 'note:save');
  await until(a, () => window.zhixing.state().noteNotice !== '', null, 'the save to be confirmed');
  s = await state(a);
  assert.ok(s.notes.some((n) => n.title === title), 'the note is in the local store');
  assert.ok(s.sync.pending >= 1, 'the note waits to be sent');
  await a.screenshot({ path: shot('web-offline-note.png') });

  await a.reload();
  await firstFrame(a);
  await until(a, (t) => (window.zhixing.state().notes || []).some((n) => n.title === t), title,
    'the note after reloading with the server down');
  s = await state(a);
  assert.equal(s.signedIn, true, 'still signed in offline');
  assert.ok(s.sync.pending >= 1, 'still waiting to be sent');

  // --- The server comes back: it syncs ----------------------------------------------
  server = await startServer({ ...opts, dir: server.dir });
  await until(a, () => window.zhixing.state().sync.status === 'synced' && window.zhixing.state().sync.pending === 0,
    null, 'the offline note to sync', 60000);

  // --- The same student on another device sees it -------------------------------------
  const deviceB = await launchProfile();
  profiles.push(deviceB);
  const b = await openApp(deviceB, 'B: ');
  await signIn(b, 'student1', 'demo-student-1');
  await until(b, (t) => (window.zhixing.state().notes || []).some((n) => n.title === t), title,
    'the note on the second device');
  await b.screenshot({ path: shot('web-second-device.png') });

  // --- A parent sees their child, not the child's private notes ------------------------
  const deviceP = await launchProfile();
  profiles.push(deviceP);
  const p = await openApp(deviceP, 'P: ');
  await signIn(p, 'parent1', 'demo-parent-1');
  await until(p, () => window.zhixing.state().sync.status === 'synced', null, "the parent's sync");
  s = await state(p);
  assert.equal(s.user.role, 'parent');
  assert.equal(s.records.notes || 0, 0, "a parent never receives the child's notes");
  assert.equal(s.records.guardian_links, 2, 'both children of the demo parent');
  // The parent, their two children, and the teachers of the children's classes (by name).
  assert.equal(s.records.users, 5, 'the parent, their children and their teachers');
  assert.equal(s.records.join_codes || 0, 0, "class join codes are the teacher's");
  await p.screenshot({ path: shot('web-parent.png') });

  // --- A second tab: says so, and can take over ------------------------------------------
  const a2 = await deviceA.newPage();
  watch(a2, problems, 'A2: ');
  await a2.goto(server.url + '/');
  await firstFrame(a2);
  await until(a2, () => window.zhixing.state().sync.status === 'busy_elsewhere', null, 'the second tab to see the lock');
  await a2.screenshot({ path: shot('web-second-tab.png') });
  await clickItem(a2, 'store:take_over');
  await until(a2, () => window.zhixing.state().sync.status === 'synced', null, 'the second tab to take over', 30000);
  await until(a, () => window.zhixing.state().sync.status === 'lost', null, 'the first tab to let go');
  await until(a2, (t) => (window.zhixing.state().notes || []).some((n) => n.title === t), title,
    'the note in the tab that took over');

  const unexpected = problems.filter((m) => !/Failed to load resource|ERR_CONNECTION_REFUSED|Failed to fetch/.test(m));
  assert.deepEqual(unexpected, [], 'no page or console errors beyond the planned outage');
  console.log('offline browser test passed');
} finally {
  for (const c of profiles) await c.close().catch(() => {});
  await server.stop();
  rmSync(server.dir, { recursive: true, force: true });
}
