import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.js';
import { rejected, thrown } from '../../test/helpers/errors.js';
import { parseConfig } from '../config/index.js';
import { installRuleValidation } from './rule-validation.js';

const config = (when: string, extra = '') => `
models:
  fraud:
    protocol: oip-v2
    versions: { v1: { upstream: http://127.0.0.1:9001 } }
    route: { active: v1 }
    rules:
      - id: entropy-collapse
        when: ${when}
${extra}`;

describe('rule expressions are validated with the config (app wires detect\'s parser into config)', () => {
  it('reports a bad expression with its path, the rule id and the column', () => {
    installRuleValidation();
    const err = thrown(() => parseConfig(config('entropy(input_fingerprint) << baseline.p01'), { file: 'bulwark.yaml', env: {} }));
    expect(err.code).toBe('CFG_ERR_INVALID');
    expect(err.details['problems']).toEqual([
      'models.fraud.rules[0].when: rule "entropy-collapse": expected a number, a function or "(", found "<" at column 29 (DET_ERR_RULE_PARSE) (line 9)',
    ]);
  });

  it('accepts good expressions, and checks `threshold` against the rule', () => {
    installRuleValidation();
    expect(parseConfig(config('entropy(input_fingerprint) < baseline.p01'), { file: 'bulwark.yaml', env: {} }).models['fraud']?.rules[0]?.id).toBe('entropy-collapse');
    const err = thrown(() => parseConfig(config('psi(feature:amount) > threshold'), { file: 'bulwark.yaml', env: {} }));
    expect(String((err.details['problems'] as string[])[0])).toContain('DET_ERR_NO_THRESHOLD');
    expect(parseConfig(config('psi(feature:amount) > threshold', '        threshold: 0.25'), { file: 'bulwark.yaml', env: {} })).toBeDefined();
  });

  it('`bulwark config validate` prints the problem and exits 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bulwark-rules-'));
    await writeFile(join(dir, 'bulwark.yaml'), config('entropi(input_fingerprint) < baseline.p01'));
    const result = await runCli(['config', 'validate', 'bulwark.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('models.fraud.rules[0].when: rule "entropy-collapse": unknown function "entropi" (did you mean entropy?) at column 1 (DET_ERR_UNKNOWN_FUNCTION)');
    expect(await rejected(Promise.reject(thrown(() => parseConfig(config('rate(x) >'), { file: 'b.yaml', env: {} }))))).toMatchObject({ code: 'CFG_ERR_INVALID' });
  });
});
