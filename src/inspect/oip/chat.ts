/**
 * @module inspect/oip/chat
 * The texts the text inspectors read from a request: for an OpenAI-compatible chat body,
 * the last user turn (the trailing run of `user` messages, or the last user message when
 * the conversation ends with another role), with array content reduced to its text parts;
 * for an OIP v2 body, the strings of its BYTES inputs. Capped, never throws.
 */
import { decodeOipInputs } from './tensors.js';

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
  if (texts.length === 0) return undefined;
  const joined = texts.join('\n');
  return joined.length > maxChars ? joined.slice(0, maxChars) : joined;
}

/**
 * The strings of the BYTES inputs of an OIP v2 request, joined by newlines and cut at
 * `maxChars`; undefined when there are none.
 *
 * @example
 * oipText({ inputs: [{ name: 'text', datatype: 'BYTES', shape: [1], data: ['hello'] }] }, 1000); // 'hello'
 */
export function oipText(body: unknown, maxChars: number): string | undefined {
  const decoded = decodeOipInputs(body, MAX_OIP_STRINGS);
  if (!decoded.ok) return undefined;
  const strings = decoded.tensors.filter((t) => t.datatype === 'BYTES').flatMap((t) => t.strings);
  if (strings.length === 0) return undefined;
  const joined = strings.join('\n');
  return joined.length > maxChars ? joined.slice(0, maxChars) : joined;
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
