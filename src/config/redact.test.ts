import { describe, expect, it } from 'vitest';
import { applyKnobs } from './effective.js';
import { parseConfig } from './load.js';
import { REDACTED, redactConfig } from './redact.js';

const TEXT = `store: { kind: postgres, url: \${DB_URL} }
server: { listen: "\${HOST}:8080" }
models:
  fraud:
    protocol: oip-v2
    versions: { v1: { upstream: "http://127.0.0.1:9001" }, v2: { upstream: "http://127.0.0.1:9002" } }
    route: { active: v2, lkg: v1 }
    rules: [{ id: r, when: x }]
    rollback:
      untrusted:
        webhook: https://orders.example/untrusted?token=abc
        sql: { url: "postgres://orders", statement: "UPDATE t SET bad = true WHERE id = ANY($1)" }
alerts:
  sinks:
    - { kind: pagerduty, routingKey: literal-routing-key, for: page }
    - { kind: webhook, url: https://hooks.example/x, secret: shh }
    - { kind: log }
`;
const ENV = { DB_URL: 'postgres://user:hunter2@db/prod', HOST: '10.1.2.3' };

describe('redactConfig', () => {
  const config = parseConfig(TEXT, { file: 'b.yaml', env: ENV });

  it('replaces fixed secret paths and env-sourced values with ***', () => {
    const r = redactConfig(config);
    expect(r.store).toEqual({ kind: 'postgres', url: REDACTED });
    expect(r.server.listen).toBe(REDACTED); // came (partly) from ${HOST}
    expect(r.alerts.sinks).toEqual([
      { kind: 'pagerduty', routingKey: REDACTED, for: 'page' },
      { kind: 'webhook', url: REDACTED, secret: REDACTED, for: 'all' },
      { kind: 'log', for: 'all' },
    ]);
    expect(r.models['fraud']?.rollback.untrusted.webhook).toBe(REDACTED);
    expect(r.models['fraud']?.rollback.untrusted.sql).toEqual({ url: REDACTED, statement: 'UPDATE t SET bad = true WHERE id = ANY($1)' });
  });

  it('leaves everything else, and the original config, untouched', () => {
    const r = redactConfig(config);
    expect(r.models['fraud']?.versions['v1']?.upstream).toBe('http://127.0.0.1:9001');
    expect(r.server.admin).toBe('127.0.0.1:9090');
    expect(config.store).toEqual({ kind: 'postgres', url: ENV.DB_URL });
    const printed = JSON.stringify(r);
    for (const secret of ['hunter2', '10.1.2.3', 'literal-routing-key', 'shh', 'token=abc']) expect(printed).not.toContain(secret);
  });

  it('still knows the env-sourced paths after knobs are applied', () => {
    const tuned = applyKnobs(config, { rules: { r: { window: '5s' } }, inspectors: {} });
    expect(tuned).not.toBe(config);
    expect(redactConfig(tuned).server.listen).toBe(REDACTED);
  });
});
