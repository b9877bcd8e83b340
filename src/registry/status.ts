/**
 * @module registry/status
 * The lifecycle of a model version as a transition table. Pure: `checkTransition` says
 * whether a status change is allowed; the registry appends it as an event.
 *
 *   candidate ──► active ──► lkg
 *       │           │  ▲      │
 *       ▼           ▼  └──────┘
 *   quarantined ◄───┴──────────┘   (any live status can be quarantined)
 *       │
 *       ▼
 *   retired (terminal; every status can retire)
 */
import { VERSION_STATUSES } from './ports.js';
import type { VersionStatus } from './ports.js';

/** Allowed next statuses for each status. */
export const STATUS_TRANSITIONS: Readonly<Record<VersionStatus, readonly VersionStatus[]>> = Object.freeze({
  candidate: ['active', 'lkg', 'quarantined', 'retired'],
  active: ['lkg', 'quarantined', 'retired'],
  lkg: ['active', 'quarantined', 'retired'],
  quarantined: ['candidate', 'retired'],
  retired: [],
});

/** Narrows a string to a VersionStatus. */
export function isVersionStatus(value: string): value is VersionStatus {
  return (VERSION_STATUSES as readonly string[]).includes(value);
}

export type TransitionVerdict = { readonly kind: 'allowed' } | { readonly kind: 'noop' } | { readonly kind: 'forbidden'; readonly allowed: readonly VersionStatus[] };

/**
 * Whether `from → to` is allowed. The same status is a no-op, not an error.
 *
 * @example
 * checkTransition('active', 'lkg'); // { kind: 'allowed' }
 */
export function checkTransition(from: VersionStatus, to: VersionStatus): TransitionVerdict {
  if (from === to) return { kind: 'noop' };
  const allowed = STATUS_TRANSITIONS[from];
  return allowed.includes(to) ? { kind: 'allowed' } : { kind: 'forbidden', allowed };
}
