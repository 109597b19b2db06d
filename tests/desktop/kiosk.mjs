// A kiosk terminal at a base: `zhixing --kiosk` in a real X window (Xvfb)
// against a real zhixing-server, driven by xdotool as a person and a USB QR
// scanner (a keyboard) would:
//  - an administrator issues an enrolment code (API); the staff type it, a
//    name and a PIN at the kiosk; the attract screen shows the base and
//    today's trip;
//  - a card's code typed with Enter checks the student in; the server has it;
//    a second scan is "already", and one check-in;
//  - without input the kiosk returns to the attract screen and shows no name;
//  - with the server down a scan is kept in the queue, the kiosk is killed
//    with SIGKILL, restarted with the server back, and the check-in arrives;
//  - a revoked kiosk stops at its next request and says so.
// Screenshots (SIGUSR1, --shots) go to --out.
//
// node kiosk.mjs --server-bin B --client-bin C --seed TSV --accounts JSON --out DIR
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eOptions, parseArgs } from '../support/args.mjs';
import { decodePng, pixelStats } from '../support/png.mjs';
import { freePort, startServer } from '../support/server.mjs';
import { startXvfb } from '../support/xvfb.mjs';

const args = parseArgs({
  program: 'node tests/desktop/kiosk.mjs',
  summary: 'The kiosk terminal (zhixing --kiosk under Xvfb, xdotool input) against a real zhixing-server:\n' +
    'enrolment, scans, the idle reset, the offline queue across SIGKILL, revocation.',
  options: e2eOptions('server-bin', 'client-bin', 'seed', 'accounts', 'out'),
});
mkdirSync(args.out, { recursive: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const IDLE_S = 6;
const BASE = 'zj-0003';
const TRIP = 'trip-kiosk-' + Date.now().toString(36);
const chinaDay = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

const work = mkdtempSync(join(tmpdir(), 'zx-kiosk-'));
const port = await freePort();
let server = await startServer({ serverBin: args.serverBin, seed: args.seed, seedAccounts: args.accounts, port,
  dir: join(work, 'server'), keep: true });
mkdirSync(join(work, 'server'), { recursive: true });
const xvfb = await startXvfb({ width: 1280, height: 800 });
const dataDir = join(work, 'kiosk');
const shotsDir = join(work, 'shots');
let kiosk = null;

async function call(method, path, body, token, type = 'application/json') {
  const res = await fetch(server.url + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': type } : {}), ...(token ? { authorization: 'Bearer ' + token } : {}) },
    body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body,
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}
let counter = 0;
async function push(token, node, changes) {
  const hlc = () => (BigInt(Date.now()) << 16n | BigInt(++counter)).toString(16).padStart(16, '0') + ':' + node;
  return call('POST', '/api/v1/sync/push', {
    schema_version: 8, node, batch_id: `${node}-${++counter}`,
    changes: changes.map(([collection, record, fields]) => ({ id: `${node}-c${++counter}`, collection, record, hlc: hlc(), fields })),
  }, token);
}

function startKiosk() {
  const stateFile = join(work, 'kiosk-state.json');
  rmSync(stateFile, { force: true });
  const proc = spawn(args.clientBin, ['--kiosk', '--kiosk-idle', String(IDLE_S), '--server', server.url,
    '--data-dir', dataDir, '--state-file', stateFile, '--shots', shotsDir], { env: xvfb.env, stdio: ['ignore', 'inherit', 'inherit'] });
  const read = () => {
    if (proc.exitCode !== null) throw new Error(`zhixing exited with ${proc.exitCode}`);
    return existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : null;
  };
  kiosk = { proc, read, shots: 0 };
  return kiosk;
}
async function until(fn, what, timeout = 30000) {
  const end = Date.now() + timeout;
  for (;;) {
    const s = kiosk.read();
    const v = s && s.kiosk && fn(s.kiosk, s);
    if (v) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; kiosk: ${JSON.stringify(s && s.kiosk)}`);
    await sleep(100);
  }
}
// The next frame as a PNG, saved as `name` in --out; checked not to be blank.
async function shot(name) {
  const n = ++kiosk.shots;
  const file = join(shotsDir, `shot-${n}.png`);
  kiosk.proc.kill('SIGUSR1');
  const end = Date.now() + 15000;
  while (!existsSync(file)) {
    if (Date.now() > end) throw new Error('no screenshot ' + file);
    await sleep(100);
  }
  const out = join(args.out, `kiosk-${name}.png`);
  copyFileSync(file, out);
  const stats = pixelStats(decodePng(readFileSync(out)));
  assert.ok(stats.colours > 20, `${name} looks blank: ${JSON.stringify(stats)}`);
  console.log('screenshot', out);
}
const type = (text) => xvfb.xdotool('type', '--delay', '30', text);
const key = (k) => xvfb.xdotool('key', k);
async function kioskToday(token) {
  const res = await fetch(server.url + '/api/v1/kiosk/today', { headers: { authorization: 'Bearer ' + token } });
  return { status: res.status, body: await res.json() };
}
const doneOf = (today, student) => today.trips.find((t) => t.id === TRIP).roster.find((r) => r.student_id === student).done;

try {
  // --- Today's trip with two students who have student numbers ------------------------
  const admin = await call('POST', '/api/v1/auth/login', { username: 'admin', password: 'demo-admin-1' });
  const teacher = await call('POST', '/api/v1/auth/login', { username: 'teacher1', password: 'demo-teacher-1' });
  const roster = await call('POST', '/api/v1/classes/cls-demo-7-1/roster', '姓名,学号,年级\n李明,K001,7\n张华,K002,7\n',
    teacher.token, 'text/csv');
  assert.ok(roster.linked + roster.created + roster.unchanged >= 2, 'both students have numbers: ' + JSON.stringify(roster));
  await push(teacher.token, 'teacher-laptop', [
    ['trips', TRIP, { class_id: 'cls-demo-7-1', title: '湿地观鸟研学', date: chinaDay(), status: 'planned',
      bases: [BASE], leaders: ['u-teacher1'], start_min: 0, end_min: 1439 }],
    ['trip_participants', TRIP + '-p1', { trip_id: TRIP, user_id: 'u-student1', group_name: '第一组' }],
    ['trip_participants', TRIP + '-p2', { trip_id: TRIP, user_id: 'u-student2', group_name: '第一组' }],
  ]);
  const { code } = await call('POST', '/api/v1/kiosk/enrolments', { base_id: BASE }, admin.token);

  // --- Enrolment at the kiosk -----------------------------------------------------------
  startKiosk();
  await until((k) => k.screen === 'enrol', 'the enrolment screen');
  await sleep(500);
  await shot('enrol');
  type(code);
  key('Tab');
  type('east gate 1');
  key('Tab');
  type('246810');
  key('Tab');
  type('246810');
  key('Return');
  let s = await until((k) => k.screen === 'attract' && k.trips >= 1, 'enrolled, with today\'s trip');
  assert.equal(s.kiosk.base, BASE);
  const token = JSON.parse(readFileSync(join(dataDir, 'kiosk.json'), 'utf8')).token;
  assert.match(token, /^zxk_/);
  await sleep(300);
  await shot('attract');

  // --- A scan: the card's code and Enter ----------------------------------------------
  type('ZX1:S:sch-demo:K001');
  key('Return');
  s = await until((k) => k.result && k.queue === 0 && k.sentAt > 0, 'checked in and sent');
  assert.equal(s.kiosk.result.kind, 'checked_in');
  assert.equal(s.kiosk.result.name, '李明');
  assert.deepEqual(doneOf((await kioskToday(token)).body, 'u-student1'), ['in'], 'the server has the check-in');
  await shot('checked-in');
  // The same card again: one check-in.
  type('ZX1:S:sch-demo:K001');
  key('Return');
  s = await until((k) => k.result && k.result.kind === 'already_in', 'a second scan is already in');
  assert.deepEqual(doneOf((await kioskToday(token)).body, 'u-student1'), ['in']);
  // A card of another school, and a number nobody has.
  type('ZX1:S:sch-other:K001');
  key('Return');
  await until((k) => k.result && k.result.kind === 'other_school', 'another school\'s card');
  type('K999');
  key('Return');
  await until((k) => k.result && k.result.kind === 'not_found', 'an unknown number');

  // --- Idle: back to the attract screen, no name left ---------------------------------
  const t0 = Date.now();
  s = await until((k) => k.screen === 'attract' && !k.result, 'the idle reset', IDLE_S * 1000 + 15000);
  const idleMs = Date.now() - t0;
  assert.ok(idleMs >= (IDLE_S - 1) * 1000, `reset only after ${IDLE_S} s without input (${idleMs} ms)`);
  await shot('after-idle');

  // --- Offline: a scan kept across SIGKILL ----------------------------------------------
  await server.stop();
  type('K002');
  key('Return');
  s = await until((k) => k.result && k.result.kind === 'checked_in' && k.queue === 1, 'kept in the queue offline');
  assert.equal(s.kiosk.result.name, '张华');
  await shot('offline');
  kiosk.proc.kill('SIGKILL');
  await new Promise((r) => kiosk.proc.once('exit', r));
  server = await startServer({ serverBin: args.serverBin, port, dir: join(work, 'server'), keep: true });
  startKiosk();
  s = await until((k) => k.loaded && k.queue === 0 && k.sentAt > 0, 'the queue sent after the restart');
  assert.deepEqual(doneOf((await kioskToday(token)).body, 'u-student2'), ['in'], 'the offline check-in arrived once');

  // --- Revocation --------------------------------------------------------------------------
  // A scan of a new student sends at once and meets the revocation.
  await call('POST', '/api/v1/kiosk/devices/' + s.kiosk.deviceId + '/revoke', { reason: '设备送修' }, admin.token);
  kiosk.proc.kill('SIGKILL');
  await new Promise((r) => kiosk.proc.once('exit', r));
  startKiosk();
  s = await until((k) => k.screen === 'revoked', 'the revoked screen');
  assert.match(s.kiosk.revoked, /设备送修/, 'the kiosk says why');
  assert.equal((await kioskToday(token)).status, 401);
  await sleep(300);
  await shot('revoked');
  console.log('kiosk test passed (idle reset after', idleMs, 'ms)');
} finally {
  if (kiosk && kiosk.proc.exitCode === null) kiosk.proc.kill('SIGKILL');
  await server.stop();
  await xvfb.stop();
  rmSync(work, { recursive: true, force: true });
}
