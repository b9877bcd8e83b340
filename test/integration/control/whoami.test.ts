/**
 * GET /api/v1/whoami against a real gateway's control plane: each role's token gets its id,
 * its role and the actions the role may take, which agree with what the API enforces (an
 * action is allowed exactly when its route lets the role in); without a valid token, 401
 * with the same JSON error and challenge as every other route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_OPERATIONS } from '../../../src/control/index.js';
import { ROLES, TOKEN_IDS, startControlHarness } from './harness.js';
import type { ControlHarness, Role } from './harness.js';

let h: ControlHarness;

beforeAll(async () => {
  h = await startControlHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('GET /api/v1/whoami', () => {
  it.each([
    ['viewer', { approve: false, unfreeze: false, giveFeedback: false, reportMissed: false, editKnobs: false }],
    ['operator', { approve: true, unfreeze: true, giveFeedback: true, reportMissed: true, editKnobs: false }],
    ['admin', { approve: true, unfreeze: true, giveFeedback: true, reportMissed: true, editKnobs: true }],
  ] as const)('answers a %s token with its id, role and permissions', async (role, can) => {
    const answer = await h.call('GET', '/api/v1/whoami', { role });
    expect([answer.status, answer.headers['content-type']]).toEqual([200, 'application/json; charset=utf-8']);
    expect(answer.body).toEqual({ tokenId: TOKEN_IDS[role], role, can });
  });

  it("says what the routes enforce: each permission is the route's own role check", async () => {
    const doc = (await h.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string; 'x-bulwark-role': string }>> };
    const roleOf = new Map(Object.values(doc.paths).flatMap((ops) => Object.values(ops)).map((op) => [op.operationId, op['x-bulwark-role']]));
    for (const role of ROLES) {
      const { can } = (await h.call('GET', '/api/v1/whoami', { role })).body as { can: Record<string, boolean> };
      expect(Object.keys(can).sort()).toEqual(Object.keys(ACTION_OPERATIONS).sort());
      for (const [action, operationId] of Object.entries(ACTION_OPERATIONS)) {
        const needed = roleOf.get(operationId) as Role;
        expect(can[action], `${role} ${action}`).toBe(ROLES.indexOf(role) >= ROLES.indexOf(needed));
      }
    }
    // And the API agrees: a viewer is refused the approval whoami says it may not give.
    const refused = await h.call('POST', '/api/v1/models/fraud/approve', { role: 'viewer', body: { version: 'v3', reason: 'whoami says no' } });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'API_ERR_FORBIDDEN']);
  });

  it('answers 401 without a token, with an unknown token, and with a header that is not a bearer token', async () => {
    const none = await h.call('GET', '/api/v1/whoami');
    expect([none.status, none.body.error.code, none.headers['www-authenticate']]).toEqual([401, 'API_ERR_UNAUTHORIZED', 'Bearer realm="bulwark"']);
    const unknown = await h.call('GET', '/api/v1/whoami', { token: 'not-a-token' });
    expect([unknown.status, unknown.body.error.code, unknown.headers['www-authenticate']]).toEqual([401, 'API_ERR_UNAUTHORIZED', 'Bearer realm="bulwark", error="invalid_token"']);
    const basic = await h.call('GET', '/api/v1/whoami', { headers: { authorization: 'Basic dmlld2VyOng=' } });
    expect([basic.status, basic.body.error.code]).toEqual([401, 'API_ERR_UNAUTHORIZED']);
    // The event stream's query-string token is for the stream only.
    const query = await h.call('GET', '/api/v1/whoami?access_token=viewer-token-1');
    expect([query.status, query.body.error.code]).toEqual([401, 'API_ERR_UNAUTHORIZED']);
  });

  it('cannot be talked into another role, and takes GET only (405)', async () => {
    const asked = await h.call('GET', '/api/v1/whoami?role=admin', { role: 'viewer' });
    expect([asked.status, asked.body.role]).toEqual([200, 'viewer']);
    const post = await h.call('POST', '/api/v1/whoami', { role: 'admin', body: {} });
    expect([post.status, post.body.error.code, post.headers['allow']]).toEqual([405, 'API_ERR_METHOD_NOT_ALLOWED', 'GET']);
  });
});
