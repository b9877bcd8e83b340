import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BulwarkError } from '../shared/errors.js';
import { loadConfigFile, parseConfig } from './load.js';

const MODEL = `models:
  fraud:
    protocol: oip-v2
    versions:
      v1: { upstream: http://127.0.0.1:9001 }
      v2: { upstream: http://127.0.0.1:9002 }
    route: { active: v2, lkg: v1 }
`;

/** Runs `fn` and returns the BulwarkError it throws. */
function caught(fn: () => unknown): BulwarkError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BulwarkError) return err;
    throw err;
  }
  throw new Error('expected a BulwarkError');
}

async function rejected(promise: Promise<unknown>): Promise<BulwarkError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof BulwarkError)) throw new Error(`expected a BulwarkError, got ${String(err)}`);
  return err;
}

describe('parseConfig', () => {
  it('returns a deeply frozen config', () => {
    const config = parseConfig(MODEL, { file: 'b.yaml', env: {} });
    expect(config.models['fraud']?.route.active).toBe('v2');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.models['fraud']?.versions['v1'])).toBe(true);
    expect(Object.isFrozen(config.alerts.sinks)).toBe(true);
    expect(() => {
      (config.server as { listen: string }).listen = 'x';
    }).toThrow(TypeError);
  });

  it('rejects an empty file (a truncated file must never reload as "no models")', () => {
    const err = caught(() => parseConfig('# nothing here\n', { file: 'b.yaml', env: {} }));
    expect(err.code).toBe('CFG_ERR_INVALID');
    expect(err.details['problems']).toEqual(['(root): empty (expected a mapping of settings)']);
  });

  it('says when a section is empty', () => {
    const err = caught(() => parseConfig('server:\n  # listen: 1.2.3.4:80\n', { file: 'b.yaml', env: {} }));
    expect(err.details['problems']).toEqual(['server: empty (expected a mapping of settings) (line 1)']);
  });

  it('substitutes ${VAR} anywhere, including inside flow mappings, keeping numbers typed', () => {
    const text = `server: { listen: "127.0.0.1:\${PORT}", maxBodyBytes: \${MAX} }\nalerts:\n  sinks:\n    - { kind: pagerduty, routingKey: \${PD_KEY}, for: page }\n`;
    const config = parseConfig(text, { file: 'b.yaml', env: { PORT: '8181', MAX: '2048', PD_KEY: 'pd-123' } });
    expect(config.server.listen).toBe('127.0.0.1:8181');
    expect(config.server.maxBodyBytes).toBe(2048);
    expect(config.alerts.sinks[0]).toEqual({ kind: 'pagerduty', routingKey: 'pd-123', for: 'page' });
  });

  it('keeps a quoted ${VAR} a string', () => {
    const err = caught(() => parseConfig('server: { maxBodyBytes: "${MAX}" }', { file: 'b.yaml', env: { MAX: '2048' } }));
    expect(err.details['problems']).toEqual(['server.maxBodyBytes: Invalid input: expected number, received string (line 1)']);
  });

  it('turns $${VAR} into a literal ${VAR}', () => {
    const text = `${MODEL}    rules:\n      - { id: r, when: "$\${NOT_A_VAR} > 1" }\n`;
    const config = parseConfig(text, { file: 'b.yaml', env: {} });
    expect(config.models['fraud']?.rules[0]?.when).toBe('${NOT_A_VAR} > 1');
  });

  it('names the path and variable of every missing env var, ignoring comments', () => {
    const text = `# \${IN_A_COMMENT}\nstore: { kind: postgres, url: \${DB_URL} }\nalerts:\n  sinks:\n    - { kind: slack, url: \${SLACK} }\n`;
    const err = caught(() => parseConfig(text, { file: 'b.yaml', env: {} }));
    expect(err.code).toBe('CFG_ERR_MISSING_ENV');
    expect(err.kind).toBe('user');
    expect(err.message).toBe('b.yaml: environment variables DB_URL, SLACK not set');
    expect(err.details['variables']).toEqual(['DB_URL', 'SLACK']);
    expect(err.details['problems']).toEqual([
      'store.url: environment variable DB_URL is not set',
      'alerts.sinks[0].url: environment variable SLACK is not set',
    ]);
  });

  it('reports YAML syntax errors with the line and column of the original text', () => {
    const text = 'server:\n  listen: ${HOST}:8080\n  admin: [unclosed\n';
    const err = caught(() => parseConfig(text, { file: 'b.yaml', env: { HOST: 'h' } }));
    expect(err.code).toBe('CFG_ERR_YAML_SYNTAX');
    expect(err.details).toMatchObject({ file: 'b.yaml', line: 4, column: 1 });
    expect(err.message).toMatch(/^b\.yaml:4:1: /);
  });

  it('maps columns back across ${VAR} tokens on the same line', () => {
    const text = 'a: { b: ${SOME_LONG_VARIABLE}, c: d: e }\n';
    const err = caught(() => parseConfig(text, { file: 'b.yaml', env: { SOME_LONG_VARIABLE: 'x' } }));
    expect(err.code).toBe('CFG_ERR_YAML_SYNTAX');
    expect(err.details['line']).toBe(1);
    // The parser points at "d: e" (a block mapping inside a flow mapping): column 35 of the
    // original text, not of the text with the reference replaced by a longer token.
    expect(err.details['column']).toBe(text.indexOf('d: e') + 1);
  });

  it('rejects duplicate keys as a YAML error', () => {
    const err = caught(() => parseConfig('anonymous: true\nanonymous: false\n', { file: 'b.yaml', env: {} }));
    expect(err.code).toBe('CFG_ERR_YAML_SYNTAX');
    expect(err.details['line']).toBe(2);
  });

  it('lists every schema problem with its line, in document order', () => {
    const text = `server:\n  listen: nowhere\n  colour: blue\n${MODEL}    rules:\n      - { id: r, when: x, window: 10 }\n`;
    const err = caught(() => parseConfig(text, { file: 'b.yaml', env: {} }));
    expect(err.code).toBe('CFG_ERR_INVALID');
    expect(err.message).toBe('b.yaml: 3 problems');
    expect(err.details['problems']).toEqual([
      'server.listen: expected host:port, e.g. 127.0.0.1:8080 or [::1]:8080 (line 2)',
      'server.colour: unknown key (line 3)',
      'models.fraud.rules[0].window: expected a duration with a unit, such as 10s (got number) (line 12)',
    ]);
  });

  it('never puts a substituted secret into a problem', () => {
    const err = caught(() => parseConfig('store: { kind: postgres, url: ${DB} }', { file: 'b.yaml', env: { DB: 'mysql://user:hunter2@db' } }));
    expect(err.code).toBe('CFG_ERR_INVALID');
    expect(JSON.stringify(err.toJSON())).not.toContain('hunter2');
  });
});

describe('loadConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-load-'));

  it('reads and validates a file', async () => {
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, MODEL);
    const config = await loadConfigFile(file, { env: {} });
    expect(Object.keys(config.models)).toEqual(['fraud']);
  });

  it('rejects a missing file with CFG_ERR_FILE_NOT_FOUND', async () => {
    const err = await rejected(loadConfigFile(join(dir, 'absent.yaml'), { env: {} }));
    expect(err.code).toBe('CFG_ERR_FILE_NOT_FOUND');
    expect(err.details['file']).toBe(join(dir, 'absent.yaml'));
  });

  it('rejects a folder with CFG_ERR_READ_FAILED', async () => {
    mkdirSync(join(dir, 'folder.yaml'));
    const err = await rejected(loadConfigFile(join(dir, 'folder.yaml'), { env: {} }));
    expect(err.code).toBe('CFG_ERR_READ_FAILED');
    expect(err.message).toContain('it is a folder');
  });
});
