/**
 * The illustrative config in ../shared/examples must keep validating: it is the shape the
 * design promises users. Skipped (visibly) when ../shared is absent, failed instead under
 * BULWARK_REQUIRE_SHARED=1.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test/helpers/shared-data.js';
import { parseConfig } from './load.js';
import { redactConfig } from './redact.js';

// The examples folder sits next to ../shared/data.
const example = sharedData('../examples/bulwark.example.yaml');

const ENV = {
  ORDERS_DB_URL: 'postgres://orders:pw@127.0.0.1:5432/orders',
  PD_ROUTING_KEY: 'pd-routing-key-123',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.example/T000/B000/XXXX',
  HOOK_SECRET: 'hook-secret-xyz',
};

describe.skipIf(!example.available)(`bulwark.example.yaml (${example.reason})`, () => {
  const text = example.available ? readFileSync(example.path, 'utf8') : '';

  it('validates with its ${...} variables provided', () => {
    const config = parseConfig(text, { file: example.path, env: ENV });
    expect(Object.keys(config.models)).toEqual(['fraud', 'assistant']);
    expect(config.models['fraud']?.route).toEqual({ active: 'v2', lkg: 'v1', shadow: { version: 'v1', percent: 100 } });
    expect(config.models['fraud']?.rules.map((r) => r.id)).toEqual(['entropy-collapse', 'shadow-divergence', 'extraction']);
    expect(config.models['fraud']?.rollback.untrusted.sql?.url).toBe(ENV.ORDERS_DB_URL);
    expect(config.models['assistant']?.route.active).toBe('2026-11');
    expect(config.alerts.sinks.map((s) => s.kind)).toEqual(['pagerduty', 'slack', 'webhook']);
  });

  it('names every variable it needs when none is set', () => {
    expect(() => parseConfig(text, { file: 'example', env: {} })).toThrow(
      expect.objectContaining({ code: 'CFG_ERR_MISSING_ENV', details: expect.objectContaining({ variables: Object.keys(ENV) }) }),
    );
  });

  it('prints without any of its secrets once redacted', () => {
    const printed = JSON.stringify(redactConfig(parseConfig(text, { file: example.path, env: ENV })));
    for (const secret of Object.values(ENV)) expect(printed).not.toContain(secret);
  });
});
