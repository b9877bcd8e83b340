/**
 * @module control/routes/whoami
 * `GET /api/v1/whoami`: the caller's token id, role, and what that role may do (read off
 * the route table, control/permissions.ts), so a client such as the dashboard shows the
 * operator actions to those who may use them without probing the API.
 */
import { defineRoute } from '../router.js';
import type { AnyRoute, Principal } from '../router.js';
import { permissionsOf } from '../permissions.js';
import { whoamiSchema } from '../schemas/responses.js';

/**
 * The whoami route; `table` gives the whole route table (the permissions are read from it).
 *
 * @example
 * const table = [...whoamiRoutes(() => table), …];
 */
export function whoamiRoutes(table: () => readonly AnyRoute[]): readonly AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/whoami',
      access: 'viewer',
      operationId: 'whoami',
      summary: "The caller: its token id, its role, and the actions that role may take (each answered by the route's own role check).",
      tag: 'session',
      responses: { 200: { description: 'the caller', schema: whoamiSchema } },
      handle: async ({ principal }) => {
        const { tokenId, role } = principal as Principal;
        return { status: 200, body: { tokenId, role, can: permissionsOf(role, table()) } };
      },
    }),
  ];
}
