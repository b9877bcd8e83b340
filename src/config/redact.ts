/**
 * @module config/redact
 * `redactConfig` gives a printable copy of a config with every secret replaced by `***`.
 * Anything that prints or logs a config (the CLI, the control plane, logs) goes
 * through it.
 */
import type { PathSegment } from './issues.js';
import { SECRET_PATH_PATTERNS, envSecretPaths } from './secret-paths.js';

/** What a redacted value reads as. */
export const REDACTED = '***';

/**
 * A deep, mutable, plain copy of `config` with secrets replaced by `"***"`: values that
 * came from `${VAR}`, sink URLs/routing keys/secrets, store and knobs URLs, untrusted
 * webhooks and SQL URLs.
 *
 * @example
 * redactConfig(config).alerts.sinks[0]; // { kind: 'pagerduty', routingKey: '***', for: 'page' }
 */
export function redactConfig<T extends object>(config: T): T {
  const copy = structuredClone(config) as T;
  for (const pattern of SECRET_PATH_PATTERNS) redactPattern(copy, pattern, 0);
  for (const path of envSecretPaths(config)) redactPath(copy, path);
  return copy;
}

function redactPattern(node: unknown, pattern: readonly string[], depth: number): void {
  if (node === null || typeof node !== 'object') return;
  const segment = pattern[depth];
  if (segment === undefined) return;
  const record = node as Record<string, unknown>;
  const keys = segment === '*' ? Object.keys(record) : Object.hasOwn(record, segment) ? [segment] : [];
  for (const key of keys) {
    if (depth === pattern.length - 1) {
      if (record[key] !== undefined) record[key] = REDACTED;
    } else {
      redactPattern(record[key], pattern, depth + 1);
    }
  }
}

function redactPath(root: object, path: readonly PathSegment[]): void {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<PathSegment, unknown>)[path[i] as PathSegment];
  }
  const last = path[path.length - 1];
  if (last === undefined || node === null || typeof node !== 'object') return;
  const record = node as Record<PathSegment, unknown>;
  if (Object.hasOwn(record, last)) record[last] = REDACTED;
}
