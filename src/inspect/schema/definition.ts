/**
 * @module inspect/schema/definition
 * The schema inspector as a gateway `InspectorDefinition` (id `schema`, OIP v2 models): on
 * each request, checks the input tensors against the serving version's declared signature
 * (from the registry, via `InspectorResources`) and writes `schema_violation` (boolean) and,
 * on a violation, `schema_violation_<reason>: true` (reasons in `SCHEMA_REASONS`). Without
 * a declared signature it writes `schema_unavailable: true`.
 */
import type { InspectorDefinition } from '../../gateway/index.js';
import { decodedInputs } from '../oip/decoded.js';
import type { InspectorResources } from '../resources.js';
import { checkSchema } from './check-schema.js';

/** The inspector's registered id. */
export const SCHEMA_ID = 'schema';

/**
 * @example
 * new Gateway({ ...options, inspectors: [schemaDefinition(resources)] });
 */
export function schemaDefinition(resources: InspectorResources): InspectorDefinition {
  return {
    id: SCHEMA_ID,
    create: (_settings, model) => ({
      id: SCHEMA_ID,
      inspectRequest(ex, signals) {
        if (ex.protocol !== 'oip-v2' || ex.json === undefined || ex.version === undefined) return;
        const signature = resources.forVersion(model.name, ex.version)?.signature;
        if (signature === undefined) {
          signals['schema_unavailable'] = true;
          return;
        }
        const result = checkSchema(decodedInputs(ex.json), signature);
        signals['schema_violation'] = result.violation;
        if (result.violation) signals[`schema_violation_${result.reason}`] = true;
      },
    }),
  };
}
