/**
 * @module config/secret-paths
 * Which values of a config are secrets: fixed paths (sink URLs, routing keys and signing
 * secrets, SQL and store URLs, webhooks) plus every value that came from a `${VAR}`,
 * recorded by the loader against the config object itself.
 */
import type { PathSegment } from './issues.js';

/** `*` matches any key or index. */
export const SECRET_PATH_PATTERNS: readonly (readonly string[])[] = Object.freeze([
  ['store', 'url'],
  ['knobs', 'url'],
  ['alerts', 'sinks', '*', 'url'],
  ['alerts', 'sinks', '*', 'routingKey'],
  ['alerts', 'sinks', '*', 'secret'],
  ['models', '*', 'rollback', 'untrusted', 'webhook'],
  ['models', '*', 'rollback', 'untrusted', 'sql', 'url'],
]);

const ENV_PATHS = new WeakMap<object, readonly (readonly PathSegment[])[]>();

/** Records that the values at `paths` of `root` came from environment variables. */
export function markSecretPaths(root: object, paths: readonly (readonly PathSegment[])[]): void {
  if (paths.length > 0) ENV_PATHS.set(root, [...(ENV_PATHS.get(root) ?? []), ...paths]);
}

/** The env-sourced paths recorded for `root` (empty when none or not loaded by us). */
export function envSecretPaths(root: object): readonly (readonly PathSegment[])[] {
  return ENV_PATHS.get(root) ?? [];
}

/** Carries the env-sourced paths of `from` over to `to` (a derived copy of the same config). */
export function copySecretPaths(from: object, to: object): void {
  markSecretPaths(to, envSecretPaths(from));
}
