/**
 * @module inspect/registry
 * The one table of the inspectors the gateway can run, by stable id, in the order they run
 * on a request: `prompt_injection`, `pii`, `entropy`, `schema`, `ood`, `squeeze`, `output`.
 * A model switches them on with `models.<m>.inspectors`. Feature squeezing also needs its
 * post-response interceptor (returned here beside the definitions). The version-aware
 * inspectors read baselines, signatures and loaded models through `InspectorResources`.
 */
import type { InspectorDefinition, Interceptor, Timers } from '../gateway/index.js';
import { entropyDefinition } from './entropy/definition.js';
import { oodDefinition } from './ood/definition.js';
import { outputDefinition } from './output/definition.js';
import { staticResources } from './resources.js';
import type { InspectorResources } from './resources.js';
import { schemaDefinition } from './schema/definition.js';
import { createSqueezeHook } from './squeeze/definition.js';
import type { SqueezerOptions } from './squeeze/squeezer.js';
import { piiDefinition, promptInjectionDefinition } from './text-definitions.js';

/**
 * Ids of the gateway inspectors, in run order.
 *
 * @example
 * GATEWAY_INSPECTOR_IDS.includes('ood'); // true
 */
export const GATEWAY_INSPECTOR_IDS = ['prompt_injection', 'pii', 'entropy', 'schema', 'ood', 'squeeze', 'output'] as const;
export type GatewayInspectorId = (typeof GATEWAY_INSPECTOR_IDS)[number];

/** Options of {@link createGatewayInspectors}. */
export interface GatewayInspectorsOptions {
  /** Per-version baselines, signatures and loaded models (default: none). */
  readonly resources?: InspectorResources;
  /** For the squeeze timeout. */
  readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  /** Background failures (a squeeze model call that failed). */
  readonly onError?: (error: Error) => void;
  readonly squeeze?: SqueezerOptions & { readonly falsePositiveRate?: number; readonly maxConcurrent?: number; readonly timeoutMs?: number };
}

/** What the gateway is given: the definitions and the interceptors they need. */
export interface GatewayInspectors {
  readonly definitions: readonly InspectorDefinition[];
  readonly interceptors: readonly Interceptor[];
}

/**
 * Every gateway inspector, bound to `resources`.
 *
 * @example
 * const inspectors = createGatewayInspectors({ resources, timers, onError });
 * new Gateway({ ...options, inspectors: inspectors.definitions, interceptors: inspectors.interceptors });
 */
export function createGatewayInspectors(options: GatewayInspectorsOptions): GatewayInspectors {
  const resources = options.resources ?? staticResources();
  const squeeze = createSqueezeHook(resources, { ...options.squeeze, timers: options.timers, ...(options.onError === undefined ? {} : { onError: options.onError }) });
  const byId: Record<GatewayInspectorId, InspectorDefinition> = {
    prompt_injection: promptInjectionDefinition(),
    pii: piiDefinition(),
    entropy: entropyDefinition(),
    schema: schemaDefinition(resources),
    ood: oodDefinition(resources),
    squeeze: squeeze.definition,
    output: outputDefinition(),
  };
  return { definitions: GATEWAY_INSPECTOR_IDS.map((id) => byId[id]), interceptors: [squeeze.interceptor] };
}
