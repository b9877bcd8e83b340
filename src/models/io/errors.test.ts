import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGS } from '../../app/error-catalogs.js';
import { modelIoErrors } from './errors.js';

describe('modelIoErrors', () => {
  it('is listed in the error catalogs', () => {
    expect(ERROR_CATALOGS).toContain(modelIoErrors);
  });

  it('declares user errors with a meaning and a fix, one code per format', () => {
    expect(Object.keys(modelIoErrors.codes).sort()).toEqual([
      'MDL_ERR_CSV_PARSE',
      'MDL_ERR_IDX_FORMAT',
      'MDL_ERR_JSONL_PARSE',
      'MDL_ERR_NPY_FORMAT',
      'MDL_ERR_OPTDIGITS_PARSE',
    ]);
    for (const spec of Object.values(modelIoErrors.codes)) {
      expect(spec.kind).toBe('user');
      expect(spec.meaning).toMatch(/\.$/);
      expect(spec.fix).toMatch(/\.$/);
    }
  });

  it('shares no code with another catalog (models/errors.ts also uses MDL)', () => {
    const others = ERROR_CATALOGS.filter((c) => c !== modelIoErrors).flatMap((c) => Object.keys(c.codes));
    for (const code of Object.keys(modelIoErrors.codes)) expect(others).not.toContain(code);
  });
});
