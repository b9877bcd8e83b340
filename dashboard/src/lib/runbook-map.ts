/**
 * @module dashboard/lib/runbook-map
 * Which runbooks (docs/runbooks/<id>.md) fit an incident. The same rules as the alerting
 * context's `runbookFor` (src/alerts/runbooks.ts; alerts carry its answer as `runbook.url`):
 * the rule's condition is read first, then its id; a frozen breaker adds the loop-guard
 * page, and every rollback the untrusted-window follow-up. Kept in step by hand: the
 * dashboard imports only the API's types. Pure.
 */

export const RUNBOOK_TITLES: Readonly<Record<string, string>> = Object.freeze({
  'entropy-collapse': 'Entropy collapse',
  'shadow-divergence': 'Shadow divergence',
  'prompt-injection-surge': 'Prompt-injection surge',
  'pii-leakage': 'PII or secret leakage',
  drift: 'Drift (PSI / KS / out-of-distribution)',
  'error-latency': 'Errors and latency',
  'model-extraction': 'Model extraction',
  'loop-guard-freeze': 'Loop-guard freeze',
  'lkg-unhealthy-canary': 'Canary step failed',
  'untrusted-window': 'Untrusted-window follow-up',
  'evaluation-errors': 'Rule cannot be evaluated',
  'slo-burn': 'SLO burn rate',
  'alert-flood': 'Alert flood',
  triage: 'Triage',
});

const PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/prada|unique_rate|coverage\(|boundary\(|volume\(|extract/, 'model-extraction'],
  [/prompt_injection|injection/, 'prompt-injection-surge'],
  [/pii|secret|leak/, 'pii-leakage'],
  [/entropy/, 'entropy-collapse'],
  [/shadow/, 'shadow-divergence'],
  [/psi\(|ks\(|drift|ood/, 'drift'],
  [/error|latency|5xx|timeout/, 'error-latency'],
];

function byText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const lower = text.toLowerCase();
  return PATTERNS.find(([pattern]) => pattern.test(lower))?.[1];
}

/** What the lookup reads. */
export interface RunbookSubject {
  readonly rule: string;
  readonly condition?: string;
  /** The anomaly kind (`extraction_suspected`, `evaluation_errors`, `rule`). */
  readonly kind?: string;
  /** The breaker's freeze reason when it is frozen (`loop_guard`, `lkg_anomalous`, `lkg_unhealthy`). */
  readonly frozenReason?: string;
  /** The anomaly's action moved traffic. */
  readonly rolledBack?: boolean;
}

/**
 * Runbook ids, most relevant first.
 *
 * @example
 * runbooksFor({ rule: 'shadow-divergence', condition: 'rate(shadow_disagree) > 0.05', rolledBack: true, frozenReason: 'lkg_anomalous' });
 * // ['shadow-divergence', 'loop-guard-freeze', 'untrusted-window']
 */
export function runbooksFor(subject: RunbookSubject): string[] {
  const ids: string[] = [];
  if (subject.kind === 'extraction_suspected') ids.push('model-extraction');
  else if (subject.kind === 'evaluation_errors') ids.push('evaluation-errors');
  else ids.push(byText(subject.condition) ?? byText(subject.rule) ?? 'triage');
  if (subject.frozenReason !== undefined) ids.push(subject.frozenReason === 'lkg_unhealthy' ? 'lkg-unhealthy-canary' : 'loop-guard-freeze');
  if (subject.rolledBack === true) ids.push('untrusted-window');
  return [...new Set(ids)];
}
