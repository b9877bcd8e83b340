import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/helpers/shared-data.js';
import { csvToMatrix, parseCsv } from './csv.js';
import { readCsvFile } from './files.js';
import { thrown } from '../../../test/helpers/errors.js';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes and line breaks inside quotes, with CRLF', () => {
    const text = 'id,text,n\r\n1,"a, b",2\r\n2,"say ""hi""",3\r\n3,"two\r\nlines",4\r\n4,,5\r\n';
    const table = parseCsv(text);
    expect(table.header).toEqual(['id', 'text', 'n']);
    expect(table.rows).toEqual([
      ['1', 'a, b', '2'],
      ['2', 'say "hi"', '3'],
      ['3', 'two\r\nlines', '4'],
      ['4', '', '5'],
    ]);
    expect(table.lines).toEqual([2, 3, 4, 6]); // row 4 starts on line 6: row 3 spans lines 4-5
  });

  it('accepts LF, CR, no final line break, a BOM, blank lines and empty quoted fields', () => {
    expect(parseCsv('\ufeffa,b\n1,2\r3,""\n\n\n5,6').rows).toEqual([['1', '2'], ['3', ''], ['5', '6']]);
    expect(parseCsv('a,b\n,\n').rows).toEqual([['', '']]);
    expect(parseCsv('a\n""\n').rows).toEqual([['']]);
    expect(parseCsv('a,b').rows).toEqual([]);
  });

  it('names the source when given', () => {
    expect(parseCsv('a\n1', { source: 'f.csv' }).source).toBe('f.csv');
  });

  it.each([
    ['an unterminated quote (at the line it opens)', 'a,b\n1,2\n3,"open\n\n', /line 3: quoted field is never closed/],
    ['a quote inside an unquoted field', 'a,b\n1,x"y\n', /line 2: quote inside an unquoted field at character 2/],
    ['text after a closing quote', 'a,b\n1,"x"y\n', /line 2: unexpected "y" after a closing quote/],
    ['a row with too few fields', 'a,b,c\n1,2,3\n1,2\n', /line 3: row 2 has 2 fields, the header has 3/],
    ['a row with too many fields after a multi-line field', 'a,b\n"x\ny",1\n1,2,3\n', /line 4: row 2 has 3 fields/],
    ['empty input', '', /line 1: no header row/],
  ])('rejects %s', (_name, text, message) => {
    const err = thrown(() => parseCsv(text, { source: 'bad.csv' }));
    expect(err.code).toBe('MDL_ERR_CSV_PARSE');
    expect(err.message).toMatch(/^bad\.csv: /);
    expect(err.message).toMatch(message);
    expect(typeof err.details['line']).toBe('number');
  });
});

describe('csvToMatrix', () => {
  const table = parseCsv('ID,a,b,Y\n1,0.5,-2,1\n2,1e3, 7 ,0\n3,.25,+4,1\n', { source: 't.csv' });

  it('reads every non-target column row-major, and the target', () => {
    const m = csvToMatrix(table, { target: 'Y' });
    expect(m.columns).toEqual(['ID', 'a', 'b']);
    expect(m.n).toBe(3);
    expect(Array.from(m.x)).toEqual([1, 0.5, -2, 2, 1000, 7, 3, 0.25, 4]);
    expect(Array.from(m.y)).toEqual([1, 0, 1]);
  });

  it('reads the chosen columns in the given order, and no target when none is named', () => {
    const m = csvToMatrix(table, { columns: ['b', 'a'] });
    expect(Array.from(m.x)).toEqual([-2, 0.5, 7, 1000, 4, 0.25]);
    expect(m.y).toBeUndefined();
  });

  it.each(['', 'abc', '0x10', 'Infinity', 'NaN', '1,5', '1e'])('names row, line and column of the non-numeric cell %j', (cell) => {
    const bad = parseCsv(`a,b\n1,2\n3,"${cell}"\n`, { source: 'bad.csv' });
    const err = thrown(() => csvToMatrix(bad));
    expect(err.code).toBe('MDL_ERR_CSV_PARSE');
    expect(err.message).toBe(`bad.csv: row 2 (line 3), column "b" (2): ${JSON.stringify(cell)} is not a number`);
    expect(err.details).toMatchObject({ row: 2, line: 3, column: 'b', value: cell });
  });

  it.each([
    ['an unknown column', { columns: ['zzz'] }, /feature column "zzz" is not in the header \(ID, a, b, Y\)/],
    ['an unknown target', { target: 'label' }, /target column "label" is not in the header/],
    ['a target that is also a feature', { columns: ['a', 'Y'], target: 'Y' }, /target column "Y" is also listed as a feature/],
  ])('rejects %s', (_name, options, message) => {
    expect(thrown(() => csvToMatrix(table, options)).message).toMatch(message);
  });

  it('rejects a column name the header holds twice', () => {
    const dup = parseCsv('a,a\n1,2\n');
    expect(thrown(() => csvToMatrix(dup, { columns: ['a'] })).message).toMatch(/"a" appears more than once/);
  });
});

const credit = sharedData('tabular/uci-default-credit-card.csv');
describe.skipIf(!credit.available)(`UCI default of credit card clients (${credit.reason})`, () => {
  it('reads 30,000 rows with ID, X1…X23, Y, about 22.1% positive', async () => {
    const table = await readCsvFile(credit.path);
    const features = Array.from({ length: 23 }, (_, i) => `X${i + 1}`);
    expect(table.header).toEqual(['ID', ...features, 'Y']);
    expect(table.rows).toHaveLength(30_000);
    const m = csvToMatrix(table, { columns: features, target: 'Y' });
    expect(m.x).toHaveLength(30_000 * 23);
    expect(Array.from(m.x.subarray(0, 6))).toEqual([20000, 2, 2, 1, 24, 2]); // row ID 1: X1…X6
    const positives = m.y.reduce((a, b) => a + b, 0);
    expect(positives).toBe(6636); // python3: sum(int(r[-1]) for r in csv.reader(f) after the header)
    expect(positives / m.n).toBeCloseTo(0.221, 3);
  });
});
