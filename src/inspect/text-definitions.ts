/**
 * @module inspect/text-definitions
 * The text inspectors (prompt injection, PII and secrets) as gateway `InspectorDefinition`s.
 * They read the request's text — the last user turn of an OpenAI chat body, or the BYTES
 * inputs of an OIP body (`inspect/oip/chat.ts`) — and write:
 *
 * - `prompt_injection` (boolean, the inspector's verdict) and `prompt_injection_score` (0..1);
 * - `pii` (boolean: any PII or secret), `pii_count` (PII spans, secrets excluded) and
 *   `pii_secret_count` on the request; on a chat response, the assembled answer's
 *   `output_pii_count` and `output_secret` (unless the `output` inspector already wrote them).
 *
 * A model's `threshold` setting is passed to the inspector when it is in range, otherwise
 * the inspector's default applies (a config typo must not take the gateway down).
 */
import type { InspectorDefinition, InspectorSettings } from '../gateway/index.js';
import { requestText } from './oip/chat.js';
import { chatOutputSignals } from './output/output-signals.js';
import { countByType, createPiiInspector } from './pii/index.js';
import { createPromptInjectionInspector, PROMPT_INJECTION_DEFAULTS, PROMPT_INJECTION_ID } from './prompt-injection/index.js';
import type { TextInspector } from './types.js';

/** The PII inspector's registered id. */
export const PII_ID = 'pii';

function withThreshold(settings: InspectorSettings, create: (threshold: number | undefined) => TextInspector): TextInspector {
  try {
    return create(settings.threshold);
  } catch {
    return create(undefined);
  }
}

/**
 * @example
 * new Gateway({ ...options, inspectors: [promptInjectionDefinition()] }); // models list `inspectors: [prompt_injection]`
 */
export function promptInjectionDefinition(): InspectorDefinition {
  return {
    id: PROMPT_INJECTION_ID,
    create: (settings) => {
      const inspector = withThreshold(settings, (threshold) => createPromptInjectionInspector(threshold === undefined ? {} : { threshold }));
      return {
        id: PROMPT_INJECTION_ID,
        inspectRequest(ex, signals) {
          if (ex.json === undefined) return;
          const text = requestText(ex.protocol, ex.json, PROMPT_INJECTION_DEFAULTS.maxChars);
          if (text === undefined) return;
          const finding = inspector.inspect(text);
          signals['prompt_injection'] = finding.flagged;
          signals['prompt_injection_score'] = finding.score;
        },
      };
    },
  };
}

/** Longest request text given to the PII inspector (it caps its own input too). */
const PII_MAX_CHARS = 65_536;

/**
 * @example
 * new Gateway({ ...options, inspectors: [piiDefinition()] }); // models list `inspectors: [pii]`
 */
export function piiDefinition(): InspectorDefinition {
  return {
    id: PII_ID,
    create: (settings) => {
      const inspector = withThreshold(settings, (threshold) => createPiiInspector(threshold === undefined ? {} : { threshold }));
      return {
        id: PII_ID,
        inspectRequest(ex, signals) {
          if (ex.json === undefined) return;
          const text = requestText(ex.protocol, ex.json, PII_MAX_CHARS);
          if (text === undefined) return;
          const finding = inspector.inspect(text);
          const counts = countByType(finding);
          signals['pii'] = finding.flagged;
          signals['pii_count'] = counts.pii_count;
          signals['pii_secret_count'] = counts.secret_count;
        },
        inspectResponse(ex, signals) {
          const text = ex.response?.text;
          if (ex.protocol !== 'openai' || text === undefined || signals['output_pii_count'] !== undefined) return;
          const out = chatOutputSignals(text, inspector);
          signals['output_pii_count'] = out.output_pii_count;
          signals['output_secret'] = out.output_secret;
        },
      };
    },
  };
}
