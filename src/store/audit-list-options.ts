/**
 * @module store/audit-list-options
 * Validation of `AuditStore.list` options, shared by the adapters so that they agree on
 * what a bad argument is.
 */

/** `list` options with the defaults applied; `limit` is undefined for "no limit". */
export interface NormalisedAuditListOptions {
  readonly afterSeq: number;
  readonly limit: number | undefined;
}

/**
 * Applies the defaults (`afterSeq` 0, no limit) and rejects nonsense with a `RangeError`
 * naming the argument: `afterSeq` must be a finite number, `limit` an integer >= 0.
 *
 * @example
 * normaliseAuditListOptions({ limit: 10 }); // { afterSeq: 0, limit: 10 }
 */
export function normaliseAuditListOptions(options?: {
  readonly afterSeq?: number;
  readonly limit?: number;
}): NormalisedAuditListOptions {
  const afterSeq = options?.afterSeq ?? 0;
  const limit = options?.limit;
  if (!Number.isFinite(afterSeq)) throw new RangeError(`list(options): afterSeq must be a finite number, got ${afterSeq}`);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new RangeError(`list(options): limit must be an integer >= 0, got ${limit}`);
  }
  return { afterSeq, limit };
}
