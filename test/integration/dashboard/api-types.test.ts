/**
 * The dashboard knows the API only through dashboard/src/api/openapi-types.ts, generated
 * from the committed schema/openapi.json (dashboard/scripts/gen-api-types.mjs, run by
 * `npm run build:dashboard`). This fails when the two drift apart.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the dashboard API types', () => {
  it('are generated from the committed schema/openapi.json (run npm run build:dashboard)', () => {
    const script = fileURLToPath(new URL('../../../dashboard/scripts/gen-api-types.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
