import { describe, expect, it } from 'vitest';
import * as control from './index.js';
import { CONTROL_HTTP_STATUS, controlErrors, controlStatusForCode } from './index.js';

describe('control public surface', () => {
  it('gives every API code one HTTP status, 4xx for user errors', () => {
    expect(Object.keys(CONTROL_HTTP_STATUS).sort()).toEqual(Object.keys(controlErrors.codes).sort());
    for (const [code, spec] of Object.entries(controlErrors.codes)) {
      const status = controlStatusForCode(code);
      if (spec.kind === 'user') expect(status, code).toBeLessThan(500);
      expect(status, code).toBeGreaterThanOrEqual(400);
    }
    expect(controlErrors.prefix).toBe('API');
  });

  it('passes the breaker and rollback refusals through with their own status', () => {
    expect(controlStatusForCode('BRK_ERR_NOT_ALLOWED')).toBe(409);
    expect(controlStatusForCode('RBK_ERR_UNKNOWN_INCIDENT')).toBe(404);
    expect(controlStatusForCode('RBK_ERR_BUNDLE_CORRUPT')).toBe(500);
  });

  it('exports the server, the route table and the OpenAPI generator', () => {
    for (const name of ['ControlPlane', 'controlRoutes', 'openApiDocument', 'renderOpenApi', 'KnobsFile', 'registryReports', 'SliMetrics', 'EventHub', 'StreamSet']) {
      expect(Object.keys(control), name).toContain(name);
    }
  });
});
