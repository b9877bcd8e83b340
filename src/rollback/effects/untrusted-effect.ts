/**
 * @module rollback/effects/untrusted-effect
 * The `mark_untrusted` effect in three idempotent sub-steps: mark the ledger rows of the
 * window (stamped with the decision's time, so a resume computes the same list), POST the
 * list to the webhook with an Idempotency-Key fixed by incident and decision, and run the
 * user's SQL statement. Each sub-step is marked when done; a resume skips the done ones.
 */
import type { BreakerEffect } from '../../breaker/index.js';
import { incidentIdFor } from '../incidents.js';
import { markUntrusted, runUntrustedSql, untrustedWindow } from '../untrusted/marker.js';
import { deliverWebhook } from '../webhook.js';
import type { Incident } from '../types.js';
import type { EffectEnv } from './env.js';
import { switchedAt } from './env.js';

type MarkEffect = Extract<BreakerEffect, { kind: 'mark_untrusted' }>;

/** The mark of a marking: its window and how many rows it covers. */
export interface UntrustedMark {
  readonly version: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly count: number;
}

/**
 * The webhook payload of an untrusted window (docs/rollback.md, "Webhook payloads").
 *
 * @example
 * untrustedPayload({ incidentId, model: 'fraud', version: 'v2', anomalyId, fromMs, toMs, markedAt, requestIds });
 */
export function untrustedPayload(p: { incidentId: string; model: string; version: string; anomalyId: string; fromMs: number; toMs: number; markedAt: number; requestIds: readonly string[] }): Record<string, unknown> {
  return {
    type: 'bulwark.untrusted',
    schemaVersion: 1,
    incidentId: p.incidentId,
    model: p.model,
    version: p.version,
    anomalyId: p.anomalyId,
    window: { from: new Date(p.fromMs).toISOString(), to: new Date(p.toMs).toISOString() },
    markedAt: new Date(p.markedAt).toISOString(),
    count: p.requestIds.length,
    requestIds: p.requestIds,
  };
}

/**
 * Applies one marking and hands its list on.
 *
 * @example
 * const mark = await applyMarkUntrusted(env, effect);
 */
export async function applyMarkUntrusted(env: EffectEnv, effect: MarkEffect): Promise<UntrustedMark> {
  const { record, deps } = env;
  const settings = deps.settings(record.model);
  const lookback = settings?.untrusted.lookbackSeconds ?? 60;
  const incidentId = incidentIdFor(record.model, effect.anomalyId);
  const { fromMs, toMs } = untrustedWindow(effect.onset, switchedAt(env), lookback);
  const request = { model: record.model, version: effect.version, fromMs, toMs, incidentId, at: record.at };
  const flush = deps.flushLedger;
  const { requestIds } = await markUntrusted({ ledger: deps.ledger, ...(flush === undefined ? {} : { flush }) }, request);
  if (!env.marks.has(`${env.index}:marked`)) await env.subMark('marked', { count: requestIds.length });
  const webhook = settings?.untrusted.webhook;
  if (webhook !== undefined && deps.http !== undefined && requestIds.length > 0 && !env.marks.has(`${env.index}:webhook`)) {
    const payload = untrustedPayload({ incidentId, model: record.model, version: effect.version, anomalyId: effect.anomalyId, fromMs, toMs, markedAt: record.at, requestIds });
    const attempts = await deliverWebhook({ http: deps.http, timers: deps.timers, random: deps.random }, { url: webhook, event: 'untrusted', idempotencyKey: `${incidentId}-${record.seq}-${env.index}`, payload });
    deps.crashPoint?.(`${env.index}:webhook-sent`); // delivered, not yet marked: a resume re-sends with the same key
    await env.subMark('webhook', { attempts });
  }
  const sql = settings?.untrusted.sql;
  if (sql !== undefined && deps.sql !== undefined && !env.marks.has(`${env.index}:sql`) && requestIds.length > 0) {
    const rowCount = await runUntrustedSql({ sql: deps.sql, timers: deps.timers, random: deps.random }, sql, requestIds);
    await env.subMark('sql', { rowCount });
  }
  const mark: UntrustedMark = { version: effect.version, fromMs, toMs, count: requestIds.length };
  await mergeIntoIncident(env, incidentId, mark);
  return mark;
}

/** A later marking (the canary's final step) widens the incident's window and recounts. */
async function mergeIntoIncident(env: EffectEnv, incidentId: string, mark: UntrustedMark): Promise<void> {
  const incident = await env.deps.incidents.get(incidentId);
  if (incident === undefined) return; // opened later by this decision's open_incident, from this mark
  const merged = mergeUntrusted(incident.untrusted, mark);
  const rows = await env.deps.ledger.query({ model: env.record.model, version: merged.version, fromMs: merged.fromMs, toMs: merged.toMs });
  const count = rows.filter((r) => r.incidentId === incidentId).length;
  await env.deps.incidents.update(incidentId, { untrusted: { ...merged, count }, updatedAt: env.deps.clock.now() });
}

/**
 * The union of two windows (same version).
 *
 * @example
 * mergeUntrusted({ version: 'v2', fromMs: 0, toMs: 10, count: 3 }, { version: 'v2', fromMs: 5, toMs: 20, count: 4 }); // 0..20
 */
export function mergeUntrusted(a: Incident['untrusted'], b: UntrustedMark): UntrustedMark {
  if (a === null) return b;
  return { version: b.version, fromMs: Math.min(a.fromMs, b.fromMs), toMs: Math.max(a.toMs, b.toMs), count: a.count + b.count };
}
