/**
 * @module rollback/untrusted/marker
 * Marks the untrusted window in the decision ledger and hands the list on: ledger rows
 * served by the suspect version from the anomaly's onset minus the look-back until the
 * switch get `untrusted_at` / `incident_id`; the ids go to the configured webhook and,
 * optionally, to the user's parameterised SQL statement. Every step is idempotent: the
 * ledger marks only unmarked rows and all rows of one marking share its `at`, so the list
 * is the same when a crashed marking is resumed.
 */
import type { LedgerEntry } from '../../gateway/index.js';
import { ROLLBACK_DEFAULTS } from '../defaults.js';
import { rollbackErrors } from '../errors.js';
import type { LedgerPort, SqlRunner, Timers } from '../ports.js';
import { retry } from '../retry.js';

/** One marking. */
export interface MarkRequest {
  readonly model: string;
  readonly version: string;
  readonly fromMs: number;
  /** Exclusive. */
  readonly toMs: number;
  readonly incidentId: string;
  /** The stamp of this marking (the decision's time; the same on resume). */
  readonly at: number;
}

/**
 * The window of a marking: from onset − look-back until (and including) the switch.
 *
 * @example
 * untrustedWindow(10_000, 12_000, 60); // { fromMs: -50_000, toMs: 12_001 }
 */
export function untrustedWindow(onset: number, switchedAt: number, lookbackSeconds: number): { readonly fromMs: number; readonly toMs: number } {
  return { fromMs: onset - lookbackSeconds * 1_000, toMs: switchedAt + 1 };
}

/**
 * Marks the rows (after flushing the gateway's queued ledger rows, so that requests served
 * just before the switch are there) and returns the ids this marking covers.
 *
 * @example
 * const { requestIds } = await markUntrusted({ ledger, flush: () => gateway.ledger.forceFlush() }, request);
 */
export async function markUntrusted(deps: { readonly ledger: LedgerPort; readonly flush?: () => Promise<unknown> }, request: MarkRequest): Promise<{ readonly marked: number; readonly requestIds: string[] }> {
  await deps.flush?.();
  const { model, version, fromMs, toMs, incidentId, at } = request;
  const { marked } = await deps.ledger.markUntrusted({ model, version, fromMs, toMs, incidentId, at });
  const rows = await deps.ledger.query({ model, version, fromMs, toMs });
  const requestIds = rows.filter((r) => r.incidentId === incidentId && r.untrustedAt === at).map((r) => r.requestId);
  return { marked, requestIds };
}

/**
 * Every row marked for an incident within its window, in seq order.
 *
 * @example
 * await untrustedRows(ledger, incident);
 */
export async function untrustedRows(ledger: Pick<LedgerPort, 'query'>, window: { readonly model: string; readonly version: string; readonly fromMs: number; readonly toMs: number }, incidentId: string): Promise<LedgerEntry[]> {
  const rows = await ledger.query({ model: window.model, version: window.version, fromMs: window.fromMs, toMs: window.toMs });
  return rows.filter((r) => r.incidentId === incidentId);
}

/**
 * Runs the user's statement with `$1` = the request ids (a lone `?` is read as `$1`).
 * The statement must be idempotent: a crash-resume may run it again. Throws RBK_ERR_SQL_FAILED.
 *
 * @example
 * await runUntrustedSql({ sql, timers, random }, { url, statement: 'UPDATE orders SET untrusted = true WHERE request_id = ANY($1)' }, ids);
 */
export async function runUntrustedSql(
  deps: { readonly sql: SqlRunner; readonly timers: Timers; readonly random: () => number },
  config: { readonly url: string; readonly statement: string },
  requestIds: readonly string[],
): Promise<number> {
  const statement = /\$1\b/.test(config.statement) ? config.statement : config.statement.replace('?', '$1');
  const outcome = await retry(async () => ({ kind: 'ok', value: (await deps.sql.run(config.url, statement, [requestIds])).rowCount }), ROLLBACK_DEFAULTS.sql, deps);
  if (outcome.ok) return outcome.value;
  throw rollbackErrors.error('RBK_ERR_SQL_FAILED', `the untrusted-window SQL statement failed after ${outcome.attempts} attempt(s): ${outcome.error}`, { attempts: outcome.attempts });
}
