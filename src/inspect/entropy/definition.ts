/**
 * @module inspect/entropy/definition
 * The entropy inspector as a gateway `InspectorDefinition` (id `entropy`): writes
 * `byte_entropy`, `token_entropy` and `input_fingerprint` on the request (see
 * `entropy-inspector.ts`). Needs no per-version resources.
 */
import type { InspectorDefinition, RequestInspector } from '../../gateway/index.js';
import { ENTROPY_ID } from './defaults.js';
import { writeEntropySignals } from './entropy-inspector.js';

/**
 * @example
 * new Gateway({ ...options, inspectors: [entropyDefinition()] }); // models list `inspectors: [entropy]`
 */
export function entropyDefinition(): InspectorDefinition {
  const inspector: RequestInspector = {
    id: ENTROPY_ID,
    inspectRequest(ex, signals) {
      if (ex.json === undefined) return;
      writeEntropySignals(ex.protocol, ex.json, ex.body, signals);
    },
  };
  return { id: ENTROPY_ID, create: () => inspector };
}
