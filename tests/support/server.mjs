// Starts a real zhixing-server for a test: a fresh SQLite file seeded with the
// demo data, a free port chosen by the system, and a stop() that always runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A port nobody listens on right now (for servers that must come back on it).
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// `dir` keeps the database across a stop and a new start (pass the previous
// server's dir); `keep` leaves it on disk when stopped.
export async function startServer({ serverBin, web, seed, seedAccounts, port = 0, dir, keep = false, quiet = true }) {
  dir = dir || mkdtempSync(join(tmpdir(), 'zx-e2e-'));
  const args = ['--port', String(port), '--db', join(dir, 'test.db')];
  if (seed) args.push('--seed', seed);
  if (seedAccounts) args.push('--seed-accounts', seedAccounts);
  if (web) args.push('--web', web);
  if (quiet) args.push('--quiet');
  const proc = spawn(serverBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 20 s:\n' + output)), 20000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  proc.removeAllListeners('exit');
  return {
    url,
    dir,
    output: () => output,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) throw new Error('bad argument ' + argv[i]);
    out[argv[i].slice(2).replace(/-(\w)/g, (_, c) => c.toUpperCase())] = argv[i + 1];
  }
  return out;
}

export async function fetchJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}
