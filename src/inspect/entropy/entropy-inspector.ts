/**
 * @module inspect/entropy/entropy-inspector
 * The entropy inspector (`entropy`). Per request it reports:
 *
 * - `byte_entropy` (bits per byte): of the user text (chat, OIP BYTES inputs), or of the
 *   raw request body (OIP numeric inputs, first `maxBodyBytes` bytes);
 * - `token_entropy` (bits): of the user text's word tokens, for text only;
 * - `input_fingerprint` (unsigned 32-bit id): of the quantised numeric input rows, or of
 *   the normalised text — what the detection engine's windows turn into a window-level
 *   entropy (see `fingerprint.ts`, `window-entropy.ts`).
 *
 * Pure and synchronous; a body it cannot read yields no signals (never an exception). Also a
 * `TextInspector` for `bulwark inspect`, which flags only degenerate repetition.
 */
import { requestText } from '../oip/chat.js';
import type { Finding, TextInspector } from '../types.js';
import { histogramByteEntropy } from './byte-entropy.js';
import { ENTROPY_DEFAULTS, ENTROPY_ID } from './defaults.js';
import { textFingerprint } from './fingerprint.js';
import { inputFingerprint } from './input-fingerprint.js';
import { textEntropy } from './text-entropy.js';

/** What the inspector reads from one request. */
export interface EntropyRequest {
  readonly protocol: 'oip-v2' | 'openai';
  /** The parsed body. */
  readonly json: unknown;
  /** The raw body bytes. */
  readonly body: Uint8Array;
}

/** Signals of one request (absent when not measurable). */
export interface EntropySignals {
  byte_entropy?: number;
  token_entropy?: number;
  input_fingerprint?: number;
}

/**
 * Writes the entropy signals of one request into `out`, in the order `entropySignals` lists
 * them (the gateway's `signals`, without an intermediate object).
 *
 * @example
 * writeEntropySignals('oip-v2', exchange.json, exchange.body, exchange.signals);
 */
export function writeEntropySignals(protocol: EntropyRequest['protocol'], json: unknown, body: Uint8Array, out: { [K in keyof EntropySignals]?: number | boolean }): void {
  const text = requestText(protocol, json, ENTROPY_DEFAULTS.maxTextChars);
  const fingerprint = protocol === 'oip-v2' ? inputFingerprint(json) : undefined;
  if (fingerprint !== undefined) {
    // OIP numeric inputs: the body's byte entropy and the feature fingerprint, no token entropy.
    const bytes = body.length > ENTROPY_DEFAULTS.maxBodyBytes ? body.subarray(0, ENTROPY_DEFAULTS.maxBodyBytes) : body;
    const byteEntropy = histogramByteEntropy(bytes);
    if (text !== undefined) {
      // A text input too: the keys keep the order they had when the text signals were written first.
      out.byte_entropy = byteEntropy;
      out.input_fingerprint = fingerprint;
    } else {
      out.input_fingerprint = fingerprint;
      out.byte_entropy = byteEntropy;
    }
    return;
  }
  if (text === undefined) return;
  const e = textEntropy(text);
  const textId = textFingerprint(text);
  out.byte_entropy = e.byteEntropy;
  out.token_entropy = e.tokenEntropy;
  out.input_fingerprint = textId;
}

/**
 * The entropy signals of one request.
 *
 * @example
 * entropySignals({ protocol: 'openai', json: { messages: [{ role: 'user', content: 'hi hi hi' }] }, body: new Uint8Array() });
 * // { byte_entropy: 1.5, token_entropy: 0, input_fingerprint: 3426124597 }
 */
export function entropySignals(request: EntropyRequest): EntropySignals {
  const out: EntropySignals = {};
  writeEntropySignals(request.protocol, request.json, request.body, out);
  return out;
}

/**
 * The entropy inspector as a text inspector (`bulwark inspect --detector entropy`). Score:
 * 1 − token entropy / log2(tokens) (0 below `minTokensToFlag` tokens); flagged only for
 * degenerate repetition: normalised token entropy below `minNormalizedTokenEntropy` with at
 * least `minTokensToFlag` tokens, or byte entropy below `minByteEntropy` over at least 64 bytes.
 *
 * @example
 * createEntropyTextInspector().inspect('buy now '.repeat(40)).flagged; // true
 * createEntropyTextInspector().inspect('Can I ignore this warning in my code?').flagged; // false
 */
export function createEntropyTextInspector(): TextInspector {
  const d = ENTROPY_DEFAULTS;
  return {
    id: ENTROPY_ID,
    inspect(text: string): Finding {
      if (typeof text !== 'string') return { score: 0, flagged: false, spans: [], reasons: [], error: 'input is not a string' };
      const e = textEntropy(text);
      const reasons: string[] = [];
      const judged = e.tokens >= d.minTokensToFlag;
      if (judged && e.normalizedTokenEntropy < d.minNormalizedTokenEntropy) reasons.push('low_token_entropy');
      if (e.bytes >= 64 && e.byteEntropy < d.minByteEntropy) reasons.push('low_byte_entropy');
      if (text.length > d.maxTextChars) reasons.push('truncated');
      const score = judged ? 1 - e.normalizedTokenEntropy : 0;
      return { score, flagged: reasons.some((r) => r !== 'truncated'), spans: [], reasons };
    },
  };
}
