/**
 * @module store/sqlite/ledger-worker-source
 * The source of the ledger worker thread, as a string started with
 * `new Worker(LEDGER_WORKER_SOURCE, { eval: true, workerData })`. It is self-contained
 * plain JavaScript (CommonJS `require` of node: modules and of better-sqlite3 by the
 * absolute path in `workerData.driverPath`), so the same code runs from dist/ and under
 * vitest running TypeScript sources: no .ts file is ever loaded by the worker.
 *
 * The worker owns its own better-sqlite3 connection to the store's file (WAL, so the main
 * connection keeps reading and marking while it writes), with the same busy timeout. Each
 * `append` message is one packed batch (`ledger-worker-protocol.ts`) inserted in one
 * IMMEDIATE transaction — whole or not at all — with multi-row INSERTs of `chunk` rows and
 * the batch's token in `ledger_batches` (the main thread looks it up before retrying a batch
 * whose answer was lost; tokens older than `tokenTtlMs` are pruned every 256 batches), and
 * answered `done` once committed (or `failed` with the error's name, message and code).
 * Messages are handled one at a time, in order, so batches commit in the order they were
 * posted. `close` closes the connection and answers `closed`.
 */

/** See the module header. Kept free of TypeScript-only syntax: it is never compiled. */
export const LEDGER_WORKER_SOURCE = String.raw`'use strict';
const { parentPort, workerData } = require('node:worker_threads');

function plain(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, ...(typeof e.code === 'string' ? { code: e.code } : {}) };
}

let db;
let insertAll;
let opened = false;
try {
  const Database = require(workerData.driverPath);
  db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs, fileMustExist: true });
  db.pragma('busy_timeout = ' + Number(workerData.busyTimeoutMs));
  db.pragma('synchronous = NORMAL');
  const chunk = workerData.chunk;
  const ABSENT = workerData.absent;
  const chunkInsert = db.prepare(workerData.chunkSql);
  const oneInsert = db.prepare(workerData.oneSql);
  const chunkArgs = new Array(chunk * 8);
  const oneArgs = new Array(8);
  const tokenInsert = db.prepare('INSERT INTO ledger_batches (token, at) VALUES (?, ?)');
  const tokenPrune = db.prepare('DELETE FROM ledger_batches WHERE at < ?');
  let batches = 0;
  insertAll = db.transaction((token, count, text, lengths, numbers) => {
    const now = Date.now();
    tokenInsert.run(token, now);
    if (++batches % 256 === 0) tokenPrune.run(now - workerData.tokenTtlMs);
    let at = 0;
    let k = 0;
    const next = () => {
      const n = lengths[k++];
      if (n === ABSENT) return null;
      const s = text.slice(at, at + n);
      at += n;
      return s;
    };
    // The first full chunks go through the multi-row INSERT, the rest row by row.
    const chunked = count - (count % chunk);
    let filled = 0;
    for (let i = 0; i < count; i++) {
      const args = i < chunked ? chunkArgs : oneArgs;
      const o = i < chunked ? filled * 8 : 0;
      args[o] = next();
      args[o + 1] = numbers[2 * i];
      args[o + 2] = next();
      args[o + 3] = next();
      args[o + 4] = next();
      args[o + 5] = next();
      args[o + 6] = next();
      args[o + 7] = numbers[2 * i + 1];
      if (i >= chunked) {
        oneInsert.run(args);
      } else if (++filled === chunk) {
        chunkInsert.run(args);
        filled = 0;
      }
    }
    if (at !== text.length || k !== lengths.length) throw new Error('ledger worker: packed batch of ' + count + ' rows does not add up');
  });
  opened = true;
} catch (err) {
  try {
    db?.close();
  } catch {}
  parentPort.postMessage({ type: 'fatal', error: plain(err) });
  parentPort.close();
}

if (opened) {
  parentPort.on('message', (msg) => {
    if (msg.type === 'close') {
      try {
        db.close();
      } finally {
        parentPort.postMessage({ type: 'closed' });
        parentPort.close();
      }
      return;
    }
    try {
      insertAll.immediate(msg.token, msg.count, msg.text, msg.lengths, msg.numbers);
      parentPort.postMessage({ type: 'done', id: msg.id });
    } catch (err) {
      parentPort.postMessage({ type: 'failed', id: msg.id, error: plain(err) });
    }
  });
  parentPort.postMessage({ type: 'ready' });
}
`;
