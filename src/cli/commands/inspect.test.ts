import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { thrown } from '../../../test/helpers/errors.js';
import { DETECTORS, parseInspectInput, selectDetectors } from './inspect.js';

let cwd: string;

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'bulwark-inspect-cli-'));
  writeFileSync(
    join(cwd, 'in.jsonl'),
    [
      JSON.stringify({ text: 'What is the capital of France?' }),
      '',
      JSON.stringify({ text: 'Mail jane@example.com or call (212) 555-0123' }),
      JSON.stringify('Here is the key: AKIAIOSFODNN7EXAMPLE'),
    ].join('\n'),
  );
  writeFileSync(join(cwd, 'prompts.jsonl'), `${JSON.stringify({ prompt: 'card 4111 1111 1111 1111' })}\r\n`);
  writeFileSync(join(cwd, 'bad.jsonl'), `${JSON.stringify({ text: 'ok' })}\n{"text": "unterminated\n`);
  writeFileSync(join(cwd, 'nofield.jsonl'), `${JSON.stringify({ text: 'ok' })}\n${JSON.stringify({ body: 'x' })}\n`);
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('bulwark inspect --detector pii', () => {
  it('prints one JSON line per non-blank input line, in order, with score, flagged, typed spans and reasons', async () => {
    const r = await runCli(['inspect', '--detector', 'pii', '--input', 'in.jsonl', '--json'], { cwd });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { line: 1, score: 0, flagged: false, spans: [], reasons: [] },
      {
        line: 3,
        score: 0.75,
        flagged: true,
        spans: [
          { start: 5, end: 21, type: 'EMAIL' },
          { start: 30, end: 44, type: 'PHONE' },
        ],
        reasons: ['EMAIL', 'PHONE'],
      },
      { line: 4, score: 1, flagged: true, spans: [{ start: 17, end: 37, type: 'AWS_ACCESS_KEY' }], reasons: ['AWS_ACCESS_KEY'] },
    ]);
  });

  it('reads another --field and CRLF lines', async () => {
    const r = await runCli(['inspect', '--detector', 'pii', '--input', 'prompts.jsonl', '--field', 'prompt', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).spans).toEqual([{ start: 5, end: 24, type: 'CREDIT_CARD' }]);
  });

  it('prints a readable line per input and a summary without --json', async () => {
    const r = await runCli(['inspect', '--detector', 'pii', '--input', 'in.jsonl'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'line 1  ok       score 0.00',
      'line 3  flagged  score 0.75  EMAIL[5,21) PHONE[30,44)',
      'line 4  flagged  score 1.00  AWS_ACCESS_KEY[17,37)',
      '2 of 3 lines flagged (pii)',
    ]);
  });

  it('runs every registered detector with --detector all (the default)', async () => {
    const r = await runCli(['inspect', '--input', 'in.jsonl', '--json'], { cwd });
    expect(r.code).toBe(0);
    const third = JSON.parse(r.stdout.split('\n')[2] ?? '{}');
    expect(third.flagged).toBe(true);
    expect(third.score).toBe(1);
    expect(Object.keys(third.detectors)).toEqual(DETECTORS.map((d) => d.id));
    expect(third.spans).toContainEqual({ start: 17, end: 37, type: 'AWS_ACCESS_KEY', detector: 'pii' });
    expect(third.reasons).toContain('pii:AWS_ACCESS_KEY');
  });

  it('fails with exit 2 naming the bad line, without partial output', async () => {
    const bad = await runCli(['inspect', '--detector', 'pii', '--input', 'bad.jsonl', '--json'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^error INS_ERR_INPUT_LINE: bad\.jsonl: line 2 is not valid JSON/);
    const nofield = await runCli(['inspect', '--detector', 'pii', '--input', 'nofield.jsonl'], { cwd });
    expect(nofield.code).toBe(2);
    expect(nofield.stderr).toBe('error INS_ERR_INPUT_LINE: nofield.jsonl: line 2 has no string field "text"');
  });

  it('fails with exit 2 for an unknown detector or a missing file', async () => {
    const unknown = await runCli(['inspect', '--detector', 'nope', '--input', 'in.jsonl'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error INS_ERR_UNKNOWN_DETECTOR: unknown detector "nope"; known: pii.*, all$/);
    const missing = await runCli(['inspect', '--detector', 'pii', '--input', 'absent.jsonl'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error CLI_ERR_FILE_NOT_FOUND/);
  });
});

describe('inspect helpers', () => {
  it('parse JSON strings and objects, skip blank lines, drop a BOM', () => {
    expect(parseInspectInput('\uFEFF"a"\n\n{"text":"b"}\n', 'text')).toEqual([
      { line: 1, text: 'a' },
      { line: 3, text: 'b' },
    ]);
    expect(thrown(() => parseInspectInput('{"text": 1}', 'text', 'x.jsonl')).details).toEqual({ source: 'x.jsonl', line: 1, field: 'text' });
  });

  it('select detectors by id', () => {
    expect(selectDetectors('pii').map((d) => d.id)).toEqual(['pii']);
    expect(selectDetectors('all')).toBe(DETECTORS);
    expect(thrown(() => selectDetectors('x')).code).toBe('INS_ERR_UNKNOWN_DETECTOR');
  });
});
