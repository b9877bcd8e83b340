import { describe, expect, it } from 'vitest';
import { inferTargets, matchRoute } from './routes.js';

describe('matchRoute', () => {
  it('matches every OIP v2 REST path', () => {
    expect(matchRoute('/v2')).toEqual({ kind: 'server-metadata' });
    expect(matchRoute('/v2/health/live')).toEqual({ kind: 'live' });
    expect(matchRoute('/v2/health/ready?verbose=1')).toEqual({ kind: 'ready' });
    expect(matchRoute('/v2/models/fraud')).toEqual({ kind: 'model-metadata', model: 'fraud', version: undefined });
    expect(matchRoute('/v2/models/fraud/versions/v2')).toEqual({ kind: 'model-metadata', model: 'fraud', version: 'v2' });
    expect(matchRoute('/v2/models/fraud/ready')).toEqual({ kind: 'model-ready', model: 'fraud', version: undefined });
    expect(matchRoute('/v2/models/fraud/versions/v2/ready')).toEqual({ kind: 'model-ready', model: 'fraud', version: 'v2' });
    expect(matchRoute('/v2/models/fraud/infer')).toEqual({ kind: 'infer', model: 'fraud', version: undefined });
    expect(matchRoute('/v2/models/a%2Fb/versions/1.0%20rc/infer')).toEqual({ kind: 'infer', model: 'a/b', version: '1.0 rc' });
  });

  it('matches nothing else', () => {
    for (const path of ['/', '/v1/models/fraud', '/v2/', '/v2/health', '/v2/health/dead', '/v2/models', '/v2/models/', '/v2/models/fraud/versions', '/v2/models/fraud/versions/v2/explain', '/v2/models/fraud/infer/x', '/v2/models/%E0%A4%A/infer', 'v2/models/fraud']) {
      expect(matchRoute(path), path).toBeUndefined();
    }
  });

  it('builds the exact targets of the infer fast path, encoded like a client would', () => {
    expect(inferTargets('a b', 'v1')).toEqual(['/v2/models/a%20b/infer', '/v2/models/a%20b/versions/v1/infer']);
    for (const target of inferTargets('a b', 'v1')) expect(matchRoute(target)).toMatchObject({ kind: 'infer', model: 'a b' });
  });
});
