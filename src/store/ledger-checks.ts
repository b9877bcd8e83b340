/**
 * @module store/ledger-checks
 * Argument checks of the LedgerStore port, shared by the adapters so that they reject the
 * same things the same way: a malformed row (a caller bug: TypeError naming the field,
 * and nothing of the batch is written) and nonsense query bounds (RangeError).
 */
import type { LedgerQuery, LedgerRow } from '../gateway/ports.js';

const TEXT_FIELDS = ['requestId', 'model', 'version', 'inputDigest', 'outputDigest'] as const;

/**
 * Throws a TypeError naming the first bad field of `rows[index]`.
 *
 * @example
 * checkLedgerRows([{ requestId: '', … }]); // TypeError: ledger row 0: requestId must be a non-empty string
 */
export function checkLedgerRows(rows: readonly LedgerRow[]): void {
  rows.forEach((row, index) => {
    for (const field of TEXT_FIELDS) {
      const value = row[field];
      if (typeof value !== 'string' || value.length === 0) throw new TypeError(`ledger row ${index}: ${field} must be a non-empty string`);
    }
    if (row.apiKeyId !== undefined && typeof row.apiKeyId !== 'string') throw new TypeError(`ledger row ${index}: apiKeyId must be a string when present`);
    if (!Number.isFinite(row.at)) throw new TypeError(`ledger row ${index}: at must be a finite number`);
    if (!Number.isInteger(row.status)) throw new TypeError(`ledger row ${index}: status must be an integer`);
  });
}

/** A query with its defaults applied; `limit` undefined means no limit. */
export interface NormalisedLedgerQuery {
  readonly model: string;
  readonly version: string | undefined;
  readonly fromMs: number;
  readonly toMs: number;
  readonly afterSeq: number;
  readonly limit: number | undefined;
}

/**
 * Applies the defaults and rejects nonsense with a RangeError naming the argument.
 *
 * @example
 * normaliseLedgerQuery({ model: 'fraud', fromMs: 0, toMs: 10 }); // { …, afterSeq: 0, limit: undefined }
 */
export function normaliseLedgerQuery(query: Omit<LedgerQuery, 'afterSeq' | 'limit'> & Partial<Pick<LedgerQuery, 'afterSeq' | 'limit'>>): NormalisedLedgerQuery {
  const { model, version, fromMs, toMs } = query;
  const afterSeq = query.afterSeq ?? 0;
  if (typeof model !== 'string' || model === '') throw new RangeError('ledger query: model must be a non-empty string');
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new RangeError(`ledger query: fromMs and toMs must be finite numbers, got ${fromMs} and ${toMs}`);
  if (!Number.isFinite(afterSeq)) throw new RangeError(`ledger query: afterSeq must be a finite number, got ${afterSeq}`);
  const limit = query.limit;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`ledger query: limit must be an integer >= 0, got ${limit}`);
  return { model, version, fromMs, toMs, afterSeq, limit };
}
