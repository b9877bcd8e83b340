import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';

let cwd: string;

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'bulwark-inspect-entropy-'));
  const lines = [
    { text: 'Can I ignore this warning in my code?' },
    { text: 'buy cheap pills now '.repeat(20) },
    { text: 'Please summarise the attached quarterly report and list the three largest cost drivers with their share of the total.' },
  ];
  writeFileSync(join(cwd, 'prompts.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('bulwark inspect --detector entropy', () => {
  it('flags degenerate repetition only', async () => {
    const r = await runCli(['inspect', '--detector', 'entropy', '--input', 'prompts.jsonl', '--json'], { cwd });
    expect(r.code).toBe(0);
    const out = r.stdout.split('\n').map((l) => JSON.parse(l) as { flagged: boolean; reasons: string[]; score: number });
    expect(out.map((o) => o.flagged)).toEqual([false, true, false]);
    expect(out[1]?.reasons).toEqual(['low_token_entropy']);
    expect(out[2]?.score).toBeLessThan(0.1);
  });

  it('is part of --detector all, keyed by its id', async () => {
    const r = await runCli(['inspect', '--input', 'prompts.jsonl', '--json'], { cwd });
    const second = JSON.parse(r.stdout.split('\n')[1] ?? '{}') as { flagged: boolean; detectors: Record<string, { flagged: boolean }>; reasons: string[] };
    expect(second.detectors['entropy']?.flagged).toBe(true);
    expect(second.flagged).toBe(true);
    expect(second.reasons).toContain('entropy:low_token_entropy');
    const first = JSON.parse(r.stdout.split('\n')[0] ?? '{}') as { flagged: boolean };
    expect(first.flagged).toBe(false);
  });
});
