/**
 * @module inspect/oip/chat
 * The texts the text inspectors read from a request: for an OpenAI-compatible chat body,
 * the last user turn (the trailing run of `user` messages, or the last user message when
 * the conversation ends with another role), with array content reduced to its text parts;
 * for an OIP v2 body, the strings of its BYTES inputs. Capped, never throws.
 *
 * `requestText` is what the gateway's inspectors call, several per request (prompt
 * injection, PII, entropy): an OIP body without a BYTES input is answered without walking
 * its tensor data, and one with BYTES inputs reuses the decoding the tabular inspectors
 * share (`decoded.ts`) instead of decoding it again per inspector.
 */
import { decodedInputs } from './decoded.js';

/** Largest number of BYTES elements read from an OIP request. */
const MAX_OIP_STRINGS = 256;

function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts: string[] = [];
  for (const part of content) {
    const p = part as { type?: unknown; text?: unknown } | null;
    if (p !== null && typeof p === 'object' && typeof p.text === 'string' && (p.type === undefined || p.type === 'text')) parts.push(p.text);
  }
  return parts.length === 0 ? undefined : parts.join('\n');
}

/**
 * The last user turn of a chat completion request, joined by newlines and cut at
 * `maxChars`; undefined when there is no user text.
 *
 * @example
 * lastUserText({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] }, 1000); // 'Hi'
 */
export function lastUserText(body: unknown, maxChars: number): string | undefined {
  return cut(chatText(body), maxChars);
}

function chatText(body: unknown): string | undefined {
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages)) return undefined;
  const texts: string[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    const isUser = m !== null && typeof m === 'object' && m.role === 'user';
    if (!isUser) {
      if (texts.length > 0) break;
      continue;
    }
    const text = contentText(m.content);
    if (text !== undefined) texts.unshift(text);
  }
  return texts.length === 0 ? undefined : texts.join('\n');
}

/**
 * The strings of the BYTES inputs of an OIP v2 request, joined by newlines and cut at
 * `maxChars`; undefined when there are none.
 *
 * @example
 * oipText({ inputs: [{ name: 'text', datatype: 'BYTES', shape: [1], data: ['hello'] }] }, 1000); // 'hello'
 */
export function oipText(body: unknown, maxChars: number): string | undefined {
  return cut(oipStrings(body), maxChars);
}

/** False exactly when decoding would fail or find no BYTES input (checked without reading any tensor data). */
function hasBytesInput(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const inputs = (body as { inputs?: unknown }).inputs;
  if (!Array.isArray(inputs)) return false;
  let bytes = false;
  for (const input of inputs) {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return false;
    if ((input as { datatype?: unknown }).datatype === 'BYTES') bytes = true;
  }
  return bytes;
}

function oipStrings(body: unknown): string | undefined {
  if (!hasBytesInput(body)) return undefined;
  // The shared decoding keeps more strings per tensor than read here: take the first MAX_OIP_STRINGS.
  const decoded = decodedInputs(body);
  if (!decoded.ok) return undefined;
  const strings: string[] = [];
  for (const t of decoded.tensors) if (t.datatype === 'BYTES') for (let i = 0; i < t.strings.length && i < MAX_OIP_STRINGS; i++) strings.push(t.strings[i] as string);
  return strings.length === 0 ? undefined : strings.join('\n');
}

function cut(text: string | undefined, maxChars: number): string | undefined {
  return text !== undefined && text.length > maxChars ? text.slice(0, maxChars) : text;
}

/**
 * The request text an inspector reads for a protocol: the last user turn (chat) or the
 * BYTES inputs (OIP).
 *
 * @example
 * requestText('openai', exchange.json, 16_384);
 */
export function requestText(protocol: 'oip-v2' | 'openai', body: unknown, maxChars: number): string | undefined {
  return protocol === 'openai' ? lastUserText(body, maxChars) : oipText(body, maxChars);
}
