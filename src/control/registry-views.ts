/**
 * @module control/registry-views
 * Registry versions as the API lists them: a model with no registered version has an
 * empty list (the registry itself says REG_ERR_UNKNOWN_MODEL, which is right for the CLI's
 * `registry show` but not for a listing).
 */
import type { VersionView } from '../registry/index.js';
import { isBulwarkError } from '../shared/errors.js';
import type { VersionCatalog } from './ports.js';

/**
 * @example
 * await versionsOf(registry, 'fraud'); // [] when nothing is registered
 */
export async function versionsOf(catalog: VersionCatalog, model?: string): Promise<VersionView[]> {
  try {
    return await catalog.list(model);
  } catch (err) {
    if (isBulwarkError(err) && err.code === 'REG_ERR_UNKNOWN_MODEL') return [];
    throw err;
  }
}
