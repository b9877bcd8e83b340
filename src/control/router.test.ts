import { describe, expect, it } from 'vitest';
import { matchRoute } from './router.js';
import { controlRoutes } from './routes/table.js';

const table = controlRoutes(() => ({}));

describe('matchRoute', () => {
  it('finds a route and decodes its parameters', () => {
    const m = matchRoute(table, 'GET', '/api/v1/models/fr%61ud');
    expect(m.kind).toBe('found');
    if (m.kind === 'found') expect([m.route.operationId, m.params]).toEqual(['getModel', { model: 'fraud' }]);
  });

  it('prefers the literal path of a sibling template and tolerates a trailing slash', () => {
    const m = matchRoute(table, 'GET', '/api/v1/models/');
    expect(m.kind === 'found' && m.route.operationId).toBe('listModels');
  });

  it('says which methods a known path takes (405), and nothing for an unknown one (404)', () => {
    expect(matchRoute(table, 'DELETE', '/api/v1/knobs')).toEqual({ kind: 'method', allow: ['GET', 'PUT'] });
    expect(matchRoute(table, 'GET', '/api/v1/nope')).toEqual({ kind: 'none' });
    expect(matchRoute(table, 'GET', '/api/v1/models/%E0%A4%A')).toEqual({ kind: 'none' });
    expect(matchRoute(table, 'GET', '/api/v1/models//versions')).toEqual({ kind: 'none' });
  });

  it('has unique operation ids and one method per path template', () => {
    const ids = table.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = table.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
