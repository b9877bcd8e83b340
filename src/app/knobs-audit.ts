/**
 * @module app/knobs-audit
 * Writes one audit entry for every knob change a KnobsSource accepts, so that tuning a
 * threshold without a restart is as accountable as any other mutation. Entries are
 * appended in the order the changes were applied; failures go to the error handler.
 */
import type { Knobs, KnobsSource } from '../config/index.js';
import type { AuditSink } from '../registry/index.js';

/** One changed knob: `rules.fraud/extraction.threshold` from 0.9 to 0.8 (null = unset). */
export interface KnobChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * Every leaf that differs between two knob documents, sorted by path.
 *
 * @example
 * diffKnobs({ rules: {}, inspectors: {} }, { rules: { x: { threshold: 1 } }, inspectors: {} });
 * // [{ path: 'rules.x.threshold', before: null, after: 1 }]
 */
export function diffKnobs(prev: Knobs, next: Knobs): KnobChange[] {
  const changes: KnobChange[] = [];
  for (const section of ['rules', 'inspectors'] as const) {
    const before = prev[section] as Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    const after = next[section] as Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const b = before[key] ?? {};
      const a = after[key] ?? {};
      for (const field of new Set([...Object.keys(b), ...Object.keys(a)])) {
        const x = b[field] ?? null;
        const y = a[field] ?? null;
        if (x !== y) changes.push({ path: `${section}.${key}.${field}`, before: x, after: y });
      }
    }
  }
  return changes.sort((p, q) => (p.path < q.path ? -1 : p.path > q.path ? 1 : 0));
}

export interface KnobsAuditOptions {
  /** Recorded as the actor, e.g. `knobs:file:/etc/bulwark/bulwark.knobs.yaml`. */
  readonly actor: string;
  readonly onError: (error: Error) => void;
}

/**
 * Subscribes to `source` and records `knobs.update` entries. Returns a function that stops
 * recording and resolves when the entries already queued are written.
 */
export function auditKnobChanges(source: KnobsSource, audit: AuditSink, options: KnobsAuditOptions): () => Promise<void> {
  let chain: Promise<unknown> = Promise.resolve();
  const unsubscribe = source.subscribe((next, prev) => {
    const changes = diffKnobs(prev, next);
    if (changes.length === 0) return;
    chain = chain
      .then(() => audit.record({ actor: options.actor, action: 'knobs.update', target: 'knobs', details: { changes } }))
      .catch((err: unknown) => options.onError(err instanceof Error ? err : new Error(String(err))));
  });
  return async () => {
    unsubscribe();
    await chain;
  };
}
