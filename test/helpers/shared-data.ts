/**
 * @module test/helpers/shared-data
 * Locates the real public data in ../shared/data (never copied into the project). A test
 * that needs it calls `sharedData(relPath)`: when the file is absent the test is skipped
 * with a visible reason, unless BULWARK_REQUIRE_SHARED=1 (set by .ci/run), which fails it.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The project root (two levels above test/helpers). */
export const PROJECT_ROOT = resolve(here, '..', '..');
/** ../shared/data beside the checkout, or BULWARK_SHARED_DATA when set. */
export const SHARED_DATA_DIR = process.env['BULWARK_SHARED_DATA'] ?? resolve(PROJECT_ROOT, '..', 'shared', 'data');

export interface SharedDataLookup {
  /** Absolute path of the file or folder. */
  readonly path: string;
  /** Present on disk. */
  readonly available: boolean;
  /** Why tests using it are skipped, when it is absent. */
  readonly reason: string;
}

/**
 * Looks up `relPath` under ../shared/data. Throws (failing the test file at collection)
 * when the data is absent and BULWARK_REQUIRE_SHARED=1.
 *
 * @example
 * const optdigits = sharedData('images/optdigits.tes');
 * describe.skipIf(!optdigits.available)(`optdigits (${optdigits.reason})`, () => { … });
 */
export function sharedData(relPath: string): SharedDataLookup {
  const path = resolve(SHARED_DATA_DIR, relPath);
  const available = existsSync(path);
  const reason = available ? 'shared data present' : `skipped: ${path} is absent (../shared/data not beside the checkout)`;
  if (!available && process.env['BULWARK_REQUIRE_SHARED'] === '1') {
    throw new Error(`BULWARK_REQUIRE_SHARED=1 but ${path} is missing`);
  }
  if (!available) console.warn(`[shared-data] ${reason}`);
  return { path, available, reason };
}
