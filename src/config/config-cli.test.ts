/**
 * `bulwark config validate|show|schema`, run in-process through the real CLI entry.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { renderConfigJsonSchema } from './json-schema.js';

const cwd = mkdtempSync(join(tmpdir(), 'bulwark-config-cli-'));

const VALID = `store: { kind: postgres, url: \${DB_URL} }
models:
  fraud:
    protocol: oip-v2
    versions: { v1: { upstream: "http://127.0.0.1:9001" }, v2: { upstream: "http://127.0.0.1:9002" } }
    route: { active: v2, lkg: v1 }
alerts:
  sinks: [{ kind: slack, url: "https://hooks.example/secret-path" }]
`;

function file(name: string, text: string): string {
  writeFileSync(join(cwd, name), text);
  return name;
}

// Fixture files shared by the tests below.
const OK = file('ok.yaml', VALID);
const BAD = file('bad.yaml', `${VALID.replace('active: v2', 'active: v9')}server: { listen: nope, colour: red }\n`);

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { io: { out: (s) => out.push(s), err: (s) => err.push(s) }, cwd, env });
  return { code, out, err };
}

describe('bulwark config validate', () => {
  it('prints "ok FILE" and exits 0 for a valid file', async () => {
    const r = await run(['config', 'validate', OK], { DB_URL: 'postgres://db' });
    expect(r).toEqual({ code: 0, out: ['ok ok.yaml'], err: [] });
  });

  it('prints every problem as "path: message" after the error line and exits 2', async () => {
    const r = await run(['config', 'validate', BAD], { DB_URL: 'postgres://db' });
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([
      'error CFG_ERR_INVALID: bad.yaml: 3 problems',
      '  models.fraud.route.active: version "v9" is not declared under versions (declared: v1, v2) (line 6)',
      '  server.listen: expected host:port, e.g. 127.0.0.1:8080 or [::1]:8080 (line 9)',
      '  server.colour: unknown key (line 9)',
    ]);
  });

  it('reports a missing file without a stack trace', async () => {
    const r = await run(['config', 'validate', 'absent.yaml']);
    expect(r).toEqual({ code: 2, out: [], err: ['error CFG_ERR_FILE_NOT_FOUND: absent.yaml does not exist'] });
  });

  it('reports malformed YAML with line and column', async () => {
    const r = await run(['config', 'validate', file('syntax.yaml', 'server:\n  listen: [1,\nmodels: {}\n')]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^error CFG_ERR_YAML_SYNTAX: syntax\.yaml:\d+:\d+: /);
  });

  it('names missing environment variables with their paths', async () => {
    const r = await run(['config', 'validate', file('env.yaml', VALID)]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['error CFG_ERR_MISSING_ENV: env.yaml: environment variable DB_URL not set', '  store.url: environment variable DB_URL is not set']);
  });

  it('--json prints the outcome on stdout', async () => {
    const ok = await run(['config', 'validate', '--json', OK], { DB_URL: 'postgres://db' });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out[0] ?? '')).toEqual({ ok: true, file: 'ok.yaml' });
    const bad = await run(['config', 'validate', BAD, '--json'], { DB_URL: 'postgres://db' });
    expect(bad.code).toBe(2);
    expect(bad.err).toEqual([]);
    const report = JSON.parse(bad.out[0] ?? '');
    expect(report).toMatchObject({ ok: false, file: 'bad.yaml', error: { code: 'CFG_ERR_INVALID' } });
    expect(report.error.details.problems).toHaveLength(3);
  });

  it('--knobs validates a knobs file', async () => {
    expect((await run(['config', 'validate', '--knobs', file('k.yaml', 'rules: { collapse: { window: 30s } }\n')])).code).toBe(0);
    const bad = await run(['config', 'validate', '--knobs', file('k2.yaml', 'rules: { collapse: { window: soon } }\n')]);
    expect(bad.code).toBe(2);
    expect(bad.err[1]).toContain('rules.collapse.window: expected a duration');
  });
});

describe('bulwark config show', () => {
  it('prints the resolved config with secrets redacted', async () => {
    const r = await run(['config', 'show', '--json', OK], { DB_URL: 'postgres://user:hunter2@db' });
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.out[0] ?? '');
    expect(shown.store).toEqual({ kind: 'postgres', url: '***' });
    expect(shown.alerts.sinks[0].url).toBe('***');
    expect(shown.server.listen).toBe('127.0.0.1:8080');
    expect(r.out.join('\n')).not.toContain('hunter2');
  });

  it('prints YAML by default', async () => {
    const r = await run(['config', 'show', OK], { DB_URL: 'postgres://user:hunter2@db' });
    expect(r.out.join('\n')).toMatch(/^server:\n {2}listen: 127\.0\.0\.1:8080/);
    expect(r.out.join('\n')).toContain('url: "***"');
  });
});

describe('bulwark config schema', () => {
  it('prints the JSON Schema', async () => {
    const r = await run(['config', 'schema']);
    expect(r.code).toBe(0);
    expect(`${r.out.join('\n')}\n`).toBe(renderConfigJsonSchema());
  });

  it('--out writes the file', async () => {
    const r = await run(['config', 'schema', '--out', 'out.schema.json']);
    expect(r).toEqual({ code: 0, out: ['wrote out.schema.json'], err: [] });
    expect(readFileSync(join(cwd, 'out.schema.json'), 'utf8')).toBe(renderConfigJsonSchema());
  });

  it('--out into a missing folder fails with CFG_ERR_WRITE_FAILED (exit 1)', async () => {
    const r = await run(['config', 'schema', '--out', 'no/such/dir/x.json']);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/^error CFG_ERR_WRITE_FAILED: cannot write no\/such\/dir\/x\.json/);
  });
});
