/**
 * @module store/memory/memory-ledger-store
 * In-memory LedgerStore: rows in an array in seq order. Appends are atomic because the
 * checks and the pushes run in one synchronous step.
 */
import type { LedgerEntry, LedgerQuery, LedgerRow, LedgerStore } from '../../gateway/ports.js';
import { checkLedgerRows, normaliseLedgerQuery } from '../ledger-checks.js';
import type { NormalisedLedgerQuery } from '../ledger-checks.js';
import type { OpenGuard } from '../open-guard.js';

interface StoredRow extends LedgerRow {
  seq: number;
  untrustedAt?: number;
  incidentId?: string;
}

/**
 * The memory implementation of {@link LedgerStore}; returns copies, never the rows it holds.
 *
 * @example
 * await ledger.append([row]);
 * await ledger.query({ model: 'fraud', version: 'v2', fromMs: 0, toMs: Date.now() });
 */
export class MemoryLedgerStore implements LedgerStore {
  readonly #guard: OpenGuard;
  readonly #rows: StoredRow[] = [];
  #seq = 0;

  constructor(guard: OpenGuard) {
    this.#guard = guard;
  }

  async append(rows: readonly LedgerRow[]): Promise<void> {
    this.#guard.assertOpen();
    checkLedgerRows(rows);
    for (const row of rows) this.#rows.push({ ...copyRow(row), seq: ++this.#seq });
  }

  async byRequestId(requestId: string): Promise<LedgerEntry[]> {
    this.#guard.assertOpen();
    return this.#rows.filter((r) => r.requestId === requestId).map(copyEntry);
  }

  async query(query: LedgerQuery): Promise<LedgerEntry[]> {
    this.#guard.assertOpen();
    const q = normaliseLedgerQuery(query);
    const found = this.#rows.filter((r) => r.seq > q.afterSeq && matches(r, q));
    return (q.limit === undefined ? found : found.slice(0, q.limit)).map(copyEntry);
  }

  async markUntrusted(query: Omit<LedgerQuery, 'afterSeq' | 'limit'> & { readonly incidentId: string; readonly at: number }): Promise<{ readonly marked: number }> {
    this.#guard.assertOpen();
    const q = normaliseLedgerQuery(query);
    let marked = 0;
    for (const row of this.#rows) {
      if (row.untrustedAt !== undefined || !matches(row, q)) continue;
      row.untrustedAt = query.at;
      row.incidentId = query.incidentId;
      marked++;
    }
    return { marked };
  }
}

function matches(row: StoredRow, q: NormalisedLedgerQuery): boolean {
  return row.model === q.model && (q.version === undefined || row.version === q.version) && row.at >= q.fromMs && row.at < q.toMs;
}

function copyRow(row: LedgerRow): LedgerRow {
  const { requestId, at, model, version, apiKeyId, inputDigest, outputDigest, status } = row;
  return { requestId, at, model, version, ...(apiKeyId === undefined ? {} : { apiKeyId }), inputDigest, outputDigest, status };
}

function copyEntry(row: StoredRow): LedgerEntry {
  return {
    ...copyRow(row),
    seq: row.seq,
    ...(row.untrustedAt === undefined ? {} : { untrustedAt: row.untrustedAt }),
    ...(row.incidentId === undefined ? {} : { incidentId: row.incidentId }),
  };
}
