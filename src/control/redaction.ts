/**
 * @module control/redaction
 * Forensic bundles leave the control plane with PII redacted in every request body,
 * whatever `rollback.forensics.redactPii` was when they were written. Bundles written with
 * redaction on are served as stored; others are redacted here, in slices that yield to the
 * event loop (the data plane shares the process), one page of events at a time.
 */
import { redactText } from '../inspect/pii/index.js';
import type { BundleEvent, ForensicBundle } from '../rollback/index.js';

/** Events redacted between two yields. */
const SLICE = 128;

/** A page of a bundle, redacted. */
export interface RedactedBundle extends Omit<ForensicBundle, 'redactedPii'> {
  readonly redactedPii: true;
  /** What the stored bundle said (false: redacted now, by the control plane). */
  readonly storedRedactedPii: boolean;
}

/**
 * Redacts the events `offset … offset+limit` and the triggering events of `bundle`.
 *
 * @example
 * const page = await redactBundle(bundle, { offset: 0, limit: 1_000 }, () => new Promise((r) => setImmediate(r)));
 */
export async function redactBundle(bundle: ForensicBundle, page: { readonly offset: number; readonly limit: number }, pause: () => Promise<void>): Promise<RedactedBundle> {
  const events = bundle.events.slice(page.offset, page.offset + page.limit);
  const stored = bundle.redactedPii;
  return {
    ...bundle,
    redactedPii: true,
    storedRedactedPii: stored,
    events: stored ? events : await redactEvents(events, pause),
    triggering: stored ? bundle.triggering : await redactEvents(bundle.triggering, pause),
  };
}

async function redactEvents(events: readonly BundleEvent[], pause: () => Promise<void>): Promise<BundleEvent[]> {
  const out: BundleEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    if (i > 0 && i % SLICE === 0) await pause();
    const event = events[i] as BundleEvent;
    out.push({ ...event, input: redactText(event.input) });
  }
  return out;
}
