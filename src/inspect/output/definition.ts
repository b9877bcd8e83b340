/**
 * @module inspect/output/definition
 * The output inspector as a gateway `InspectorDefinition` (id `output`), run after the
 * response was sent: OIP v2 models get `confidence`, `margin`, `predicted_class` (it asks the
 * gateway to keep the response body); chat models get `refusal`, `output_pii_count` and
 * `output_secret` from the assembled answer (streamed or not). Responses with a status
 * other than 2xx are not inspected.
 */
import type { InspectorDefinition, RequestInspector } from '../../gateway/index.js';
import { createPiiInspector } from '../pii/index.js';
import { chatOutputSignals, writeOipOutputSignals } from './output-signals.js';

/** The inspector's registered id. */
export const OUTPUT_ID = 'output';

/**
 * @example
 * new Gateway({ ...options, inspectors: [outputDefinition()] });
 */
export function outputDefinition(): InspectorDefinition {
  const pii = createPiiInspector();
  return {
    id: OUTPUT_ID,
    create: (_settings, model): RequestInspector => ({
      id: OUTPUT_ID,
      needsResponseBody: model.protocol === 'oip-v2',
      inspectResponse(ex, signals) {
        const response = ex.response;
        if (response === undefined || response.status < 200 || response.status >= 300) return;
        if (ex.protocol === 'openai') {
          if (response.text !== undefined) Object.assign(signals, chatOutputSignals(response.text, pii));
          return;
        }
        if (response.body !== undefined) writeOipOutputSignals(response.body, signals);
      },
    }),
  };
}
