/**
 * @module alerts/suppression
 * Suppression windows and allow-lists (`alerts.suppress`): known benign bulk clients,
 * maintenance windows, noisy rules on a model. Pure. Two rules keep it safe:
 *
 * - an alert about traffic from several API keys is suppressed by key entries only when
 *   every one of its keys is allow-listed (a benign client cannot hide an attacker);
 * - a frozen breaker (automation stopped, only a human can unfreeze) is never suppressed.
 */
import { keySet } from './fingerprint.js';
import type { AlertCandidate } from './types.js';

/**
 * One suppression entry; every field given must match. `fromMs`/`untilMs` bound it in time
 * (clock ms, `untilMs` exclusive).
 */
export interface SuppressRule {
  readonly apiKey?: string;
  readonly model?: string;
  readonly rules?: readonly string[];
  readonly fromMs?: number;
  readonly untilMs?: number;
  readonly reason?: string;
}

/**
 * The entry that suppresses `candidate` at `now`, or undefined.
 *
 * @example
 * suppressedBy([{ apiKey: 'nightly-batch', rules: ['extraction'] }], { ...c, rule: 'extraction', apiKeys: ['nightly-batch'] }, now); // the entry
 */
export function suppressedBy(rules: readonly SuppressRule[], candidate: AlertCandidate, now: number): SuppressRule | undefined {
  if (candidate.source === 'incident' && candidate.kind === 'frozen') return undefined;
  const live = rules.filter((rule) => active(rule, now) && inScope(rule, candidate));
  const broad = live.find((rule) => rule.apiKey === undefined);
  if (broad !== undefined) return broad;
  const keys = keySet(candidate.apiKeys);
  if (keys.length === 0) return undefined;
  const byKey = keys.map((key) => live.find((rule) => rule.apiKey === key));
  return byKey.every((rule) => rule !== undefined) ? byKey[0] : undefined;
}

function active(rule: SuppressRule, now: number): boolean {
  return (rule.fromMs === undefined || now >= rule.fromMs) && (rule.untilMs === undefined || now < rule.untilMs);
}

function inScope(rule: SuppressRule, candidate: AlertCandidate): boolean {
  return (rule.model === undefined || rule.model === candidate.model) && (rule.rules === undefined || rule.rules.includes(candidate.rule));
}
