/**
 * @module inspect/output/output-signals
 * What the output inspector (`output`) reads from a response, pure:
 *
 * - classifiers (OIP v2): `confidence` (top-1 probability), `margin` (top-1 − top-2) and
 *   `predicted_class` (index of the top-1) of the first output row (`inspect/oip/outputs`:
 *   logits go through softmax, a single value p is [1 − p, p]);
 * - chat: `refusal` (a marker of `refusal.ts` in the answer's opening) and leakage in the
 *   assembled answer found by the PII inspector: `output_pii_count` (PII spans, secrets
 *   excluded) and `output_secret` (any secret: API key, token, private key, …).
 */
import { countByType } from '../pii/index.js';
import type { TextInspector } from '../types.js';
import { NO_ROW, ROW, ROW_UNSURE, scanOutputRow } from '../oip/output-scan.js';
import { MAX_OUTPUT_VALUES, outputProbabilities, probabilitiesInto } from '../oip/outputs.js';
import { findRefusal } from './refusal.js';

/** Classifier signals of one answer. */
export interface ClassifierSignals {
  readonly confidence: number;
  readonly margin: number;
  readonly predicted_class: number;
}

/** Chat signals of one answer. */
export interface ChatOutputSignals {
  readonly refusal: boolean;
  readonly output_pii_count: number;
  readonly output_secret: boolean;
}

/** Largest OIP response body parsed, bytes. */
const MAX_RESPONSE_BYTES = 1_048_576;

/**
 * Confidence, margin and predicted class of a probability vector (undefined when empty).
 *
 * @example
 * classifierSignals([0.1, 0.7, 0.2]); // { confidence: 0.7, margin: 0.5, predicted_class: 1 }
 */
export function classifierSignals(probs: readonly number[]): ClassifierSignals | undefined {
  if (probs.length === 0) return undefined;
  const top = topClass(probs, probs.length);
  return { confidence: probs[top] as number, margin: marginOf(probs, probs.length, top), predicted_class: top };
}

/** Index of the first largest of the first `n` probabilities. */
function topClass(probs: ArrayLike<number>, n: number): number {
  let top = 0;
  for (let i = 1; i < n; i++) if ((probs[i] as number) > (probs[top] as number)) top = i;
  return top;
}

/** Top-1 − top-2 of the first `n` probabilities (top-1 alone for one class). */
function marginOf(probs: ArrayLike<number>, n: number, top: number): number {
  const confidence = probs[top] as number;
  if (n === 1) return confidence;
  let second = -Infinity;
  for (let i = 0; i < n; i++) if (i !== top) second = Math.max(second, probs[i] as number);
  return confidence - second;
}

/** Room for the probabilities of one output row (a single score becomes two). */
const PROBS = new Float64Array(Math.max(MAX_OUTPUT_VALUES, 2));

/**
 * Probabilities of an OIP v2 response body (bytes) in PROBS; how many (0: none, the body is
 * not JSON or has no numeric output). The byte scan settles most bodies; the rest are parsed.
 */
function oipProbabilities(body: Uint8Array): number {
  if (body.length === 0 || body.length > MAX_RESPONSE_BYTES) return 0;
  const n = scanOutputRow(body);
  if (n === NO_ROW) return 0;
  if (n !== ROW_UNSURE) return probabilitiesInto(ROW, n, PROBS);
  const parsed = parsedOutputProbabilities(body);
  if (parsed === undefined) return 0;
  PROBS.set(parsed);
  return parsed.length;
}

/**
 * Classifier signals of an OIP v2 response body (bytes); undefined when it is not JSON or
 * has no numeric output.
 *
 * @example
 * oipOutputSignals(Buffer.from('{"outputs":[{"name":"p","datatype":"FP32","shape":[1,2],"data":[0.1,0.9]}]}'));
 * // { confidence: 0.9, margin: 0.8, predicted_class: 1 }
 */
export function oipOutputSignals(body: Uint8Array): ClassifierSignals | undefined {
  const n = oipProbabilities(body);
  if (n === 0) return undefined;
  const top = topClass(PROBS, n);
  return { confidence: PROBS[top] as number, margin: marginOf(PROBS, n, top), predicted_class: top };
}

/**
 * Writes `oipOutputSignals(body)` into `signals` (nothing when it is undefined), without
 * the intermediate object or probability array.
 *
 * @example
 * writeOipOutputSignals(exchange.response.body, exchange.signals);
 */
export function writeOipOutputSignals(body: Uint8Array, signals: Record<string, number | boolean>): void {
  const n = oipProbabilities(body);
  if (n === 0) return;
  const top = topClass(PROBS, n);
  signals['confidence'] = PROBS[top] as number;
  signals['margin'] = marginOf(PROBS, n, top);
  signals['predicted_class'] = top;
}

/** The body decoded and parsed, for what the byte scan leaves open (escapes, odd data, deep nesting). */
function parsedOutputProbabilities(body: Uint8Array): number[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8'));
  } catch {
    return undefined;
  }
  return outputProbabilities(json);
}

/**
 * Refusal and leakage signals of a chat answer.
 *
 * @example
 * chatOutputSignals('Sure: the key is AKIAIOSFODNN7EXAMPLE', createPiiInspector());
 * // { refusal: false, output_pii_count: 0, output_secret: true }
 */
export function chatOutputSignals(answer: string, pii: TextInspector): ChatOutputSignals {
  const counts = countByType(pii.inspect(answer));
  return { refusal: findRefusal(answer) !== undefined, output_pii_count: counts.pii_count, output_secret: counts.secret_count > 0 };
}
