/**
 * @module control/routes/table
 * The whole route table, in the order the OpenAPI document lists it.
 */
import type { AnyRoute } from '../router.js';
import { incidentRoutes } from './incidents.js';
import { knobsRoutes } from './knobs.js';
import { metaRoutes } from './meta.js';
import { modelRoutes } from './models.js';
import { observeRoutes } from './observe.js';
import { whoamiRoutes } from './whoami.js';

/**
 * Every route; `document` gives the OpenAPI document served at /openapi.json.
 *
 * @example
 * const table = controlRoutes(() => openApiDocument(table));
 */
export function controlRoutes(document: () => unknown): readonly AnyRoute[] {
  const table: readonly AnyRoute[] = [...metaRoutes(document), ...whoamiRoutes(() => table), ...modelRoutes, ...observeRoutes, ...incidentRoutes, ...knobsRoutes];
  return table;
}
