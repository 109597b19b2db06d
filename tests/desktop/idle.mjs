// An idle desktop client draws nothing: it waits in SDL_WaitEventTimeout
// (client/platform/frame_pacer.hpp). `zhixing` in a real X window (Xvfb)
// against a real server, its frame count read from --state-file:
//  - with --frames continuous it draws frame after frame (the baseline);
//  - after settling, a few seconds without input draw (almost) no frames;
//  - input (xdotool moving the mouse, then a click on the navigation) draws
//    again at once and is acted on;
//  - the periodic health check still runs while idle: with the server
//    stopped, the status turns offline with no input at all.
//
// node idle.mjs --server-bin B --client-bin C --seed TSV --out DIR
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { framesDuring, settled } from '../support/frames.mjs';
import { startServer } from '../support/server.mjs';
import { startXvfb } from '../support/xvfb.mjs';

const args = parseArgs({
  program: 'node tests/desktop/idle.mjs',
  summary: 'An idle desktop client (zhixing under Xvfb) draws no frames and wakes for input and for\n' +
    'its health check, against a real zhixing-server.',
  options: e2eOptions('server-bin', 'client-bin', 'seed', 'out'),
});
mkdirSync(args.out, { recursive: true });
const IDLE_MS = 3000;
const IDLE_MAX_FRAMES = 10;  // one health check's frames at most (see tests/browser/idle.mjs)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const server = await startServer({ serverBin: args.serverBin, seed: args.seed });
const xvfb = await startXvfb();
const work = mkdtempSync(join(tmpdir(), 'zx-desktop-idle-'));
const clients = [];

// Starts zhixing; returns a reader of its state file.
function startClient(name, extra = []) {
  const stateFile = join(work, `${name}.json`);
  const proc = spawn(args.clientBin, ['--server', server.url, '--data-dir', join(work, name), '--size', '1280x800',
    '--state-file', stateFile, ...extra], { env: xvfb.env, stdio: ['ignore', 'inherit', 'inherit'] });
  clients.push(proc);
  const read = () => {
    if (proc.exitCode !== null) throw new Error(`zhixing exited with ${proc.exitCode}`);
    // The client writes the file whole and renames it over the old one.
    return existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : null;
  };
  return { proc, read, frames: async () => (read() || { frame: 0 }).frame };
}

async function until(fn, what, timeout = 40000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function stopClient(c) {
  if (c.proc.exitCode !== null) return;
  const exited = new Promise((r) => c.proc.once('exit', r));
  c.proc.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
}

try {
  // --- Baseline: every frame drawn ------------------------------------------------------
  const busy = startClient('continuous', ['--frames', 'continuous']);
  // Signed out on the start page: nothing to load but the health check (the
  // public base list is fetched by the views that show bases).
  await until(() => busy.read()?.server === 'online', 'the continuous client to reach the server');
  const busyFrames = await framesDuring(busy.frames, IDLE_MS);
  console.log(`continuous: ${busyFrames} frames in ${IDLE_MS} ms`);
  assert.ok(busyFrames > IDLE_MAX_FRAMES, `--frames continuous draws every frame (${busyFrames})`);
  await stopClient(busy);

  // --- Idle ------------------------------------------------------------------------------
  const c = startClient('idle');
  await until(() => c.read()?.server === 'online', 'the client to reach the server');
  assert.notEqual(await settled(c.frames), null, 'the client stops drawing once nothing changes');
  const idle = await framesDuring(c.frames, IDLE_MS);
  console.log(`idle: ${idle} frames in ${IDLE_MS} ms`);
  assert.ok(idle <= IDLE_MAX_FRAMES, `an idle client draws (almost) nothing: ${idle} frames in ${IDLE_MS} ms`);

  // --- Input wakes it ------------------------------------------------------------------------
  const window = xvfb.xdotool('search', '--sync', '--name', 'Zhixing').trim().split('\n')[0];
  let before = await c.frames();
  xvfb.xdotool('mousemove', '--window', window, '640', '400');
  await until(() => c.read().frame > before, 'a mouse move to draw a frame', 10000);
  assert.notEqual(await settled(c.frames), null, 'settles after the move');
  // Under Xvfb with no window manager, SDL misses the first click after the
  // pointer is moved onto a window (the same with --frames continuous), so
  // the pointer rests on the item and clicks twice; clicking a navigation
  // item again is harmless.
  const [x, y, w, h] = c.read().items['nav:map'];
  xvfb.xdotool('mousemove', '--window', window, String(Math.round(x + w / 2)), String(Math.round(y + h / 2)));
  assert.notEqual(await settled(c.frames), null, 'settles with the pointer on the navigation');
  before = await c.frames();
  xvfb.xdotool('click', '--repeat', '2', '--delay', '500', '1');
  await until(() => c.read().view === 'map', 'a click on the navigation to open the map');
  assert.ok(c.read().frame > before, 'the click drew frames');
  await until(() => c.read().basesStatus === 'ready', 'the map to load the bases');
  assert.notEqual(await settled(c.frames), null, 'settles on the map');
  const idleMap = await framesDuring(c.frames, IDLE_MS);
  assert.ok(idleMap <= IDLE_MAX_FRAMES, `idle on the map too: ${idleMap} frames in ${IDLE_MS} ms`);

  // --- The health check runs while idle ------------------------------------------------------
  assert.equal(c.read().server, 'online');
  await server.stop();
  await until(() => c.read().server === 'offline', 'the idle client to notice the server is gone');
  console.log('desktop idle test passed');
} finally {
  for (const p of clients) await stopClient({ proc: p });
  await xvfb.stop();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
