import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/helpers/shared-data.js';
import { readJsonlFile } from './files.js';
import { parseJsonl } from './jsonl.js';
import { thrown } from '../../../test/helpers/errors.js';

describe('parseJsonl', () => {
  it('reads one value a line, skipping blank lines, with LF or CRLF and a BOM', () => {
    expect(parseJsonl('\ufeff{"a":1}\r\n\r\n  \n[2]\n"s"\n3')).toEqual([{ a: 1 }, [2], 's', 3]);
    expect(parseJsonl('')).toEqual([]);
  });

  it('names the 1-based line of an invalid line, blank lines counted', () => {
    const err = thrown(() => parseJsonl('{"a":1}\n\n{"a":\n', { source: 'cases.jsonl' }));
    expect(err.code).toBe('MDL_ERR_JSONL_PARSE');
    expect(err.message).toMatch(/^cases\.jsonl: line 3 is not valid JSON \(/);
    expect(err.details).toEqual({ source: 'cases.jsonl', line: 3 });
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects two values on one line', () => {
    expect(thrown(() => parseJsonl('{"a":1} {"b":2}')).message).toMatch(/line 1 is not valid JSON/);
  });
});

const deepset = sharedData('prompt-injection/deepset-train.jsonl');
describe.skipIf(!deepset.available)(`deepset prompt injections (${deepset.reason})`, () => {
  it('reads 546 rows of { text, label }', async () => {
    const rows = (await readJsonlFile(deepset.path)) as Array<{ text: unknown; label: unknown }>;
    expect(rows).toHaveLength(546);
    expect(rows.every((r) => typeof r.text === 'string' && (r.label === 0 || r.label === 1))).toBe(true);
    expect(rows.filter((r) => r.label === 1)).toHaveLength(203); // python3: sum(json.loads(l)['label'] for l in f)
    expect(rows[0]).toEqual({ text: 'Refugee crisis in Europe solutions', label: 0 });
  });
});
