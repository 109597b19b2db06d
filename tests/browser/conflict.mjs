// A conflict made by two devices and settled through the UI, end to end with
// real parts: one student in two browser profiles (each with its own local
// store) opens the same note. Device A loses its network (Chromium's own
// network emulation, over CDP); device B edits the note's text and syncs;
// A, still offline and not having seen B's text, edits it too. When A is back
// online its edit reaches the server after B's and was made without seeing
// it: the later edit (A's) wins and B's text is kept as a conflict for the
// student. The conflict panel under the note, the status bar and the "needs
// attention" view show it on A; A takes B's version with the panel's button,
// and both devices end with B's text and nothing left open. Then the other
// way round: B edits offline first and A online afterwards; B's older edit
// loses, becomes the conflict on B, and B keeps the current text.
//
// node conflict.mjs --server-bin B --web DIR --seed TSV --accounts JSON --out DIR
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  clickItem, goTo, imeInto, openAs, state, until, waitItem,
} from '../support/browser.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/browser/conflict.mjs',
  summary: 'A conflict in Chromium: one student in two browser profiles edits the same note, one of\n' +
    'them offline; the conflict is shown under the note and in "needs attention", and settled there.',
  options: e2eOptions('server-bin', 'web', 'seed', 'accounts', 'out'),
});
mkdirSync(args.out, { recursive: true });
const shot = (name) => join(args.out, name);
const started = Date.now();
const server = await startServer({
  serverBin: args.serverBin, web: args.web, seed: args.seed, seedAccounts: args.accounts,
});
const profiles = [];
const problems = [];
const NOTE = 'note-demo-geo';
const textA = '## 中国的河流\n\n设备A（离线时写的）：长江是中国最长的河流，全长约6300千米。';
const textB = '## 中国的河流\n\n设备B（在线时写的）：黄河是中国第二长的河流，全长约5464千米。';
const textB2 = '## 中国的河流\n\n设备B（离线时先写的）：珠江是华南最大的河流。';
const textA2 = '## 中国的河流\n\n设备A（在线时后写的）：长江、黄河、珠江都向东流入大海。';

const open = (label) => openAs(server.url, { user: 'student1', password: 'demo-student-1', label, profiles, problems });
const record = (page, collection, id) => page.evaluate(([c, i]) => window.zhixing.record(c, i), [collection, id]);
const body = async (page) => (await record(page, 'notes', NOTE)).fields.body;
const synced = (page, what, timeout = 60000) =>
  until(page, () => window.zhixing.state().sync.status === 'synced' && window.zhixing.state().sync.pending === 0,
    null, what, timeout);
const storedBody = (page, text, what, timeout = 60000) =>
  until(page, ([id, t]) => {
    const r = window.zhixing.record('notes', id);
    return r && r.fields.body === t;
  }, [NOTE, text], what, timeout);
// Chromium's network emulation for one page: fetches fail as with no network.
async function network(cdp, online) {
  await cdp.send('Network.emulateNetworkConditions',
    { offline: !online, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}
async function openNote(page) {
  await goTo(page, 'knowledge');
  await waitItem(page, 'note:' + NOTE);
  await clickItem(page, 'note:' + NOTE);
  await waitItem(page, 'note:body');
}
async function editAndSave(page, text) {
  await imeInto(page, 'note:body', text);
  await clickItem(page, 'note:save');
  await storedBody(page, text, 'the saved text in the local store');
}

try {
  // --- One student, two devices, the same note open on both ----------------------------
  const a = await open('A: ');
  const b = await open('B: ');
  const original = await body(a);
  assert.equal(await body(b), original, 'both devices start from the same text');
  await openNote(a);
  await openNote(b);
  let s = await state(a);
  assert.deepEqual(s.conflicts, [], 'no conflict to begin with');
  assert.ok(!s.items['status:attention'] && !s.items['nav:attention'], 'nothing needs attention yet');

  // --- A loses its network ----------------------------------------------------------------
  const cdpA = await a.context().newCDPSession(a);
  await cdpA.send('Network.enable');
  await network(cdpA, false);
  await until(a, () => !navigator.onLine, null, 'the page to know it is offline');

  // --- B, online, edits the note and syncs ---------------------------------------------------
  await editAndSave(b, textB);
  await synced(b, "B's edit to reach the server");

  // --- A, offline, edits the text it has (not B's) ----------------------------------------
  assert.equal(await body(a), original, 'A, offline, has not seen B\'s text');
  await editAndSave(a, textA);
  s = await state(a);
  assert.ok(s.sync.pending >= 1, 'A\'s edit waits to be sent');
  assert.deepEqual(s.conflicts, [], 'no conflict before A is back');

  // --- A is back: its later edit wins, B's text is kept as a conflict ----------------------
  await network(cdpA, true);
  await synced(a, "A's edit to be sent");
  await until(a, (id) => window.zhixing.state().conflicts.some((c) => c.record === id), NOTE,
    'the conflict to reach A', 60000);
  s = await state(a);
  assert.equal(s.conflicts.length, 1, 'one conflict');
  const conflict = s.conflicts[0];
  assert.deepEqual({ collection: conflict.collection, record: conflict.record, field: conflict.field },
    { collection: 'notes', record: NOTE, field: 'body' });
  assert.equal(await body(a), textA, "A's later edit won");
  const kept = await record(a, 'conflicts', conflict.id);
  assert.equal(kept.fields.value, textB, "the conflict keeps B's text");
  assert.ok(!kept.fields.resolved, 'the conflict is open');
  // Shown under the note, on the status bar, and in the navigation.
  for (const name of [`conflict:text:${conflict.id}`, `conflict:use:${conflict.id}`, `conflict:keep:${conflict.id}`,
    'status:attention', 'nav:attention']) {
    await waitItem(a, name);
  }
  s = await state(a);
  const below = (upper, lower) => s.items[lower][1] >= s.items[upper][1] + s.items[upper][3];
  assert.ok(below('note:body', `conflict:text:${conflict.id}`), 'the conflict panel is under the note\'s text');
  assert.ok(below(`conflict:text:${conflict.id}`, `conflict:use:${conflict.id}`), 'its buttons are under the other text');
  await a.screenshot({ path: shot('web-conflict-panel.png') });

  // The device whose text lost gets the conflict too, with A's text in the note.
  await storedBody(b, textA, "A's text to reach B");
  await until(b, (id) => window.zhixing.state().conflicts.some((c) => c.id === id), conflict.id,
    'the conflict to reach B', 60000);
  await waitItem(b, `conflict:use:${conflict.id}`);
  await b.screenshot({ path: shot('web-conflict-other-device.png') });

  // --- The "needs attention" view lists it, with the same two buttons ---------------------
  await clickItem(a, 'status:attention');
  await until(a, () => window.zhixing.state().view === 'attention', null, 'the attention view from the status bar');
  await waitItem(a, `conflict:open:${conflict.id}`);
  await waitItem(a, `conflict:use:${conflict.id}`);
  await waitItem(a, `conflict:keep:${conflict.id}`);
  await a.screenshot({ path: shot('web-conflict-attention.png') });
  // Back to the note (the attention view's "open" button), and settle it there.
  await clickItem(a, `conflict:open:${conflict.id}`);
  await until(a, () => window.zhixing.state().view === 'knowledge', null, 'the note from the attention view');
  await waitItem(a, `conflict:use:${conflict.id}`);

  // --- A takes B's version -------------------------------------------------------------------
  await clickItem(a, `conflict:use:${conflict.id}`);
  await until(a, () => window.zhixing.state().conflicts.length === 0, null, 'the conflict to close on A');
  assert.equal(await body(a), textB, "A's note now holds B's text");
  await synced(a, 'the resolution to be sent');
  await until(a, () => !window.zhixing.state().items['status:attention'] && !window.zhixing.state().items['nav:attention'],
    null, 'the attention marks to go away on A');
  assert.ok(!(await state(a)).items[`conflict:use:${conflict.id}`], 'the panel is gone');
  assert.ok((await record(a, 'conflicts', conflict.id)).fields.resolved, 'the conflict is stored as resolved');
  await a.screenshot({ path: shot('web-conflict-resolved.png') });

  // --- B follows: B's text, nothing open ------------------------------------------------------
  await storedBody(b, textB, "the settled text on B");
  await until(b, () => window.zhixing.state().conflicts.length === 0, null, 'the conflict to close on B', 60000);
  await until(b, () => !window.zhixing.state().items['status:attention'], null, 'the attention mark to go away on B');
  assert.ok((await record(b, 'conflicts', conflict.id)).fields.resolved, 'B stores the conflict as resolved');
  await synced(b, 'B to settle');
  await b.screenshot({ path: shot('web-conflict-other-device-resolved.png') });

  // --- The other way round: the offline edit is the older one, and loses --------------------
  // B goes offline and edits; A edits afterwards, online. When B is back, its
  // edit is concurrent and older: A's text stays, B's becomes the conflict,
  // and B keeps the current text.
  const cdpB = await b.context().newCDPSession(b);
  await cdpB.send('Network.enable');
  await network(cdpB, false);
  await until(b, () => !navigator.onLine, null, 'B to know it is offline');
  await editAndSave(b, textB2);
  assert.ok((await state(b)).sync.pending >= 1, "B's offline edit waits to be sent");
  await editAndSave(a, textA2);
  await synced(a, "A's second edit to reach the server");
  await network(cdpB, true);
  await synced(b, "B's offline edit to be sent");
  await until(b, () => window.zhixing.state().conflicts.length === 1, null, 'the second conflict to reach B', 60000);
  const second = (await state(b)).conflicts[0];
  assert.notEqual(second.id, conflict.id, 'a new conflict');
  assert.equal(second.record, NOTE);
  await storedBody(b, textA2, "A's newer text to stay and reach B");
  assert.equal((await record(b, 'conflicts', second.id)).fields.value, textB2, "B's older text is kept as the conflict");
  await waitItem(b, `conflict:keep:${second.id}`);
  await waitItem(b, 'status:attention');
  await b.screenshot({ path: shot('web-conflict-keep.png') });
  await clickItem(b, `conflict:keep:${second.id}`);
  await until(b, () => window.zhixing.state().conflicts.length === 0, null, 'the second conflict to close on B');
  assert.equal(await body(b), textA2, 'keeping the current text leaves it as it is');
  await synced(b, 'the second resolution to be sent');
  await until(a, (id) => {
    const r = window.zhixing.record('conflicts', id);
    return r && r.fields.resolved && window.zhixing.state().conflicts.length === 0;
  }, second.id, 'A to get the second conflict, settled', 60000);
  assert.equal(await body(a), textA2, 'A keeps its text');

  const unexpected = problems.filter((m) =>
    !/Failed to load resource|ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(m));
  assert.deepEqual(unexpected, [], 'no page or console errors beyond the planned outage');
  console.log(`conflict browser test passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  for (const c of profiles) await c.close().catch(() => {});
  await server.stop();
}
