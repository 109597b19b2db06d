// Benchmark: the web client's first load on a phone (390×844, touch, scale 3)
// in headless Chromium (WebGL2 via SwiftShader) against a real zhixing-server,
// on three network profiles (slow 3G: 400 ms / 400 kbit/s, slow 4G: 150 ms /
// 1.6 Mbit/s, fast: loopback), cold (a new browser profile) and warm (the
// same profile again: the service worker's cache). Not part of the test
// suite; run after a build:
//
//   node bench/web_startup.mjs [--build build] [--runs 1] [--profiles slow-3g,slow-4g,fast]
//
// Figures per case: bytes on the wire before the first frame (Chromium's
// network events), time from navigation to the first frame, and the bytes the
// server sent in the whole first session (its access log: every file and API
// answer, the service worker's own fetches included).
//
// Baseline, measured in the same run and the same way: a bare Dear ImGui +
// SDL2 page (bench/web_hello, built by the same Emscripten sub-build with the
// same flags), served from the same server with its files brotli-compressed
// as ours are.
import { cpSync, existsSync, readdirSync, rmSync, mkdtempSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { parseArgs } from '../tests/support/args.mjs';
import { CHROMIUM_ARGS } from '../tests/support/browser.mjs';
import { MOBILE, PROFILES, accessLog, netlog } from '../tests/support/netlog.mjs';
import { startServer } from '../tests/support/server.mjs';

const args = parseArgs({
  program: 'node bench/web_startup.mjs',
  summary: 'First load of the web client on a phone on slow 3G, slow 4G and loopback, cold and warm,\n' +
    'against a bare Dear ImGui + SDL2 page built with the same toolchain.',
  options: {
    build: { value: 'DIR', default: 'build', help: 'the build folder, with the server, the web client and wasm/bench-hello' },
    runs: { value: 'N', type: 'int', min: 1, max: 100, default: 1, help: 'loads of each case; the median is reported' },
    profiles: { value: 'LIST', default: 'slow-3g,slow-4g,fast', help: 'network profiles, comma-separated' },
  },
});
const build = resolve(args.build);
const profiles = args.profiles.split(',');
for (const p of profiles) {
  if (!(p in PROFILES)) {
    console.error(`web_startup: unknown profile ${p} (known: ${Object.keys(PROFILES).join(', ')})`);
    process.exit(2);
  }
}
const helloSrc = join(build, 'wasm', 'bench-hello');
if (!existsSync(join(helloSrc, 'hello.wasm'))) {
  console.error(`web_startup: ${helloSrc}/hello.wasm missing; build the zx_web target first`);
  process.exit(2);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer({
  serverBin: join(build, 'bin/zhixing-server'), web: join(build, 'web'), seed: resolve('assets/demo/bases.tsv'),
  seedAccounts: resolve('assets/demo/accounts.json'), quiet: false,
});
// The baseline lives beside the real client for the duration of the run,
// compressed the way the build compresses ours.
const helloDir = join(build, 'web', 'bench-hello');
cpSync(helloSrc, helloDir, { recursive: true });
for (const f of readdirSync(helloDir)) {
  const p = join(helloDir, f);
  if (statSync(p).size >= 1024 && !/\.(br|gz)$/.test(f)) { execFileSync("brotli", ["-f", "-q", "11", "-o", p + ".br", p]); execFileSync("touch", [p + ".br"]); }
}

// One load in `context`: first-frame time and bytes; `ready` waits for what
// the page does after its first frame (the client: full font + service worker).
async function load(context, path, probe, profile, ready) {
  const page = await context.newPage();
  const net = await netlog(context, page, PROFILES[profile]);
  const logFrom = server.output().length;
  await page.goto(server.url + path, { waitUntil: 'commit' });
  await page.waitForFunction(probe, null, { timeout: 300000, polling: 50 });
  const ms = await page.evaluate(probe);
  const origin = await page.evaluate(() => performance.timeOrigin);
  const before = net.bytesUntil(origin + ms);
  if (ready) await page.waitForFunction(ready, null, { timeout: 300000, polling: 100 });
  else await page.waitForTimeout(500);
  const served = accessLog(server, logFrom).reduce((n, l) => n + l.bytes, 0);
  await page.close();
  return { ms, before, served };
}

const clientProbe = () => window.zhixing && window.zhixing.firstFrameMs();
const clientReady = () => window.zhixing.offlineReady();
const helloProbe = () => window.helloFirstFrame;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
const rows = [];
try {
  for (const profile of profiles) {
    for (const [name, path, probe, ready] of [['zhixing', '/', clientProbe, clientReady],
      ['bare imgui', '/bench-hello/index.html', helloProbe, null]]) {
      const cold = [], warm = [];
      for (let i = 0; i < args.runs; i++) {
        const dir = mkdtempSync(join(tmpdir(), 'zx-bench-'));
        const context = await chromium.launchPersistentContext(dir, {
          executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, ...MOBILE,
        });
        try {
          cold.push(await load(context, path, probe, profile, ready));
          warm.push(await load(context, path, probe, profile, null));
        } finally {
          await context.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }
      const m = (xs, k) => median(xs.map((x) => x[k]));
      rows.push({ profile, name, coldMs: m(cold, 'ms'), coldBefore: m(cold, 'before'), session: m(cold, 'served'),
        warmMs: m(warm, 'ms'), warmBefore: m(warm, 'before'), warmServed: m(warm, 'served') });
    }
  }
} finally {
  await browser.close();
  rmSync(helloDir, { recursive: true, force: true });
  await server.stop();
}

const kb = (n) => (n / 1024).toFixed(0).padStart(6);
const s = (ms) => (ms / 1000).toFixed(1).padStart(6);
console.log(`first load on a 390x844 phone, median of ${args.runs} run(s) per case`);
console.log('profile  page        | cold: first frame  KiB before  KiB session | warm: first frame  KiB before  KiB served');
for (const r of rows) {
  console.log(`${r.profile.padEnd(8)} ${r.name.padEnd(11)} |       ${s(r.coldMs)} s     ${kb(r.coldBefore)}       ${kb(r.session)}` +
    ` |       ${s(r.warmMs)} s     ${kb(r.warmBefore)}      ${kb(r.warmServed)}`);
}
for (const profile of profiles) {
  const c = rows.find((r) => r.profile === profile && r.name === 'zhixing');
  const b = rows.find((r) => r.profile === profile && r.name === 'bare imgui');
  console.log(`${profile}: zhixing / bare imgui: first frame ${(c.coldMs / b.coldMs).toFixed(2)}x cold, ` +
    `${(c.warmMs / b.warmMs).toFixed(2)}x warm; bytes before it ${(c.coldBefore / b.coldBefore).toFixed(2)}x cold`);
}
