import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countRows, createRowCounter, detectFileFormat } from './row-count.js';
import type { DatasetFileFormat } from './defaults.js';

/** Feeds `text` to a fresh counter cut at the given byte offsets. */
function countInChunks(format: DatasetFileFormat, text: string, cuts: number[]): number | undefined {
  const bytes = new TextEncoder().encode(text);
  const counter = createRowCounter(format);
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    counter.push(bytes.subarray(start, Math.max(start, cut)));
    start = Math.max(start, cut);
  }
  counter.push(bytes.subarray(start));
  return counter.finish();
}

describe('CSV row count (records without the header)', () => {
  it.each([
    ['header and two rows, LF', 'a,b\n1,2\n3,4\n', 2],
    ['CRLF line endings', 'a,b\r\n1,2\r\n3,4\r\n', 2],
    ['no newline after the last row', 'a,b\n1,2\n3,4', 2],
    ['CRLF and no final newline', 'a,b\r\n1,2\r\n3,4', 2],
    ['empty file', '', 0],
    ['header only', 'a,b\n', 0],
    ['header only, no newline', 'a,b', 0],
    ['quoted field with an LF inside', 'id,text\n1,"line one\nline two"\n2,x\n', 2],
    ['quoted field with CRLFs inside', 'id,text\r\n1,"a\r\nb\r\nc"\r\n2,x\r\n', 2],
    ['escaped quotes next to a newline', 'id,text\n1,"say ""hi""\nthen ""bye"""\n2,"x"\n', 2],
    ['quoted field ending the file without newline', 'id,text\n1,"a\nb"', 1],
    ['blank lines are not records', 'a,b\n\n1,2\n\n\n3,4\n\n', 2],
    ['a lone CR ends a record (classic Mac)', 'a,b\r1,2\r3,4\r', 2],
    ['a quote inside an unquoted field does not open a quoted field', 'a,b\n5"6,x\n7,y\n', 2],
    ['a row of empty fields still counts', 'a,b\n,\n', 1],
    ['an unterminated quote runs to the end of the file', 'a,b\n1,"open\n2,3\n', 1],
  ])('%s', (_name, text, rows) => {
    expect(countRows('csv', text)).toBe(rows);
  });

  it('gives the same count however the bytes are split into chunks', () => {
    const csvChar = fc.constantFrom('a', '1', ',', '"', '\n', '\r', ' ', 'é');
    fc.assert(
      fc.property(fc.array(csvChar, { maxLength: 60 }).map((cs) => cs.join('')), fc.array(fc.nat(80), { maxLength: 6 }), (text, cuts) => {
        return countInChunks('csv', text, cuts) === countRows('csv', text);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps CRLF and "" state across a chunk boundary', () => {
    const text = 'id,t\r\n1,"a""\r\nb"\r\n2,c\r\n';
    for (let cut = 0; cut <= text.length; cut++) expect(countInChunks('csv', text, [cut]), `cut at ${cut}`).toBe(2);
  });
});

describe('JSONL row count (non-blank lines)', () => {
  it.each([
    ['one object per line', '{"a":1}\n{"a":2}\n', 2],
    ['no final newline', '{"a":1}\n{"a":2}', 2],
    ['CRLF', '{"a":1}\r\n{"a":2}\r\n', 2],
    ['blank and whitespace-only lines are skipped', '\n{"a":1}\n  \t\n\r\n{"a":2}\n\n', 2],
    ['empty file', '', 0],
    ['newlines only', '\n\n\n', 0],
  ])('%s', (_name, text, rows) => {
    expect(countRows('jsonl', text)).toBe(rows);
  });

  it('gives the same count however the bytes are split into chunks', () => {
    const ch = fc.constantFrom('{', '}', ' ', '\n', '\r', '\t', 'x');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 50 }).map((cs) => cs.join('')), fc.array(fc.nat(60), { maxLength: 5 }), (text, cuts) => {
        return countInChunks('jsonl', text, cuts) === countRows('jsonl', text);
      }),
    );
  });
});

describe('formats', () => {
  it('has no row count for other files', () => {
    expect(countRows('other', 'a\nb\n')).toBeUndefined();
  });

  it.each([
    ['train.csv', 'csv'],
    ['dir/TRAIN.CSV', 'csv'],
    ['part-0.jsonl', 'jsonl'],
    ['events.ndjson', 'jsonl'],
    ['model.onnx', 'other'],
    ['README', 'other'],
    ['.csv', 'other'],
    ['archive.csv.gz', 'other'],
    ['dir.csv/notes', 'other'],
  ])('%s is %s', (path, format) => {
    expect(detectFileFormat(path)).toBe(format);
  });
});
