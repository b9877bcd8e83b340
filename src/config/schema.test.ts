import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from './defaults.js';
import { problemLine } from './issues.js';
import { validateWith } from './load.js';
import { bulwarkConfigSchema } from './schema.js';

const DIGEST = 'a'.repeat(64);

// Tests patch arbitrary nested fields (including wrong types) on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Patchable = Record<string, any>;

/** A small valid config; `patch` edits a copy. */
function config(patch: (c: Patchable) => void = () => undefined): Record<string, unknown> {
  const c: Patchable = {
    keys: [{ id: 'shop', sha256: DIGEST }],
    models: {
      fraud: {
        protocol: 'oip-v2',
        versions: { v1: { upstream: 'http://127.0.0.1:9001' }, v2: { upstream: 'http://127.0.0.1:9002' } },
        route: { active: 'v2', lkg: 'v1' },
        rules: [{ id: 'collapse', when: 'entropy(x) < baseline.p01', action: 'rollback', severity: 'page' }],
      },
    },
  };
  patch(c);
  return c;
}

function problems(input: unknown): string[] {
  const result = validateWith(bulwarkConfigSchema, input);
  return result.ok ? [] : result.problems.map(problemLine);
}

describe('bulwarkConfigSchema defaults', () => {
  it('fills every section from defaults.ts', () => {
    const parsed = bulwarkConfigSchema.parse({});
    expect(parsed.server).toEqual(CONFIG_DEFAULTS.server);
    expect(parsed.store).toEqual({ kind: 'sqlite', path: '.bulwark/bulwark.db' });
    expect(parsed.knobs).toEqual({ source: 'file', path: 'bulwark.knobs.yaml' });
    expect(parsed.anonymous).toBe(false);
    expect(parsed.alerts).toEqual({ sinks: [], dedupeWindow: '10m', suppress: [] });
  });

  it('fills rule, rollback and key defaults', () => {
    const parsed = bulwarkConfigSchema.parse(config());
    const model = parsed.models['fraud']!;
    expect(model.rules[0]).toMatchObject({ window: '60s', minEvents: 50, dryRun: false, consecutiveErrorLimit: 3, holdFor: '0s' });
    expect(model.rollback.canary).toEqual({ steps: [5, 100], verifySeconds: 10 });
    expect(model.rollback.loopGuard).toEqual({ maxRollbacks: 2, perMinutes: 60 });
    expect(model.rollback.strategy).toBeUndefined();
    expect(model.versions['v1']?.timeoutMs).toBe(30_000);
    expect(parsed.keys[0]?.rateLimit).toEqual({ perSecond: 100, burst: 200 });
  });

  it('normalises inspectors and lower-cases digests', () => {
    const parsed = bulwarkConfigSchema.parse(
      config((c) => {
        c.keys[0].sha256 = 'AB'.repeat(32);
        c.models.fraud.inspectors = ['pii', { id: 'entropy', threshold: 0.2 }];
      }),
    );
    expect(parsed.keys[0]?.sha256).toBe('ab'.repeat(32));
    expect(parsed.models['fraud']?.inspectors).toEqual([{ id: 'pii' }, { id: 'entropy', threshold: 0.2 }]);
  });

  it('accepts a postgres store and other knobs sources', () => {
    const parsed = bulwarkConfigSchema.parse({ store: { kind: 'postgres', url: 'postgres://127.0.0.1/test' }, knobs: { source: 'redis', url: 'redis://127.0.0.1:6379' } });
    expect(parsed.store).toEqual({ kind: 'postgres', url: 'postgres://127.0.0.1/test' });
    expect(parsed.knobs).toEqual({ source: 'redis', url: 'redis://127.0.0.1:6379', key: 'bulwark:knobs' });
  });
});

describe('bulwarkConfigSchema field checks', () => {
  it('reports every unknown key with its full path', () => {
    expect(problems(config((c) => {
      c.server = { listen: '127.0.0.1:1', lisen: 'x' };
      c.models.fraud.route.acitve = 'v1';
      c.extra = true;
    }))).toEqual(['server.lisen: unknown key', 'models.fraud.route.acitve: unknown key', 'extra: unknown key']);
  });

  it.each([
    [{ server: { listen: 'localhost' } }, 'server.listen: expected host:port'],
    [{ server: { admin: '127.0.0.1:70000' } }, 'server.admin: port must be at most 65535'],
    [{ server: { maxBodyBytes: 0 } }, 'server.maxBodyBytes: Too small'],
    [{ keys: [{ id: 'k', sha256: 'abc' }] }, 'keys[0].sha256: expected a sha256 digest'],
    [{ store: { kind: 'mysql' } }, 'store.kind: Invalid discriminator value'],
    [{ store: { kind: 'postgres' } }, 'store.url: required'],
    [{ store: { kind: 'sqlite', ledgerWrites: 'thread' } }, 'store.ledgerWrites: Invalid option'],
    [{ alerts: { sinks: [{ kind: 'slack', url: 'ftp://x' }] } }, 'alerts.sinks[0].url: expected an http:// or https:// URL'],
    [{ alerts: { dedupeWindow: 'ten' } }, 'alerts.dedupeWindow: expected a duration'],
    [{ alerts: { suppress: [{ reason: 'x' }] } }, 'alerts.suppress[0]: name at least one of apiKey, model, rules'],
    [{ anonymous: 'yes' }, 'anonymous: Invalid input: expected boolean'],
  ])('%j → %s', (input, expected) => {
    const found = problems(input);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
  });

  it('checks rule fields', () => {
    expect(problems(config((c) => {
      c.models.fraud.rules = [{ id: 'r', when: '  ', window: '0s', minEvents: 0, severity: 'urgent', action: 'panic' }];
    }))).toEqual([
      'models.fraud.rules[0].when: must not be empty',
      'models.fraud.rules[0].window: must be longer than 0',
      'models.fraud.rules[0].minEvents: Too small: expected number to be >=1',
      'models.fraud.rules[0].severity: Invalid option: expected one of "page"|"ticket"|"soft"',
      'models.fraud.rules[0].action: Invalid option: expected one of "rollback"|"alert"|"contain"',
    ]);
  });

  it('checks canary steps increase and end at 100, and shadow percent', () => {
    expect(problems(config((c) => {
      c.models.fraud.rollback = { canary: { steps: [50, 20] } };
      c.models.fraud.route.shadow = { version: 'v1', percent: 101 };
    }))).toEqual([
      'models.fraud.route.shadow.percent: Too big: expected number to be <=100',
      'models.fraud.rollback.canary.steps[1]: steps must increase',
      'models.fraud.rollback.canary.steps[1]: the last step must be 100',
    ]);
  });
});

describe('bulwarkConfigSchema cross-field checks', () => {
  it('requires route targets to be declared versions', () => {
    expect(problems(config((c) => {
      c.models.fraud.route = { active: 'v3', lkg: 'v9', shadow: { version: 'v7' }, weights: { v1: 50, v8: 50 } };
    }))).toEqual([
      'models.fraud.route.active: version "v3" is not declared under versions (declared: v1, v2)',
      'models.fraud.route.lkg: version "v9" is not declared under versions (declared: v1, v2)',
      'models.fraud.route.shadow.version: version "v7" is not declared under versions (declared: v1, v2)',
      'models.fraud.route.weights.v8: version "v8" is not declared under versions (declared: v1, v2)',
    ]);
  });

  it('rejects lkg or shadow equal to active and weights not summing to 100', () => {
    expect(problems(config((c) => {
      c.models.fraud.route = { active: 'v2', lkg: 'v2', shadow: { version: 'v2' }, weights: { v1: 10, v2: 80 } };
    }))).toEqual([
      'models.fraud.route.lkg: must differ from route.active (omit lkg for a single-version model)',
      'models.fraud.route.shadow.version: must differ from route.active (a version cannot shadow itself)',
      'models.fraud.route.weights: weights must sum to 100, got 90',
    ]);
  });

  it('requires unique rule ids and an lkg for rollback rules', () => {
    expect(problems(config((c) => {
      delete c.models.fraud.route.lkg;
      c.models.fraud.rules.push({ id: 'collapse', when: 'x' });
    }))).toEqual([
      'models.fraud.rules[0].action: rollback needs route.lkg (the version to roll back to)',
      'models.fraud.rules[1].id: duplicate rule id "collapse" (also rules[0])',
    ]);
  });

  it('reports cross-field problems of one model even when another part is malformed', () => {
    const found = problems(config((c) => {
      c.models.fraud.route.active = 'v3';
      c.models.fraud.output = { topK: 'many' };
    }));
    expect(found).toContain('models.fraud.route.active: version "v3" is not declared under versions (declared: v1, v2)');
    expect(found).toContain('models.fraud.output.topK: Invalid input: expected number, received string');
  });

  it('rejects duplicate key ids, duplicate digests and duplicate inspectors', () => {
    expect(problems(config((c) => {
      c.keys.push({ id: 'shop', sha256: 'b'.repeat(64) }, { id: 'other', sha256: DIGEST });
      c.models.fraud.inspectors = ['pii', 'pii'];
    }))).toEqual([
      'models.fraud.inspectors[1]: inspector "pii" is listed twice',
      'keys[1].id: duplicate key id "shop" (also keys[0])',
      'keys[2].sha256: same digest as keys[0]',
    ]);
  });

  it('checks that suppressions name existing models and rules', () => {
    expect(problems(config((c) => {
      c.alerts = { suppress: [{ rules: ['collapse'] }, { rules: ['nope'] }, { model: 'ghost' }, { model: 'fraud', rules: ['nope'] }] };
    }))).toEqual([
      'alerts.suppress[1].rules[0]: no rule has id "nope"',
      'alerts.suppress[2].model: model "ghost" is not declared under models',
      'alerts.suppress[3].rules[0]: no fraud rule has id "nope"',
    ]);
  });

  it('does not treat Object.prototype members as declared versions or models', () => {
    expect(problems(config((c) => {
      c.models.fraud.route.active = 'constructor';
    }))).toEqual(['models.fraud.route.active: version "constructor" is not declared under versions (declared: v1, v2)']);
    expect(problems(config((c) => {
      c.alerts = { suppress: [{ model: 'toString' }] };
    }))).toEqual(['alerts.suppress[0].model: model "toString" is not declared under models']);
  });
});
