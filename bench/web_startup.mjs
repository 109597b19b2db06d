// Benchmark: size of the web client and time from navigation to its first
// ImGui frame in headless Chromium (WebGL2 via SwiftShader), against a real
// zhixing-server. Not part of the test suite; run after a build:
//
//   node bench/web_startup.mjs [--build build] [--runs 7]
//
// Baseline, measured in the same run: navigation to a static page of the same
// server with the same styles and no WebAssembly (the Leaflet scripts only),
// measured to its first contentful paint, so the ratio says what the C++
// client adds on top of loading a page.
import { writeFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { parseArgs } from '../tests/support/args.mjs';
import { startServer } from '../tests/support/server.mjs';

const args = parseArgs({
  program: 'node bench/web_startup.mjs',
  summary: 'Size of the web client and time from navigation to its first frame in headless Chromium,\n' +
    'against a static page without WebAssembly from the same server.',
  options: {
    build: { value: 'DIR', default: 'build', help: 'the build folder, with the server and the web client' },
    runs: { value: 'N', type: 'int', min: 1, max: 1000, default: 7, help: 'page loads of each kind; the median is reported' },
  },
});
const build = resolve(args.build);
const runs = args.runs;

function sizeOf(url, gzip) {
  return new Promise((res, rej) => {
    const req = httpRequest(url, { headers: gzip ? { 'Accept-Encoding': 'gzip' } : {} }, (r) => {
      let n = 0;
      r.on('data', (c) => (n += c.length));
      r.on('end', () => res(n));
    });
    req.on('error', rej);
    req.end();
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer({
  serverBin: join(build, 'bin/zhixing-server'), web: join(build, 'web'), seed: resolve('assets/demo/bases.tsv'),
});
// The baseline page lives beside the real one for the duration of the run.
const baselinePath = join(build, 'web', 'bench-baseline.html');
writeFileSync(baselinePath, '<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="style.css">' +
  '<script src="vendor/leaflet/leaflet.js"></script><p>知行</p>');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
});
try {
  console.log('web client size (bytes, raw / gzip as served):');
  let totalRaw = 0, totalGz = 0;
  for (const f of ['zhixing.wasm', 'zhixing.js', 'zhixing-bridge.js', 'index.html', 'zhixing.data']) {
    const raw = await sizeOf(`${server.url}/${f}`, false);
    const gz = await sizeOf(`${server.url}/${f}`, true);
    console.log(`  ${f.padEnd(18)} ${String(raw).padStart(9)} / ${String(gz).padStart(9)}` +
      (f === 'zhixing.data' ? '   (the UI font, Noto Sans CJK SC subset)' : ''));
    if (f !== 'zhixing.data') { totalRaw += raw; totalGz += gz; }
  }
  console.log(`  ${'code total'.padEnd(18)} ${String(totalRaw).padStart(9)} / ${String(totalGz).padStart(9)}`);

  const client = [], baseline = [];
  for (let i = 0; i < runs; i++) {
    // The baseline's "first frame" is its first contentful paint.
    const fcp = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    for (const [list, path, probe] of [[baseline, '/bench-baseline.html', fcp],
      [client, '/', () => window.zhixing && window.zhixing.firstFrameMs()]]) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await ctx.newPage();
      await page.goto(server.url + path);
      await page.waitForFunction(probe, null, { timeout: 60000 });
      list.push(await page.evaluate(probe));
      await ctx.close();
    }
  }
  const c = median(client), b = median(baseline);
  console.log(`navigation to first frame, median of ${runs} fresh profiles (ms):`);
  console.log(`  zhixing web client  ${c.toFixed(0)}   (all: ${client.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  baseline page       ${b.toFixed(0)}   (all: ${baseline.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  ratio client/baseline ${(c / b).toFixed(1)}x`);
} finally {
  await browser.close();
  rmSync(baselinePath, { force: true });
  await server.stop();
}
