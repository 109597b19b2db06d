// Search benchmark, browser half: the database and queries written by
// zx_search_bench (same notes, same index, same SQL) opened in the web
// client's own sqlite-wasm build on OPFS (opfs-sahpool, as the client uses it)
// inside a module worker, in headless Chromium. Run after the native half:
//
//   ./build/bin/zx_search_bench 100000 build/bench-search
//   node bench/search_browser.mjs [--build build] [--dir build/bench-search]
//
// Prints the import time, the FTS5 build of the same tokens (to compare with
// the native figure), and p50/p95 per query measured from the page, so they
// include the postMessage round trip the client pays; next to them the same
// queries with LIKE '%…%' and the native p95 from the same data.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from '../tests/support/args.mjs';
import { launchProfile } from '../tests/support/browser.mjs';

const args = parseArgs({
  program: 'node bench/search_browser.mjs',
  summary: 'Search benchmark, browser half: the database and queries written by zx_search_bench,\n' +
    "in the web client's sqlite-wasm on OPFS in headless Chromium.",
  options: {
    build: { value: 'DIR', default: 'build', help: 'the build folder, with the web client' },
    dir: { value: 'DIR', defaultText: 'BUILD/bench-search', help: "zx_search_bench's output folder" },
  },
});
const build = resolve(args.build);
const dir = resolve(args.dir ?? join(build, 'bench-search'));
const plan = JSON.parse(readFileSync(join(dir, 'queries.json'), 'utf8'));
const dbPath = join(dir, 'notes.sqlite3');

// The worker: one message at a time, answers with the time spent inside it.
const WORKER = `
import sqlite3InitModule from '/vendor/sqlite-wasm/index.mjs';
let sqlite3, pool, db;
const ops = {
  async import() {
    sqlite3 = await sqlite3InitModule({ print: () => {}, printErr: (m) => console.error(m) });
    pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'zx-search-bench', clearOnInit: true });
    const reader = (await fetch('/notes.sqlite3')).body.getReader();
    const bytes = await pool.importDb('/notes.sqlite3', async () => {
      const { done, value } = await reader.read();
      return done ? undefined : value;
    });
    db = new pool.OpfsSAHPoolDb('/notes.sqlite3');
    return { bytes, version: sqlite3.version.libVersion };
  },
  rebuild() {
    db.exec("CREATE VIRTUAL TABLE rebuild_probe USING fts5(title, body, tokenize = 'ascii');" +
      'INSERT INTO rebuild_probe(rowid, title, body) SELECT rowid, title, body FROM note_search;');
    db.exec('DROP TABLE rebuild_probe');
    return {};
  },
  query({ sql, params }) {
    return { rows: db.exec({ sql, bind: params, rowMode: 'array', returnValue: 'resultRows' }).length };
  },
  async wipe() {
    db.close();
    await pool.removeVfs();
    return {};
  },
};
onmessage = async (e) => {
  const t0 = performance.now();
  try {
    const out = await ops[e.data.op](e.data);
    postMessage({ ...out, ms: performance.now() - t0 });
  } catch (err) {
    postMessage({ error: String(err.message || err) });
  }
};
`;

const PAGE = `<!doctype html><meta charset="utf-8"><title>search bench</title><script>
const worker = new Worker('/bench-worker.js', { type: 'module' });
window.call = (msg) => new Promise((res, rej) => {
  worker.onmessage = (e) => (e.data.error ? rej(new Error(e.data.error)) : res(e.data));
  worker.postMessage(msg);
});
// Times n calls from the page: what the client would wait for.
window.timeQuery = async (sql, params, n) => {
  const first = await call({ op: 'query', sql, params });
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call({ op: 'query', sql, params });
    ms.push(performance.now() - t0);
  }
  return { rows: first.rows, ms };
};
</script>`;

const MIME = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x').pathname;
  if (url === '/') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
  if (url === '/favicon.ico') return res.writeHead(204).end();
  if (url === '/bench-worker.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(WORKER);
  if (url === '/notes.sqlite3') {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': statSync(dbPath).size });
    return createReadStream(dbPath).pipe(res);
  }
  const file = normalize(join(build, 'web', url));
  if (!url.startsWith('/vendor/') || !file.startsWith(join(build, 'web'))) return res.writeHead(404).end();
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] || 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const f = (x) => `${x.toFixed(2)}ms`.padStart(9);

// A profile on disk: an incognito context keeps OPFS in memory, which is not
// what a student's browser does.
const browser = await launchProfile();
let failed = false;
try {
  const page = browser.pages()[0] || (await browser.newPage());
  page.on('console', (m) => m.type() === 'error' && console.error('browser:', m.text()));
  await page.goto(origin + '/');
  const imp = await page.evaluate(() => call({ op: 'import' }));
  console.log(`search benchmark in Chromium: ${plan.notes} notes, sqlite-wasm ${imp.version} on OPFS (opfs-sahpool)`);
  console.log(`  import of the ${(imp.bytes / 1e6).toFixed(1)} MB database   ${imp.ms.toFixed(0).padStart(7)} ms`);
  const rb = await page.evaluate(() => call({ op: 'rebuild' }));
  console.log(`  FTS5 insert of tokens only     ${rb.ms.toFixed(0).padStart(7)} ms  ` +
    `(native ${plan.native_fts_only_ms.toFixed(0)} ms, ${(rb.ms / plan.native_fts_only_ms).toFixed(1)}x)`);

  console.log(`\n${'query'.padEnd(16)} ${'kind'.padEnd(12)} ${'hits'.padStart(5)} ${'fts p50'.padStart(9)} ` +
    `${'fts p95'.padStart(9)} ${'like p95'.padStart(9)} ${'like/fts'.padStart(8)} ${'native'.padStart(9)} ${'web/nat'.padStart(7)}`);
  const allFts = [], allLike = [];
  for (const q of plan.queries) {
    const fts = await page.evaluate(([s, p, n]) => timeQuery(s, p, n), [q.fts_sql, q.fts_params, plan.runs]);
    const like = await page.evaluate(([s, p, n]) => timeQuery(s, p, n), [q.like_sql, q.like_params, plan.runs]);
    if (fts.rows !== q.fts_hits || like.rows !== q.like_hits) {
      console.error(`  ${q.query}: browser found ${fts.rows}/${like.rows} rows, native ${q.fts_hits}/${q.like_hits}`);
      failed = true;
    }
    allFts.push(...fts.ms);
    allLike.push(...like.ms);
    const p95 = pct(fts.ms, 0.95), lp95 = pct(like.ms, 0.95);
    console.log(`${q.query.padEnd(16)} ${q.kind.padEnd(12)} ${String(fts.rows).padStart(5)} ${f(pct(fts.ms, 0.5))} ` +
      `${f(p95)} ${f(lp95)} ${(lp95 / p95).toFixed(1).padStart(7)}x ${f(q.native_fts_p95)} ` +
      `${(p95 / q.native_fts_p95).toFixed(1).padStart(6)}x`);
  }
  const p95 = pct(allFts, 0.95), lp95 = pct(allLike, 0.95);
  console.log(`${'ALL'.padEnd(29)} ${f(pct(allFts, 0.5))} ${f(p95)} ${f(lp95)} ${(lp95 / p95).toFixed(1).padStart(7)}x ` +
    `${f(plan.native_fts_p95)} ${(p95 / plan.native_fts_p95).toFixed(1).padStart(6)}x`);
  console.log(`aim: p95 under 50 ms in the browser -> ${p95 < 50 ? 'met' : 'NOT met'}; ` +
    `same rows as native: ${failed ? 'NO' : 'yes'}`);
  await page.evaluate(() => call({ op: 'wipe' }));
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
