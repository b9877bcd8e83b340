import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from './json-position.js';

describe('locateJsonError', () => {
  it('points at the first character that cannot continue the JSON', () => {
    expect(locateJsonError('{"a":}')).toEqual({ position: 5, line: 1, column: 6, found: '"}"' });
    expect(locateJsonError('[1,2,,3]')).toMatchObject({ position: 5, found: '","' });
    expect(locateJsonError('{"a" 1}')).toMatchObject({ position: 5, found: '"1"' });
    expect(locateJsonError('[01]')).toMatchObject({ position: 2, found: '"1"' });
    expect(locateJsonError('[tru]')).toMatchObject({ position: 4 });
    expect(locateJsonError('{"a": 1} x')).toMatchObject({ position: 9, found: '"x"' });
    expect(locateJsonError('["\\x"]')).toMatchObject({ position: 3 });
    expect(locateJsonError('["\\u12G4"]')).toMatchObject({ position: 4 });
    expect(locateJsonError('"tab\there"')).toMatchObject({ position: 4 });
    expect(locateJsonError('{"a": [1, 2')).toEqual({ position: 11, line: 1, column: 12, found: 'end of input' });
  });

  it('counts lines and columns from 1', () => {
    expect(locateJsonError('{\n  "a": 1,\n  "b": ]\n}')).toEqual({ position: 19, line: 3, column: 8, found: '"]"' });
  });

  it('accepts everything JSON.parse accepts', () => {
    fc.assert(fc.property(fc.json(), (text) => locateJsonError(text) === undefined));
  });

  it('finds a position inside the text whenever JSON.parse refuses a cut-off document', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), (text, n) => {
        const cut = text.slice(0, n % (text.length + 1));
        let valid = true;
        try {
          JSON.parse(cut);
        } catch {
          valid = false;
        }
        const at = locateJsonError(cut);
        return valid ? at === undefined : at !== undefined && at.position <= cut.length;
      }),
    );
  });
});
