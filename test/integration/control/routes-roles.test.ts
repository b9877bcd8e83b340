/**
 * Issue 8, "every route with each role": the control plane of a real gateway (SQLite store,
 * a real rollback already in it) answers every route of its route table without a token
 * (401 + challenge), with an unknown token (401), and with each role: 403 below the route's
 * role, the route's answer from it up. Every route must have an example here (the list is
 * checked against the table), and each 2xx JSON answer must parse with the response schema
 * the OpenAPI document advertises.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlRoutes } from '../../../src/control/index.js';
import type { AnyRoute } from '../../../src/control/index.js';
import { ROLES, startControlHarness } from './harness.js';
import type { Answer, ControlHarness, Role } from './harness.js';

let h: ControlHarness;
let incidentId: string;
let bundleDigest: string;

beforeAll(async () => {
  h = await startControlHarness();
  const rollback = h.app.rollback;
  if (rollback === undefined) throw new Error('no orchestrator');
  await rollback.onAnomaly({ model: 'fraud', id: 'a-roles', rule: 'error-surge', version: 'v2', severity: 'page', action: 'rollback', onset: Date.now() - 1_000 });
  const incidents = await h.app.store.rollback.incidents.list();
  incidentId = incidents[0]?.id ?? '';
  bundleDigest = incidents[0]?.bundleDigest ?? '';
  expect(incidentId).toMatch(/^inc-/);
  expect(bundleDigest).toMatch(/^[0-9a-f]{64}$/);
});

afterAll(async () => {
  await h?.close();
});

/** One example request per operation and the status it gets from a role allowed to call it. */
interface Example {
  /** The least role the route needs, as docs/control-plane.md says. */
  readonly access: 'public' | Role;
  readonly path: () => string;
  readonly body?: unknown;
  readonly status: number;
}

const EXAMPLES: Readonly<Record<string, Example>> = {
  healthz: { access: 'public', path: () => '/healthz', status: 200 },
  openapi: { access: 'public', path: () => '/openapi.json', status: 200 },
  streamEvents: { access: 'viewer', path: () => '/api/v1/events', status: 200 },
  whoami: { access: 'viewer', path: () => '/api/v1/whoami', status: 200 },
  listModels: { access: 'viewer', path: () => '/api/v1/models', status: 200 },
  getModel: { access: 'viewer', path: () => '/api/v1/models/fraud', status: 200 },
  listModelVersions: { access: 'viewer', path: () => '/api/v1/models/fraud/versions', status: 200 },
  // v1 is the LKG: the breaker refuses it (409) without changing anything.
  approveRollForward: { access: 'operator', path: () => '/api/v1/models/fraud/approve', body: { version: 'v1', reason: 'matrix' }, status: 409 },
  // rolled back, not frozen: refused.
  unfreezeBreaker: { access: 'operator', path: () => '/api/v1/models/fraud/unfreeze', body: { reason: 'matrix' }, status: 409 },
  getCommand: { access: 'viewer', path: () => '/api/v1/commands/424242', status: 404 },
  listAnomalies: { access: 'viewer', path: () => '/api/v1/anomalies?limit=5', status: 200 },
  listAlerts: { access: 'viewer', path: () => '/api/v1/alerts?limit=5', status: 200 },
  listBundles: { access: 'viewer', path: () => '/api/v1/forensics', status: 200 },
  getBundle: { access: 'viewer', path: () => `/api/v1/forensics/${bundleDigest}`, status: 200 },
  listRedteamReports: { access: 'viewer', path: () => '/api/v1/redteam/reports', status: 200 },
  getRedteamReport: { access: 'viewer', path: () => `/api/v1/redteam/reports/${'0'.repeat(64)}`, status: 404 },
  listIncidents: { access: 'viewer', path: () => '/api/v1/incidents', status: 200 },
  reportMissedAttack: { access: 'operator', path: () => '/api/v1/incidents', body: { kind: 'missed', model: 'fraud', version: 'v2', onsetAt: 1_700_000_000_000, note: 'seen in the fraud team review' }, status: 201 },
  getIncident: { access: 'viewer', path: () => `/api/v1/incidents/${incidentId}`, status: 200 },
  giveIncidentFeedback: { access: 'operator', path: () => `/api/v1/incidents/${incidentId}/feedback`, body: { verdict: 'true_positive', note: 'confirmed' }, status: 200 },
  getKnobs: { access: 'viewer', path: () => '/api/v1/knobs', status: 200 },
  putKnobs: { access: 'admin', path: () => '/api/v1/knobs', body: { rules: {} }, status: 200 },
};

const table = controlRoutes(() => ({}));

/** Independent of the code under test: viewer < operator < admin. */
const RANK: Readonly<Record<Role, number>> = { viewer: 0, operator: 1, admin: 2 };
function allows(role: Role, access: 'public' | Role): boolean {
  return access === 'public' || RANK[role] >= RANK[access];
}

/** A stream answers headers, then keeps the connection: read the status, then hang up. */
async function streamStatus(route: AnyRoute, token: string | undefined): Promise<{ status: number; type: string | null; code: string | undefined; challenge: string | null }> {
  const controller = new AbortController();
  const res = await fetch(`${h.control.address}${EXAMPLES[route.operationId]?.path()}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, signal: controller.signal });
  const type = res.headers.get('content-type');
  const code = type?.startsWith('application/json') ? ((await res.json()) as { error: { code: string } }).error.code : undefined;
  controller.abort();
  return { status: res.status, type, code, challenge: res.headers.get('www-authenticate') };
}

async function send(route: AnyRoute, token: string | undefined): Promise<Answer> {
  const example = EXAMPLES[route.operationId] as Example;
  return h.call(route.method, example.path(), { ...(token === undefined ? {} : { token }), ...(example.body === undefined ? {} : { body: example.body }) });
}

function responseSchemaOk(route: AnyRoute, answer: Answer): boolean {
  const schema = route.responses[answer.status]?.schema;
  return schema === undefined || schema.safeParse(answer.body).success;
}

describe('every route, each role', () => {
  it('has an example for every route of the table, with the documented role', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(table.map((r) => r.operationId).sort());
    for (const route of table) expect(route.access, route.operationId).toBe(EXAMPLES[route.operationId]?.access);
  });

  for (const route of table) {
    describe(`${route.method} ${route.path} (${route.access})`, () => {
      it('without a token: 401 with a challenge (unless public)', async () => {
        if (route.stream === true) {
          const s = await streamStatus(route, undefined);
          expect([s.status, s.code, s.challenge]).toEqual([401, 'API_ERR_UNAUTHORIZED', 'Bearer realm="bulwark"']);
          return;
        }
        const answer = await send(route, undefined);
        if (EXAMPLES[route.operationId]?.access === 'public') return expect(answer.status).toBe(EXAMPLES[route.operationId]?.status);
        expect([answer.status, answer.body?.error?.code, answer.headers['www-authenticate']]).toEqual([401, 'API_ERR_UNAUTHORIZED', 'Bearer realm="bulwark"']);
      });

      it('with an unknown token: 401 invalid_token (unless public)', async () => {
        if (EXAMPLES[route.operationId]?.access === 'public') return;
        if (route.stream === true) {
          const s = await streamStatus(route, 'not-a-token');
          return expect([s.status, s.code, s.challenge]).toEqual([401, 'API_ERR_UNAUTHORIZED', 'Bearer realm="bulwark", error="invalid_token"']);
        }
        const answer = await send(route, 'not-a-token');
        expect([answer.status, answer.body?.error?.code, answer.headers['www-authenticate']]).toEqual([401, 'API_ERR_UNAUTHORIZED', 'Bearer realm="bulwark", error="invalid_token"']);
      });

      for (const role of ROLES) {
        const allowed = allows(role, EXAMPLES[route.operationId]?.access ?? 'admin');
        it(`as ${role}: ${allowed ? `${EXAMPLES[route.operationId]?.status}` : '403'}`, async () => {
          const token = { viewer: 'viewer-token-1', operator: 'operator-token-2', admin: 'admin-token-3' }[role as Role];
          if (route.stream === true) {
            const s = await streamStatus(route, token);
            return expect([s.status, s.type]).toEqual(allowed ? [200, 'text/event-stream; charset=utf-8'] : [403, 'application/json; charset=utf-8']);
          }
          const answer = await send(route, token);
          if (!allowed) {
            expect([answer.status, answer.body?.error?.code]).toEqual([403, 'API_ERR_FORBIDDEN']);
            expect(answer.headers['www-authenticate']).toBe('Bearer realm="bulwark", error="insufficient_scope"');
            return;
          }
          expect(answer.status, answer.text).toBe(EXAMPLES[route.operationId]?.status);
          expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
          expect(responseSchemaOk(route, answer), answer.text.slice(0, 500)).toBe(true);
        });
      }
    });
  }
});
