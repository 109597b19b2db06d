// Nothing typed is lost (issue 11, item 8), in Chromium at phone size: a
// student types into a new note and into an existing note's body, and
// reloads before saving; the text comes back where it was, and no empty note
// exists on the device or on the server. The tab is closed and the app
// opened again at its bare address: it comes back to the newest draft. Saving
// clears the drafts (a reload then brings back nothing); signing out deletes
// the rest.
//
// node drafts.mjs --server-bin B --web DIR --seed TSV --accounts JSON --out DIR
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  clickItem, firstFrame, goTo, imeInto, launchProfile, signIn, state, until, waitItem, watch,
} from '../support/browser.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/browser/drafts.mjs',
  summary: 'Drafts in Chromium: reload and close the tab mid-typing; the text comes back, no empty note.',
  options: e2eOptions('server-bin', 'web', 'seed', 'accounts', 'out'),
});
mkdirSync(args.out, { recursive: true });
const shot = (name) => join(args.out, name);
const server = await startServer({
  serverBin: args.serverBin, web: args.web, seed: args.seed, seedAccounts: args.accounts,
});
const problems = [];
let context = null;

// The server's own database: its notes, as rows.
const serverNotes = () => JSON.parse(execFileSync('sqlite3', ['-readonly', '-json', join(server.dir, 'test.db'),
  "SELECT id, coalesce(title, '') AS title, coalesce(body, '') AS body FROM notes WHERE deleted = 0"]).toString() || '[]');
// Every draft written to the store, and (when given) these texts among them:
// what was typed has reached the app first.
const written = (page, what, texts = []) => until(page, (want) => {
  const d = window.zhixing.state().drafts;
  return d.loaded && d.unwritten === 0 && want.every((t) => d.entries.some((e) => e.text === t));
}, texts, what);
const emptyLocalNotes = (s) => (s.notes || []).filter((n) => n.title === '' && !n.id.startsWith('note-demo'));

try {
  context = await launchProfile();
  let page = context.pages()[0] || (await context.newPage());
  watch(page, problems);
  await page.goto(server.url + '/');
  await firstFrame(page);
  await signIn(page, 'student1', 'demo-student-1');
  await until(page, () => window.zhixing.state().sync.status === 'synced', null, 'the first sync');
  const notesBefore = (await state(page)).notes.length;
  const serverBefore = serverNotes().length;

  // --- A new note, typed into and not saved -----------------------------------------
  await goTo(page, 'knowledge');
  await clickItem(page, 'note:new');
  await waitItem(page, 'note:title');
  assert.equal(new URL(page.url()).hash, '#/note/new', 'the address shows the new note');
  await imeInto(page, 'note:title', '观鸟记录');
  await imeInto(page, 'note:body', '小䴙䴘在水面潜水。');
  await written(page, 'the new note\'s drafts to be stored', ['观鸟记录', '小䴙䴘在水面潜水。']);
  assert.equal((await state(page)).notes.length, notesBefore, 'no note is created before it is saved');

  await page.reload();
  await firstFrame(page);
  await until(page, () => {
    const s = window.zhixing.state();
    return s.openNote === 'new' && s.editor.title === '观鸟记录' && s.editor.body === '小䴙䴘在水面潜水。';
  }, null, 'the new note\'s text back in its fields after the reload');
  let s = await state(page);
  assert.equal(s.editor.dirty, true, 'shown as unsaved');
  assert.equal(s.notes.length, notesBefore, 'still no note on the device');
  assert.deepEqual(emptyLocalNotes(s), [], 'no empty note on the device');
  await page.screenshot({ path: shot('web-drafts-new-note-reloaded.png') });

  // --- An existing note's body, typed into and not saved -------------------------
  await waitItem(page, 'note:note-demo-geo');
  await clickItem(page, 'note:note-demo-geo');
  await until(page, () => window.zhixing.state().editor.note === 'note-demo-geo', null, 'the demo note in the editor');
  assert.equal(new URL(page.url()).hash, '#/note/note-demo-geo');
  const original = (await page.evaluate(() => window.zhixing.record('notes', 'note-demo-geo'))).fields.body;
  const edited = original + '\n\n补充：钱塘江大潮。';
  await imeInto(page, 'note:body', edited);
  await written(page, 'the body\'s draft to be stored', [edited]);

  // The tab is closed and the app opened again at its bare address.
  await page.close();
  page = await context.newPage();
  watch(page, problems);
  await page.goto(server.url + '/');
  await firstFrame(page);
  await until(page, (t) => {
    const st = window.zhixing.state();
    return st.view === 'knowledge' && st.editor.note === 'note-demo-geo' && st.editor.body === t;
  }, edited, 'the app to come back to the note with the typed text');
  assert.equal(new URL(page.url()).hash, '#/note/note-demo-geo', 'and the address follows');
  await page.screenshot({ path: shot('web-drafts-tab-reopened.png') });
  assert.equal((await page.evaluate(() => window.zhixing.record('notes', 'note-demo-geo'))).fields.body, original,
    'the stored note is unchanged until saved');

  // --- Saving clears the drafts -----------------------------------------------------
  await clickItem(page, 'note:save');
  await until(page, (t) => window.zhixing.state().noteNotice !== '' && !window.zhixing.state().editor.dirty, edited, 'the save');
  await until(page, () => !window.zhixing.state().drafts.entries.some((d) => d.key.startsWith('notes/note-demo-geo/')),
    null, 'the saved note\'s drafts to go');
  await written(page, 'the drafts table to follow');
  // The new note is saved too: created with its text, its drafts gone.
  await clickItem(page, 'note:new');
  await until(page, () => window.zhixing.state().editor.title === '观鸟记录', null, 'the new note\'s draft');
  await clickItem(page, 'note:save');
  await until(page, () => (window.zhixing.state().notes || []).some((n) => n.title === '观鸟记录'), null,
    'the new note to be created');
  await until(page, () => window.zhixing.state().drafts.entries.length === 0, null, 'every draft to be cleared');
  await written(page, 'the drafts table to be empty');
  await until(page, () => window.zhixing.state().sync.status === 'synced' && window.zhixing.state().sync.pending === 0,
    null, 'the notes to reach the server');
  s = await state(page);
  assert.equal(s.notes.length, notesBefore + 1, 'exactly one note more on the device');
  assert.deepEqual(emptyLocalNotes(s), [], 'no empty note on the device');
  const onServer = serverNotes();
  assert.equal(onServer.length, serverBefore + 1, 'exactly one note more on the server');
  assert.deepEqual(onServer.filter((n) => n.title === '' && n.body === ''), [], 'no empty note on the server');
  assert.ok(onServer.some((n) => n.title === '观鸟记录' && n.body === '小䴙䴘在水面潜水。'), 'the new note, whole');
  assert.ok(onServer.some((n) => n.id === 'note-demo-geo' && n.body === edited), 'the edited note, whole');

  await page.reload();
  await firstFrame(page);
  await until(page, () => window.zhixing.state().drafts.loaded, null, 'the drafts to be read');
  assert.deepEqual((await state(page)).drafts.entries, [], 'nothing saved comes back as a draft');

  // --- Signing out deletes the drafts ------------------------------------------------
  await waitItem(page, 'note:body');
  await imeInto(page, 'note:body', edited + '\n未保存的一句');
  await written(page, 'one more draft to be stored', [edited + '\n未保存的一句']);
  assert.equal((await state(page)).drafts.entries.length, 1);
  await goTo(page, 'settings');
  await waitItem(page, 'account:sign_out');
  await clickItem(page, 'account:sign_out');
  await until(page, () => !window.zhixing.state().signedIn, null, 'signed out');
  await signIn(page, 'student1', 'demo-student-1');
  await until(page, () => window.zhixing.state().drafts.loaded, null, 'the drafts to be read after signing in again');
  assert.deepEqual((await state(page)).drafts.entries, [], 'no draft survives signing out');

  assert.deepEqual(problems, [], 'no page or console errors');
  console.log('drafts: reload, closed tab, save and sign-out all keep or clear the text as they should');
} finally {
  if (context) await context.close();
  await server.stop();
}
