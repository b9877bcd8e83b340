/**
 * Issue 8, knobs through the API: a PUT is validated exactly like the knobs file (errors
 * name the field path), refused below admin, and otherwise written atomically to the file
 * the running gateway watches, which picks it up (its own audit entry follows) — while the
 * API's audit entry names the token. A knobs source that is not a file cannot be written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseKnobs } from '../../../src/config/index.js';
import { startControlHarness } from './harness.js';
import type { ControlHarness } from './harness.js';

let h: ControlHarness;

beforeAll(async () => {
  h = await startControlHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('PUT /api/v1/knobs', () => {
  it('rejects an invalid document naming each field, and writes nothing', async () => {
    const answer = await h.call('PUT', '/api/v1/knobs', {
      role: 'admin',
      body: { rules: { 'fraud/error-surge': { window: 'soon', minEvents: 0, thresh: 1 }, 'bad key!': {} }, inspectors: { pii: { sensitivity: 2 } } },
    });
    expect([answer.status, answer.body.error.code]).toEqual([400, 'API_ERR_INVALID_REQUEST']);
    expect(answer.body.error.problems.map((p: { path: string }) => p.path).sort()).toEqual(
      ['body.inspectors.pii.sensitivity', 'body.rules["bad key!"]', 'body.rules["fraud/error-surge"].minEvents', 'body.rules["fraud/error-surge"].thresh', 'body.rules["fraud/error-surge"].window'].sort(),
    );
    expect(() => readFileSync(join(h.dir, 'bulwark.knobs.yaml'))).toThrow();
  });

  it('is for admins only', async () => {
    const answer = await h.call('PUT', '/api/v1/knobs', { role: 'operator', body: { rules: {} } });
    expect([answer.status, answer.body.error.code]).toEqual([403, 'API_ERR_FORBIDDEN']);
  });

  it('writes the file the gateway watches, which applies it; the change is audited under the token id', async () => {
    const body = { rules: { 'fraud/error-surge': { window: '30s', minEvents: 40 }, typo: { threshold: 1 } }, inspectors: {} };
    const answer = await h.call('PUT', '/api/v1/knobs', { role: 'admin', body });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ source: 'file', path: join(h.dir, 'bulwark.knobs.yaml'), knobs: body, unknown: ['rules.typo: matches no rule in the config'] });
    expect(answer.body.changes).toEqual([
      { path: 'rules.fraud/error-surge.minEvents', before: null, after: 40 },
      { path: 'rules.fraud/error-surge.window', before: null, after: '30s' },
      { path: 'rules.typo.threshold', before: null, after: 1 },
    ]);
    const file = join(h.dir, 'bulwark.knobs.yaml');
    expect(parseKnobs(readFileSync(file, 'utf8'), { file, env: {} })).toEqual(body);
    await vi.waitFor(
      async () => {
        const entries = await h.app.store.audit.list();
        const actors = entries.filter((e) => e.action === 'knobs.update').map((e) => e.actor);
        expect(actors).toEqual(['ada', `knobs:file:${file}`]);
      },
      { timeout: 10_000, interval: 20 },
    );
    const audited = (await h.app.store.audit.list()).find((e) => e.actor === 'ada');
    expect(audited?.details).toMatchObject({ via: 'control-plane', file, changes: answer.body.changes });
    const read = await h.call('GET', '/api/v1/knobs', { role: 'viewer' });
    expect(read.body).toMatchObject({ source: 'file', knobs: body });
  });

  it('records nothing when nothing changes', async () => {
    const before = (await h.app.store.audit.list()).length;
    const same = await h.call('PUT', '/api/v1/knobs', { role: 'admin', body: { rules: { 'fraud/error-surge': { window: '30s', minEvents: 40 }, typo: { threshold: 1 } } } });
    expect([same.status, same.body.changes]).toEqual([200, []]);
    expect((await h.app.store.audit.list()).length).toBe(before);
  });

  it('refuses to write a knobs source that is not a file', async () => {
    const config = join(h.dir, 'bulwark.yaml');
    const doc = parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
    writeFileSync(config, stringify({ ...doc, knobs: { source: 'redis', url: 'redis://127.0.0.1:6379' } }));
    await h.app.watcher.forceFlush();
    expect(h.app.watcher.current().knobs.source).toBe('redis');
    const answer = await h.call('PUT', '/api/v1/knobs', { role: 'admin', body: { rules: {} } });
    expect([answer.status, answer.body.error.code]).toEqual([409, 'API_ERR_KNOBS_READ_ONLY']);
    expect((await h.call('GET', '/api/v1/knobs', { role: 'viewer' })).body).toMatchObject({ source: 'redis', path: null });
  });
});
