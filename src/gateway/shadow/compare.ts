/**
 * @module gateway/shadow/compare
 * How a shadow answer is compared with the primary one. Classifiers (OIP): the predicted
 * label of every row of the first output (argmax of the last dimension; a single
 * probability per row thresholded at 0.5; integer or string label outputs as given).
 * Chat: the answer text normalised (Unicode NFKC, case folded, punctuation and symbols
 * removed, whitespace collapsed) and the refusal flag (the inspect context's multilingual
 * refusal markers). Pure functions; an unreadable side is "could not measure".
 */
import { findRefusal } from '../../inspect/output/index.js';
import { GATEWAY_DEFAULTS } from '../defaults.js';
import type { OutputSummary } from '../events/shadow-event.js';
import { ChatStreamAssembler, chatTextFromBody } from '../protocols/chat-output.js';
import { predictedLabels } from '../protocols/oip-outputs.js';
import type { Label } from '../protocols/oip-outputs.js';

/** The outcome of one comparison. */
export type ShadowVerdict =
  | { readonly kind: 'compared'; readonly disagree: boolean; readonly refusalDisagree?: boolean; readonly primary: OutputSummary; readonly shadow: OutputSummary }
  | { readonly kind: 'unreadable'; readonly side: 'primary' | 'shadow' };

const sameLabels = (a: readonly Label[], b: readonly Label[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
const summary = (labels: readonly Label[]): OutputSummary => ({ labels: labels.slice(0, GATEWAY_DEFAULTS.shadowSummaryLabels) });

/**
 * Compares two OIP infer responses by predicted label per row.
 *
 * @example
 * compareClassifier(primaryBody, shadowBody); // { kind: 'compared', disagree: false, primary: { labels: [1] }, shadow: { labels: [1] } }
 */
export function compareClassifier(primaryBody: Buffer, shadowBody: Buffer): ShadowVerdict {
  const primary = predictedLabels(primaryBody);
  if (primary === undefined) return { kind: 'unreadable', side: 'primary' };
  const shadow = predictedLabels(shadowBody);
  if (shadow === undefined) return { kind: 'unreadable', side: 'shadow' };
  return { kind: 'compared', disagree: !sameLabels(primary, shadow), primary: summary(primary), shadow: summary(shadow) };
}

/**
 * Folds what does not change an answer's meaning for the comparison: compatibility forms,
 * case, punctuation, symbols and whitespace.
 *
 * @example
 * normaliseAnswer('  Paris!\n'); // 'paris'
 * normaliseAnswer('The answer is: 42.') === normaliseAnswer('the answer is 42'); // true
 */
export function normaliseAnswer(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/gu, ' ').trim();
}

/**
 * Compares two chat answers: they disagree when the normalised texts differ or one refuses
 * and the other does not (`refusalDisagree`).
 *
 * @example
 * compareChat('Paris.', 'paris'); // disagree: false
 * compareChat("I can't help with that.", 'Sure: …'); // disagree: true, refusalDisagree: true
 */
export function compareChat(primaryText: string | undefined, shadowText: string | undefined): ShadowVerdict {
  if (primaryText === undefined) return { kind: 'unreadable', side: 'primary' };
  if (shadowText === undefined) return { kind: 'unreadable', side: 'shadow' };
  const a = normaliseAnswer(primaryText);
  const b = normaliseAnswer(shadowText);
  const refusalA = findRefusal(primaryText) !== undefined;
  const refusalB = findRefusal(shadowText) !== undefined;
  const refusalDisagree = refusalA !== refusalB;
  return { kind: 'compared', disagree: refusalDisagree || a !== b, refusalDisagree, primary: { refusal: refusalA, chars: a.length }, shadow: { refusal: refusalB, chars: b.length } };
}

/**
 * The assistant text of a complete chat response body: an SSE stream (`text/event-stream`)
 * or a JSON completion; undefined when neither yields text.
 *
 * @example
 * chatAnswer(Buffer.from('{"choices":[{"message":{"content":"hi"}}]}'), 'application/json', 1000); // 'hi'
 */
export function chatAnswer(body: Buffer, contentType: string | string[] | undefined, maxChars: number): string | undefined {
  if (typeof contentType === 'string' && contentType.startsWith('text/event-stream')) {
    const assembler = new ChatStreamAssembler(maxChars);
    assembler.push(body);
    assembler.end();
    return assembler.events > 0 ? assembler.text : undefined;
  }
  return chatTextFromBody(body, maxChars);
}
