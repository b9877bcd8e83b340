/**
 * @module control/sli/query-flags
 * Which requests count for the query anomaly rate: inference requests (OIP infer, chat)
 * of a declared model, and among them the "anomalous" ones: at least one inspector raised
 * a boolean flag (prompt_injection, pii, schema_violation, output_secret, …). The gateway's
 * own flags (`error`, `rejected`) and "could not measure" flags (`*_unavailable`) are not
 * findings about the query.
 */
import type { RequestEvent } from '../../gateway/index.js';

const NOT_FINDINGS: ReadonlySet<string> = new Set(['error', 'rejected']);

/**
 * True for an inference request of a declared model.
 *
 * @example
 * isQuery({ endpoint: 'oip-infer', model: 'fraud', … }); // true
 */
export function isQuery(event: Pick<RequestEvent, 'endpoint' | 'model'>): boolean {
  return event.model !== undefined && (event.endpoint === 'oip-infer' || event.endpoint === 'chat');
}

/**
 * True when an inspector flagged the request.
 *
 * @example
 * isFlagged({ prompt_injection: true, latency_ms: 3 }); // true
 * isFlagged({ error: true });                           // false
 */
export function isFlagged(signals: Readonly<Record<string, number | boolean>>): boolean {
  for (const name in signals) {
    if (signals[name] === true && !NOT_FINDINGS.has(name) && !name.endsWith('_unavailable')) return true;
  }
  return false;
}
