// The web client's local store: the official sqlite-wasm build on OPFS
// through the "opfs-sahpool" VFS (no COOP/COEP headers needed), in a module
// worker so the page never waits on storage.
//
// Protocol (from zhixing-bridge.js): {id, op: 'open', name, takeOver} |
// {id, op: 'run', request: JSON text} | {op: 'close'} | {op: 'release'}.
// Answers: {id, result: {ok, error, busy, sets}} and, when another tab takes
// the store, {type: 'lost'}.
//
// Only one tab may hold the pool at a time. A Web Lock says who; a tab that
// cannot get it says so (busy) instead of silently falling back to memory,
// and can ask the holder to let go (take over).
import sqlite3InitModule from './vendor/sqlite-wasm/index.mjs';

const LOCK_NAME = 'zhixing-store';
const TAKE_OVER_WAIT_MS = 5000;

let sqlite3 = null;
let pool = null;
let db = null;
let releaseLock = null; // resolves the held lock's promise, which releases it

function acquireLock(waitMs) {
  return new Promise((resolve) => {
    const options = waitMs ? { signal: AbortSignal.timeout(waitMs) } : { ifAvailable: true };
    navigator.locks
      .request(LOCK_NAME, options, (lock) => {
        if (!lock) {
          resolve(false);
          return undefined;
        }
        resolve(true);
        return new Promise((release) => {
          releaseLock = release;
        });
      })
      .catch(() => resolve(false)); // timed out waiting
  });
}

async function open(name, takeOver) {
  if (!sqlite3) sqlite3 = await sqlite3InitModule({ print: () => {}, printErr: (m) => console.error(m) });
  if (!releaseLock) {
    const got = await acquireLock(takeOver ? TAKE_OVER_WAIT_MS : 0);
    if (!got) return { ok: false, busy: true, error: 'Zhixing is open in another tab of this browser' };
  }
  try {
    if (!pool) pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'zhixing', initialCapacity: 8 });
    else if (pool.isPaused()) await pool.unpauseVfs();
    await pool.reserveMinimumCapacity(8);
    if (db) db.close();
    db = new pool.OpfsSAHPoolDb('/' + name + '.sqlite3');
    db.exec('PRAGMA foreign_keys = ON');
    return { ok: true };
  } catch (e) {
    // Never fall back to memory: data written there would vanish on reload.
    return { ok: false, error: 'this browser cannot keep data offline here (OPFS): ' + (e.message || e) };
  }
}

function run(requestText) {
  if (!db) return { ok: false, error: 'the local store is not open' };
  const req = JSON.parse(requestText);
  const sets = [];
  try {
    if (req.transaction) db.exec('BEGIN IMMEDIATE');
    for (const s of req.statements) {
      if (s.script) {
        db.exec(s.sql);
        sets.push([]);
        continue;
      }
      sets.push(db.exec({
        sql: s.sql,
        bind: s.params && s.params.length ? s.params : undefined,
        rowMode: 'array',
        returnValue: 'resultRows',
      }));
    }
    if (req.transaction) db.exec('COMMIT');
    return { ok: true, sets };
  } catch (e) {
    if (req.transaction) {
      try {
        db.exec('ROLLBACK');
      } catch (ignored) {
        // no transaction left to roll back
      }
    }
    return { ok: false, error: String(e.message || e) };
  }
}

function close() {
  if (db) db.close();
  db = null;
}

// Another tab asked for the store: close, let go of the files and the lock,
// and tell the page.
function release() {
  if (!releaseLock) return;
  close();
  if (pool && !pool.isPaused()) pool.pauseVfs();
  releaseLock();
  releaseLock = null;
  postMessage({ type: 'lost' });
}

// Messages are handled strictly one after another.
let chain = Promise.resolve();
onmessage = (e) => {
  const msg = e.data;
  chain = chain.then(async () => {
    if (msg.op === 'open') postMessage({ id: msg.id, result: await open(msg.name, msg.takeOver) });
    else if (msg.op === 'run') postMessage({ id: msg.id, result: run(msg.request) }, undefined);
    else if (msg.op === 'close') close();
    else if (msg.op === 'release') release();
  });
};
