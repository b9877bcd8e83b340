/**
 * @module models/io/errors
 * Error catalog of the data readers and writers in models/io: `.npy`, CSV, JSONL, MNIST IDX
 * and UCI optdigits. Every code names its format (`MDL_ERR_<FORMAT>_…`), so it cannot
 * collide with the runtime and importer catalog in models/errors.ts, which shares the MDL
 * prefix. Messages name the source (file path, or the `source` option of the pure parsers)
 * and the line, column, field or byte offset at fault; `details` carry the same as data.
 */
import { defineErrors } from '../../shared/errors.js';

/**
 * The catalog of models/io. Build errors with `modelIoErrors.error(code, message, details)`.
 *
 * @example
 * throw modelIoErrors.error('MDL_ERR_JSONL_PARSE', 'cases.jsonl: line 3 is not valid JSON', { source: 'cases.jsonl', line: 3 });
 */
export const modelIoErrors = defineErrors('MDL', {
  MDL_ERR_NPY_FORMAT: {
    kind: 'user',
    meaning:
      'The bytes are not a .npy array bulwark can read (bad magic or version, malformed header, unsupported dtype, Fortran order, wrong data length), or an array given to the .npy writer does not match its dtype and shape.',
    fix: 'Re-save the array with `numpy.save` as a C-ordered array of float32, float64, uint8, int32, int64 or bool (use `np.ascontiguousarray`), or fix the dtype, shape and data of the array being written.',
  },
  MDL_ERR_CSV_PARSE: {
    kind: 'user',
    meaning:
      'A CSV file is malformed (unterminated quote, stray quote, wrong number of fields, no header) or a cell that must be numeric is not a number.',
    fix: 'Fix the file at the line and column named in the message, or choose other columns with `columns` / `target`.',
  },
  MDL_ERR_JSONL_PARSE: {
    kind: 'user',
    meaning: 'A line of a JSON Lines file is not valid JSON.',
    fix: 'Fix or remove the line named in the message; each non-blank line must hold one complete JSON value.',
  },
  MDL_ERR_IDX_FORMAT: {
    kind: 'user',
    meaning:
      'The bytes are not an IDX (MNIST) file bulwark can read: bad magic number, unknown type code, truncated or oversized data, or a gzip stream that does not decompress.',
    fix: 'Download the IDX file again (gzip-compressed or raw) and check that it is the images or labels file you meant.',
  },
  MDL_ERR_OPTDIGITS_PARSE: {
    kind: 'user',
    meaning: 'A line of a UCI optdigits file does not hold 64 integer values from 0 to 16 followed by a class from 0 to 9.',
    fix: 'Fix the line and field named in the message; comment lines must start with `#`.',
  },
});

/** The codes of {@link modelIoErrors}. */
export type ModelIoErrorCode = keyof typeof modelIoErrors.codes;
