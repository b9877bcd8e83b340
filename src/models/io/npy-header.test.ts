import { describe, expect, it } from 'vitest';
import { formatNpyHeader, parseNpyHeader } from './npy-header.js';
import { thrown } from '../../../test/helpers/errors.js';

describe('parseNpyHeader', () => {
  it('reads what numpy writes, padding and newline included', () => {
    const text = "{'descr': '<f8', 'fortran_order': False, 'shape': (7, 7, 1, 1), }" + ' '.repeat(40) + '\n';
    expect(parseNpyHeader(text, 'x')).toEqual({ descr: '<f8', fortranOrder: false, shape: [7, 7, 1, 1] });
  });

  it.each([
    ['double quotes, any key order, no trailing comma', '{"shape": (3,), "fortran_order": True, "descr": "|u1"}', [3], true],
    ['the empty tuple of a 0-d array', "{'descr': '<f4', 'fortran_order': False, 'shape': ()}", [], false],
    ['a tuple with a trailing comma', "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3,)}", [2, 3], false],
    ['Python 2 long suffixes', "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L)}", [2, 3], false],
    ['tabs and newlines between tokens', "{\n\t'descr' :'<f4' ,\n'fortran_order':False,'shape':( 4 , )\n}", [4], false],
  ] as const)('accepts %s', (_name, text, shape, fortran) => {
    const header = parseNpyHeader(text, 'x');
    expect(header.shape).toEqual(shape);
    expect(header.fortranOrder).toBe(fortran);
  });

  it.each([
    ['a missing key', "{'descr': '<f4', 'shape': (1,)}", /keys must be exactly descr, fortran_order, shape; found descr, shape/],
    ['an extra key', "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': True}", /keys must be exactly/],
    ['a duplicate key', "{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", /duplicate key 'descr'/],
    ['(n), which is an int in Python', "{'descr': '<f4', 'fortran_order': False, 'shape': (3)}", /a 1-d shape is written \(n,\)/],
    ['a structured dtype', "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", /structured dtype/],
    ['a negative dimension', "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", /expected a non-negative integer/],
    ['a dimension past 2^53', "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999,)}", /too large/],
    ['a shape that is not a tuple', "{'descr': '<f4', 'fortran_order': False, 'shape': 'big'}", /'shape' must be a tuple/],
    ['a descr that is not a string', "{'descr': True, 'fortran_order': False, 'shape': (1,)}", /'descr' must be a string/],
    ['fortran_order as a string', "{'descr': '<f4', 'fortran_order': 'no', 'shape': (1,)}", /'fortran_order' must be True or False/],
    ['text after the dict', "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x", /unexpected "x" after the dictionary/],
    ['an unterminated string', "{'descr: '<f4'", /expected ':'/],
    ['a string with an escape', "{'de\\scr': '<f4'}", /escapes/],
    ['a word that is not True or False', "{'descr': '<f4', 'fortran_order': None, 'shape': (1,)}", /expected a string, True, False or a tuple/],
    ['a truncated dict', "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", /expected '}', found the end of the header/],
    ['an empty header', '', /expected '\{'/],
    ['too many dimensions', `{'descr': '<f4', 'fortran_order': False, 'shape': (${'1, '.repeat(65)})}`, /more than 64 dimensions/],
  ])('rejects %s', (_name, text, message) => {
    const err = thrown(() => parseNpyHeader(text, 'a.npy'));
    expect(err.code).toBe('MDL_ERR_NPY_FORMAT');
    expect(err.message).toMatch(/^a\.npy: \.npy header, character \d+: /);
    expect(err.message).toMatch(message);
  });
});

describe('formatNpyHeader', () => {
  it('pads the first dimension to 21 digits, as numpy does', () => {
    // numpy 2.4.6: header dict of shape (25, 10) is followed by 19 spaces before the alignment padding
    expect(formatNpyHeader('<f8', [25, 10])).toBe("{'descr': '<f8', 'fortran_order': False, 'shape': (25, 10), }" + ' '.repeat(19));
  });

  it('writes 1-d shapes with a trailing comma and 0-d shapes without padding', () => {
    expect(formatNpyHeader('|b1', [2])).toBe("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }" + ' '.repeat(20));
    expect(formatNpyHeader('<f8', [])).toBe("{'descr': '<f8', 'fortran_order': False, 'shape': (), }");
  });

  it('round-trips through the parser', () => {
    expect(parseNpyHeader(formatNpyHeader('<i8', [0, 3]) + '\n', 'x')).toEqual({ descr: '<i8', fortranOrder: false, shape: [0, 3] });
  });
});
