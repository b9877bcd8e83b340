/**
 * @module inspect/pii/pii-inspector
 * The PII and secrets inspector (id `pii`). The same inspector serves requests (a user
 * pasting a card number) and responses (a model leaking an AWS key). Score: 1 when any
 * secret is found, otherwise `1 − 0.5^n` for n PII spans (0.5, 0.75, 0.875, …), so the
 * default threshold 0.5 flags any finding. Reasons are the entity types found, sorted,
 * plus `input_truncated` when only the first `maxInputChars` were inspected.
 */
import type { Finding, TextInspector } from '../types.js';
import { inspectErrors } from '../errors.js';
import { isSecret } from './entities.js';
import { PII_DEFAULTS } from './defaults.js';
import type { DetectOptions } from './detect.js';
import { detectWith, resolveDetectSettings } from './detect.js';

/** Options of {@link createPiiInspector}. */
export interface PiiInspectorOptions extends DetectOptions {
  /** A finding is flagged when its score is at least this (0..1). Default 0.5. */
  readonly threshold?: number;
}

/** Signals derived from a finding, for the gateway's RequestEvent. */
export interface PiiCounts {
  readonly pii_count: number;
  readonly secret_count: number;
  /** Spans per entity type. */
  readonly by_type: Readonly<Record<string, number>>;
}

/**
 * The reason added when the text was longer than the input cap.
 *
 * @example
 * createPiiInspector({ maxInputChars: 10 }).inspect('x'.repeat(11)).reasons; // ['input_truncated']
 */
export const TRUNCATED_REASON = 'input_truncated';

function scoreOf(pii: number, secrets: number): number {
  return secrets > 0 ? 1 : 1 - 0.5 ** pii;
}

/**
 * Creates the PII and secrets inspector. Throws `INS_ERR_UNKNOWN_ENTITY` or
 * `INS_ERR_INVALID_OPTION` for bad options (never for bad text).
 *
 * @example
 * const pii = createPiiInspector();
 * const f = pii.inspect('Reach me at jane@example.com, key AKIAIOSFODNN7EXAMPLE');
 * f.flagged; // true
 * f.score; // 1 (a secret)
 * f.spans.map((s) => s.type); // ['EMAIL', 'AWS_ACCESS_KEY']
 */
export function createPiiInspector(options: PiiInspectorOptions = {}): TextInspector {
  const settings = resolveDetectSettings(options);
  const threshold = options.threshold ?? PII_DEFAULTS.threshold;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw inspectErrors.error('INS_ERR_INVALID_OPTION', `threshold must be in 0..1, got ${threshold}`, { option: 'threshold', value: threshold });
  }
  return {
    id: 'pii',
    inspect(text: string): Finding {
      if (typeof text !== 'string') return { score: 0, flagged: false, spans: [], reasons: [], error: `expected a string, got ${typeof text}` };
      const { spans, truncated } = detectWith(text, settings);
      const secrets = spans.filter((s) => isSecret(s.type)).length;
      const score = spans.length === 0 ? 0 : scoreOf(spans.length - secrets, secrets);
      const reasons = [...new Set(spans.map((s) => s.type))].sort();
      if (truncated) reasons.push(TRUNCATED_REASON);
      return { score, flagged: spans.length > 0 && score >= threshold, spans, reasons };
    },
  };
}

/**
 * Counts a finding's spans: PII, secrets, and per type.
 *
 * @example
 * countByType(createPiiInspector().inspect('a@b.io c@d.io ghp_…')); // { pii_count: 2, secret_count: 1, by_type: { EMAIL: 2, GITHUB_TOKEN: 1 } }
 */
export function countByType(finding: Pick<Finding, 'spans'>): PiiCounts {
  const byType: Record<string, number> = {};
  let secrets = 0;
  for (const span of finding.spans) {
    byType[span.type] = (byType[span.type] ?? 0) + 1;
    if (isSecret(span.type)) secrets++;
  }
  return { pii_count: finding.spans.length - secrets, secret_count: secrets, by_type: byType };
}
