/**
 * @module alerts/rate-cap
 * Per-sink rate caps, pure: at most `max` notifications per sink per fixed window (it
 * starts with the window's first notification). Over the cap a notification is held
 * back and counted; when the window ends the sink gets one summary of what it missed.
 * Nothing is dropped silently. Resolves and summaries are never capped.
 */
import { ALERT_DEFAULTS } from './defaults.js';
import { summaryNotification } from './notification.js';
import type { RateCap } from './settings.js';
import type { AlertNotification, HeldBack, RoutedNotification } from './types.js';

/** One sink's current cap window. */
export interface CapWindow {
  readonly windowStart: number;
  readonly sent: number;
  readonly held: HeldBack | null;
}

/** What admitting one notification to one sink decided. */
export interface Admission {
  readonly window: CapWindow;
  /** To send now: the notification itself, possibly preceded by the summary of an ended window. */
  readonly emit: readonly RoutedNotification[];
  readonly capped: boolean;
}

/**
 * Admits `notification` to `sink` under `cap`.
 *
 * @example
 * const { window, emit, capped } = admit(cap, current, 'slack-1a2b3c4d', notification, now, undefined);
 */
export function admit(cap: RateCap | null, current: CapWindow | undefined, sink: string, notification: AlertNotification, now: number, runbookBaseUrl: string | undefined): Admission {
  const send: RoutedNotification = { sink, notification };
  if (cap === null || notification.action === 'resolve' || notification.type === 'summary') return { window: current ?? { windowStart: now, sent: 0, held: null }, emit: [send], capped: false };
  const ended = current !== undefined && now >= current.windowStart + cap.windowMs ? flushWindow(cap, current, sink, now, runbookBaseUrl) : undefined;
  const window = current === undefined || ended !== undefined ? { windowStart: now, sent: 0, held: null } : current;
  const before = ended?.emit ?? [];
  if (window.sent < cap.max) return { window: { ...window, sent: window.sent + 1 }, emit: [...before, send], capped: false };
  return { window: { ...window, held: hold(window, notification, cap) }, emit: before, capped: true };
}

/**
 * The summary of an ended window with held-back notifications (none when nothing was
 * held or the window is still open, unless `force`).
 *
 * @example
 * const { emit } = flushWindow(cap, window, sink, now, undefined);
 */
export function flushWindow(cap: RateCap, window: CapWindow, sink: string, now: number, runbookBaseUrl: string | undefined, force = false): { readonly emit: readonly RoutedNotification[]; readonly done: boolean } {
  const done = force || now >= window.windowStart + cap.windowMs;
  if (!done || window.held === null) return { emit: [], done };
  return { emit: [{ sink, notification: summaryNotification(sink, { ...window.held, windowEnd: Math.min(now, window.windowStart + cap.windowMs) }, now, runbookBaseUrl) }], done };
}

function hold(window: CapWindow, notification: AlertNotification, cap: RateCap): HeldBack {
  const held = window.held ?? { count: 0, bySeverity: {}, windowStart: window.windowStart, windowEnd: window.windowStart + cap.windowMs, samples: [] };
  const samples = held.samples.length < ALERT_DEFAULTS.summarySamples ? [...held.samples, { dedupeKey: notification.dedupeKey, summary: notification.summary, severity: notification.severity }] : held.samples;
  const count = notification.count;
  return {
    ...held,
    count: held.count + count,
    bySeverity: { ...held.bySeverity, [notification.severity]: (held.bySeverity[notification.severity] ?? 0) + count },
    samples,
  };
}
