/**
 * @module store/sqlite/ledger-worker-protocol
 * What the main thread and the ledger worker (`ledger-worker-source.ts`) agree on: the
 * packed form of a batch of decision-ledger rows, the messages, and the INSERT statements.
 *
 * A batch crosses the thread boundary as one string and two typed arrays instead of an
 * array of row objects: structured-cloning 256 objects of 8 fields costs the main thread
 * ~1.5 µs a row, and so does writing each string into a buffer (one native call per
 * string); joining the strings costs ~0.3 µs. `text` is every row's `requestId`, `model`,
 * `version`, `apiKeyId`, `inputDigest`, `outputDigest` concatenated; `lengths` has their
 * lengths in UTF-16 code units (6 per row; {@link ABSENT} for a missing `apiKeyId`), so any
 * text is cut back exactly; `numbers` has `at` and `status` (2 per row). The typed arrays
 * are transferred, the string is copied once.
 */
import type { LedgerRow } from '../../gateway/ports.js';

/** Rows inserted per multi-row INSERT: one statement (and one `sqlite_sequence` update) per chunk instead of per row. */
export const LEDGER_INSERT_CHUNK = 32;

const COLUMNS = '(request_id, at, model, version, api_key_id, input_digest, output_digest, status)';
const PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?)';

/** Parameters per row of {@link ledgerInsertSql}, in its column order. */
export const LEDGER_PARAMS_PER_ROW = 8;

/**
 * The INSERT of `rows` ledger rows in one statement (parameters row after row, in
 * {@link COLUMNS} order). VALUES are inserted in order, so `seq` follows the batch.
 *
 * @example
 * ledgerInsertSql(2); // 'INSERT INTO ledger (…) VALUES (?, …), (?, …)'
 */
export function ledgerInsertSql(rows: number): string {
  return `INSERT INTO ledger ${COLUMNS} VALUES ${Array.from({ length: rows }, () => PLACEHOLDERS).join(', ')}`;
}

/** Main thread → worker. */
export type LedgerWorkerRequest =
  | ({ readonly type: 'append'; readonly id: number; readonly token: string } & PackedLedgerRows)
  | { readonly type: 'close' };

/** An error as it crosses the boundary (a SqliteError keeps its code). */
export interface LedgerWorkerError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

/** Worker → main thread. */
export type LedgerWorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number }
  | { readonly type: 'failed'; readonly id: number; readonly error: LedgerWorkerError }
  /** The worker could not open the database or prepare its statements; it exits. */
  | { readonly type: 'fatal'; readonly error: LedgerWorkerError }
  | { readonly type: 'closed' };

/** What the worker is started with. */
export interface LedgerWorkerData {
  /** Resolved path of better-sqlite3 (the worker runs eval'd code: no module resolution of its own). */
  readonly driverPath: string;
  readonly path: string;
  readonly busyTimeoutMs: number;
  readonly chunk: number;
  /** {@link ABSENT}. */
  readonly absent: number;
  readonly chunkSql: string;
  readonly oneSql: string;
  /** Committed batch tokens are kept this long (ms), then pruned. */
  readonly tokenTtlMs: number;
}

/** How long the worker keeps the token of a committed batch: far longer than any retry takes. */
export const LEDGER_TOKEN_TTL_MS = 3_600_000;

/** One packed batch (see the module header). */
export interface PackedLedgerRows {
  readonly count: number;
  readonly text: string;
  readonly lengths: Uint32Array<ArrayBuffer>;
  readonly numbers: Float64Array<ArrayBuffer>;
}

/** Texts per row in a packed batch. */
export const LEDGER_TEXTS_PER_ROW = 6;

/** `lengths` entry of a missing `apiKeyId` (NULL in the table, unlike the empty string). */
export const ABSENT = 0xffff_ffff;

/**
 * Packs rows (already checked by `checkLedgerRows`).
 *
 * @example
 * const packed = packLedgerRows(rows);
 * worker.postMessage({ type: 'append', id, ...packed }, [packed.lengths.buffer, packed.numbers.buffer]);
 */
export function packLedgerRows(rows: readonly LedgerRow[]): PackedLedgerRows {
  const count = rows.length;
  const parts = new Array<string>(count * LEDGER_TEXTS_PER_ROW);
  const lengths = new Uint32Array(count * LEDGER_TEXTS_PER_ROW);
  const numbers = new Float64Array(count * 2);
  let k = 0;
  for (let i = 0; i < count; i++) {
    const r = rows[i] as LedgerRow;
    numbers[2 * i] = r.at;
    numbers[2 * i + 1] = r.status;
    parts[k] = r.requestId;
    lengths[k++] = r.requestId.length;
    parts[k] = r.model;
    lengths[k++] = r.model.length;
    parts[k] = r.version;
    lengths[k++] = r.version.length;
    const key = r.apiKeyId;
    parts[k] = key ?? '';
    lengths[k++] = key === undefined ? ABSENT : key.length;
    parts[k] = r.inputDigest;
    lengths[k++] = r.inputDigest.length;
    parts[k] = r.outputDigest;
    lengths[k++] = r.outputDigest.length;
  }
  return { count, text: parts.join(''), lengths, numbers };
}
