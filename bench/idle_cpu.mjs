// Benchmark: what an idle client costs, against the same client drawing every
// frame, in one run (the aim: idle at most 0.1x of continuous).
//  - web: the page in headless Chromium (SwiftShader WebGL) against a real
//    server, left alone for --seconds; its main-thread time from the Chrome
//    DevTools Protocol (Performance.getMetrics TaskDuration), once as served
//    and once with ?frames=continuous;
//  - desktop: `zhixing` under Xvfb, the process's CPU time (utime + stime
//    from /proc/PID/stat) over --seconds, once as it runs and once with
//    --frames continuous.
// Both show the map and first wait until the bases are loaded and the frame
// count settles.
// Not part of CTest; after a build:
//
//   node bench/idle_cpu.mjs [--build build] [--seconds 30] [--only web|desktop]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../tests/support/args.mjs';
import { firstFrame, launch, until } from '../tests/support/browser.mjs';
import { settled, webFrames } from '../tests/support/frames.mjs';
import { startServer } from '../tests/support/server.mjs';
import { startXvfb } from '../tests/support/xvfb.mjs';

const args = parseArgs({
  program: 'node bench/idle_cpu.mjs',
  summary: 'Main-thread time of the web client and CPU time of the desktop client over a stretch without\n' +
    'input, against the same client drawing every frame, in one run.',
  options: {
    build: { value: 'DIR', default: 'build', help: 'the build folder' },
    seconds: { value: 'S', type: 'int', min: 1, max: 600, default: 30, help: 'length of each measured stretch' },
    only: { value: 'TARGET', choices: ['web', 'desktop', 'both'], default: 'both', help: 'which client to measure' },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const build = resolve(args.build);
const serverBin = join(build, 'bin', 'zhixing-server');
const clientBin = join(build, 'bin', 'zhixing');
const web = join(build, 'web');
const seed = join(root, 'assets', 'demo', 'bases.tsv');
for (const f of [serverBin, clientBin, join(web, 'zhixing.wasm')]) if (!existsSync(f)) throw new Error(`${f} missing: build first`);
const ms = args.seconds * 1000;
const sleep = (t) => new Promise((r) => setTimeout(r, t));
const rows = [];

async function measureWeb(server, browser, query) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // The map view: it loads the bases (signed out, the public list) and keeps
  // a Leaflet map on the page, the heaviest idle picture.
  await page.goto(server.url + '/' + query + '#/map');
  await firstFrame(page);
  await until(page, () => window.zhixing.state().basesStatus === 'ready', null, 'bases to load', 60000);
  if (!query) await settled(webFrames(page));
  else await sleep(2000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name).value;
  const f0 = await webFrames(page)();
  const t0 = await metric('TaskDuration');
  await sleep(ms);
  const cpu = (await metric('TaskDuration')) - t0;
  const frames = (await webFrames(page)()) - f0;
  await context.close();
  return { cpu, frames };
}

// utime + stime of a process, in seconds.
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;  // USER_HZ is 100 on Linux
}

async function measureDesktop(server, xvfb, work, mode) {
  const stateFile = join(work, `${mode}.json`);
  const proc = spawn(clientBin, ['--server', server.url, '--data-dir', join(work, mode), '--size', '1280x800',
    '--state-file', stateFile, '--frames', mode, '--view', 'map'], { env: xvfb.env, stdio: 'ignore' });
  const read = () => (existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : null);
  const frames = async () => { try { return read()?.frame ?? 0; } catch { return -1; } };
  try {
    const end = Date.now() + 60000;
    for (;;) {
      let s = null;
      try { s = read(); } catch { /* being replaced */ }
      if (s && s.basesStatus === 'ready') break;
      if (Date.now() > end) throw new Error(`desktop (${mode}): bases never loaded`);
      await sleep(100);
    }
    if (mode === 'on-demand') await settled(frames);
    else await sleep(2000);
    const f0 = await frames();
    const c0 = cpuSeconds(proc.pid);
    await sleep(ms);
    return { cpu: cpuSeconds(proc.pid) - c0, frames: (await frames()) - f0 };
  } finally {
    proc.kill('SIGTERM');
    await Promise.race([new Promise((r) => proc.once('exit', r)), sleep(5000)]);
    if (proc.exitCode === null) proc.kill('SIGKILL');
  }
}

const server = await startServer({ serverBin, web, seed });
try {
  if (args.only !== 'desktop') {
    const browser = await launch();
    try {
      const idle = await measureWeb(server, browser, '');
      const busy = await measureWeb(server, browser, '?frames=continuous');
      rows.push(['web (Chromium main thread)', idle, busy]);
    } finally {
      await browser.close();
    }
  }
  if (args.only !== 'web') {
    const xvfb = await startXvfb();
    const work = mkdtempSync(join(tmpdir(), 'zx-idle-bench-'));
    try {
      const idle = await measureDesktop(server, xvfb, work, 'on-demand');
      const busy = await measureDesktop(server, xvfb, work, 'continuous');
      rows.push(['desktop (process CPU, Xvfb)', idle, busy]);
    } finally {
      await xvfb.stop();
      rmSync(work, { recursive: true, force: true });
    }
  }
} finally {
  await server.stop();
}

const table = [['client', 'idle s', 'idle frames', 'continuous s', 'continuous frames', 'idle/continuous']];
for (const [name, idle, busy] of rows) {
  table.push([name, idle.cpu.toFixed(3), String(idle.frames), busy.cpu.toFixed(3), String(busy.frames),
    (idle.cpu / busy.cpu).toFixed(4)]);
}
const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
const show = (r) => '| ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
console.log(show(table[0]));
console.log('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
for (const r of table.slice(1)) console.log(show(r));
console.log(`\n${args.seconds} s without input each; CPU seconds spent in that time (the aim: idle/continuous <= 0.1).`);
