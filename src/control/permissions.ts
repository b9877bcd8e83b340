/**
 * @module control/permissions
 * What a role may do, read off the route table itself: each named action is one operation,
 * and a role may do it when the operation's `access` lets that role in (`roleAllows`). So
 * `GET /api/v1/whoami` can never disagree with what the API enforces.
 */
import type { ControlRole } from '../config/index.js';
import { roleAllows } from './auth.js';
import type { AnyRoute } from './router.js';

/** The actions a client (the dashboard) asks about, and the operation each one is. */
export const ACTION_OPERATIONS = Object.freeze({
  approve: 'approveRollForward',
  unfreeze: 'unfreezeBreaker',
  giveFeedback: 'giveIncidentFeedback',
  reportMissed: 'reportMissedAttack',
  editKnobs: 'putKnobs',
} as const);

export type ControlAction = keyof typeof ACTION_OPERATIONS;

/** Per action: may the role do it. */
export type Permissions = Readonly<Record<ControlAction, boolean>>;

/**
 * The permissions of `role` under the route table `table`.
 *
 * @example
 * permissionsOf('operator', table); // { approve: true, unfreeze: true, giveFeedback: true, reportMissed: true, editKnobs: false }
 */
export function permissionsOf(role: ControlRole, table: readonly AnyRoute[]): Permissions {
  const out = {} as Record<ControlAction, boolean>;
  for (const [action, operationId] of Object.entries(ACTION_OPERATIONS) as [ControlAction, string][]) {
    const route = table.find((r) => r.operationId === operationId);
    if (route === undefined) throw new Error(`permissionsOf: no operation ${operationId} in the route table`);
    out[action] = roleAllows(role, route.access);
  }
  return Object.freeze(out);
}
