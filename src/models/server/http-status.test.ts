import { describe, expect, it } from 'vitest';
import { modelErrors } from '../errors.js';
import { serverErrors } from './errors.js';
import { HTTP_STATUS, toHttpError } from './http-status.js';

describe('the edge status table', () => {
  it('gives every code of the catalog a status that matches its kind', () => {
    for (const [code, spec] of Object.entries(serverErrors.codes)) {
      const status = HTTP_STATUS[code as keyof typeof HTTP_STATUS];
      expect(status, code).toBeGreaterThanOrEqual(400);
      if (spec.kind === 'user' && code !== 'MDL_ERR_SERVER_INVALID_OPTION') expect(status, code).toBeLessThan(500);
      if (spec.kind === 'failure') expect(status, code).toBe(500);
    }
  });

  it('passes our 4xx messages through and hides everything else', () => {
    expect(toHttpError(serverErrors.error('MDL_ERR_SERVER_BODY_TOO_LARGE', 'too big'))).toEqual({ status: 413, message: 'too big', code: 'MDL_ERR_SERVER_BODY_TOO_LARGE' });
    expect(toHttpError(modelErrors.error('MDL_ERR_SHAPE_MISMATCH', 'bad shape'))).toMatchObject({ status: 400, message: 'bad shape' });
    for (const err of [new Error('/etc/secret'), serverErrors.error('MDL_ERR_INFER_MODEL_FAILED', 'the model failed: /etc/secret'), modelErrors.error('MDL_ERR_LOAD_FAILED', '/etc/secret'), 'boom']) {
      const answer = toHttpError(err);
      expect(answer.status).toBe(500);
      expect(answer.message).not.toContain('secret');
    }
  });
});
