/**
 * @module adapters/alerts/sink-id
 * Stable sink ids: the kind and 8 hex characters of a sha256 of the sink's target (URL or
 * routing key). Queued deliveries name their sink by id, so the id survives a reordering
 * of `alerts.sinks` and never shows the secret target itself.
 */
import { sha256Hex } from '../../shared/digest.js';

/**
 * @example
 * sinkId('webhook', 'https://hooks.example/bulwark'); // 'webhook-3fa9c2d1'
 */
export function sinkId(kind: string, target: string): string {
  return `${kind}-${sha256Hex(`${kind}\u0000${target}`).slice(0, 8)}`;
}
