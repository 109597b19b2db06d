// The live channel in Chromium: two browser profiles of one student. A note
// saved in the second appears in the first within seconds, with the first's
// channel 'live' and the pull that brought it counted as a signal's (the
// first polls only every 60 s while live); the first page sat idle meanwhile,
// so the signal also woke it. Then the server restarts: the channel comes
// back by itself, and a second note travels the same way.
//
// node live.mjs --server-bin B --web DIR --seed TSV --accounts JSON --out DIR
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { clickItem, firstFrame, goTo, launchProfile, signIn, state, typeInto, until, waitItem, watch } from '../support/browser.mjs';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { freePort, startServer } from '../support/server.mjs';

const args = parseArgs({
  program: 'node tests/browser/live.mjs',
  summary: "The live channel in Chromium: a second browser's note appears in the first within seconds,\n" +
    'through the server-sent signal, and the channel survives a server restart.',
  options: e2eOptions('server-bin', 'web', 'seed', 'accounts', 'out'),
});
mkdirSync(args.out, { recursive: true });
const port = await freePort();
const opts = { serverBin: args.serverBin, web: args.web, seed: args.seed, seedAccounts: args.accounts, port, keep: true };
let server = await startServer(opts);
const profiles = [];
const problems = [];
// Well under the 10 s poll of a client without the channel, and the 60 s of one with it.
const ARRIVES_MS = 5000;

async function openApp(label) {
  const context = await launchProfile();
  profiles.push(context);
  const page = context.pages()[0] || (await context.newPage());
  watch(page, problems, label);
  await page.goto(server.url + '/');
  await firstFrame(page);
  await signIn(page, 'student1', 'demo-student-1');
  await until(page, () => window.zhixing.state().sync.status === 'synced', null, `${label} first sync`);
  await until(page, () => window.zhixing.state().sync.live === 'live', null, `${label} channel to be live`);
  return page;
}

async function writeNote(page, title) {
  await goTo(page, 'knowledge');
  await waitItem(page, 'note:new');
  await clickItem(page, 'note:new');
  await until(page, () => window.zhixing.state().items['note:title'], null, 'the note editor');
  await typeInto(page, 'note:title', title);
  await typeInto(page, 'note:body', '实时同步');
  await clickItem(page, 'note:save');
  await until(page, () => window.zhixing.state().sync.pending === 0 && window.zhixing.state().sync.status === 'synced',
    null, 'the note to reach the server');
}

// Saves `title` in `from`, and checks it reaches `to` through a signal.
async function travels(from, to, title) {
  const before = (await state(to)).sync;
  await writeNote(from, title);
  const saved = Date.now();  // the server has it
  await until(to, (t) => (window.zhixing.state().notes || []).some((n) => n.title === t), title,
    `"${title}" in the first browser`, ARRIVES_MS);
  const after = (await state(to)).sync;
  console.log(`"${title}" arrived ${Date.now() - saved} ms after the server had it`);
  assert.equal(after.live, 'live', 'the channel is live');
  assert.ok(after.signals > before.signals, 'a signal arrived');
  assert.ok(after.pulls.signal > before.pulls.signal, 'a pull answered it');
  assert.equal(after.pulls.poll, before.pulls.poll, 'no poll came round meanwhile');
}

try {
  const a = await openApp('A: ');
  const b = await openApp('B: ');
  // A sits idle (its main loop paused) while B writes.
  await a.waitForTimeout(1500);
  await travels(b, a, 'Live note ' + Date.now().toString(36));
  await a.screenshot({ path: join(args.out, 'web-live.png') });

  await server.stop();
  await until(a, () => window.zhixing.state().sync.live !== 'live', null, 'the channel to notice the server is gone');
  server = await startServer({ ...opts, dir: server.dir });
  await until(a, () => window.zhixing.state().sync.live === 'live', null, 'the channel back after the restart', 30000);
  await until(b, () => window.zhixing.state().sync.live === 'live', null, "the second browser's channel back", 30000);
  await travels(b, a, 'After restart ' + Date.now().toString(36));

  const unexpected = problems.filter((m) => !/Failed to load resource|ERR_CONNECTION_REFUSED|Failed to fetch|network error/i.test(m));
  assert.deepEqual(unexpected, [], 'no page or console errors beyond the planned restart');
  console.log('live browser test passed');
} finally {
  for (const c of profiles) await c.close().catch(() => {});
  await server.stop();
  rmSync(server.dir, { recursive: true, force: true });
}
