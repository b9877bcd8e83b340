/**
 * @module gateway/protocols/chat-output
 * The assistant text of an OpenAI-compatible chat completion, for output inspection:
 * assembled incrementally from a streamed (SSE) response while its bytes pass through
 * untouched, or read from a plain JSON response. Bounded: the text and any partial event
 * are capped, so a misbehaving upstream cannot grow the gateway's memory.
 */
import { StringDecoder } from 'node:string_decoder';

/** Largest partial SSE event held while waiting for its end, characters. */
const MAX_PENDING_CHARS = 1_048_576;

/**
 * Assembles `choices[0].delta.content` from the `data:` events of a chat stream.
 *
 * @example
 * const a = new ChatStreamAssembler(10_000);
 * a.push(Buffer.from('data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: [DONE]\n\n'));
 * a.end(); a.text; // 'Hi'
 */
export class ChatStreamAssembler {
  readonly #maxChars: number;
  readonly #decoder = new StringDecoder('utf8');
  #pending = '';
  #text = '';
  #events = 0;
  #done = false;
  #truncated = false;

  constructor(maxChars: number) {
    this.#maxChars = maxChars;
  }

  /** The text so far (capped at `maxChars`). */
  get text(): string {
    return this.#text;
  }

  /** `data:` events seen (the `[DONE]` marker excluded). */
  get events(): number {
    return this.#events;
  }

  /** True once `data: [DONE]` arrived. */
  get done(): boolean {
    return this.#done;
  }

  /** True when text was cut at `maxChars` or an oversized event was skipped. */
  get truncated(): boolean {
    return this.#truncated;
  }

  push(chunk: Buffer): void {
    this.#pending += this.#decoder.write(chunk);
    for (;;) {
      const end = eventEnd(this.#pending);
      if (end === undefined) break;
      this.#event(this.#pending.slice(0, end.at));
      this.#pending = this.#pending.slice(end.at + end.length);
    }
    if (this.#pending.length > MAX_PENDING_CHARS) {
      this.#pending = '';
      this.#truncated = true;
    }
  }

  /** Handles a last event that lacked its blank line. */
  end(): void {
    this.#pending += this.#decoder.end();
    if (this.#pending.trim() !== '') this.#event(this.#pending);
    this.#pending = '';
  }

  #event(block: string): void {
    let data: string | undefined;
    for (const line of block.split(/\r?\n/)) {
      if (!line.startsWith('data:')) continue;
      const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
      data = data === undefined ? value : `${data}\n${value}`;
    }
    if (data === undefined) return;
    if (data.trim() === '[DONE]') {
      this.#done = true;
      return;
    }
    this.#events++;
    this.#append(deltaContent(data));
  }

  #append(piece: string | undefined): void {
    if (piece === undefined || piece === '') return;
    const room = this.#maxChars - this.#text.length;
    if (room <= 0) {
      this.#truncated = true;
      return;
    }
    if (piece.length > room) this.#truncated = true;
    this.#text += piece.length > room ? piece.slice(0, room) : piece;
  }
}

function eventEnd(text: string): { at: number; length: number } | undefined {
  const lf = text.indexOf('\n\n');
  const crlf = text.indexOf('\r\n\r\n');
  if (lf === -1 && crlf === -1) return undefined;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { at: crlf, length: 4 };
  return { at: lf, length: 2 };
}

function deltaContent(data: string): string | undefined {
  try {
    const parsed = JSON.parse(data) as { choices?: { delta?: { content?: unknown } }[] };
    const content = parsed.choices?.[0]?.delta?.content;
    return typeof content === 'string' ? content : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The assistant text of a non-streamed chat completion body (`choices[0].message.content`),
 * capped at `maxChars`; undefined when the body is not such a response.
 *
 * @example
 * chatTextFromBody(Buffer.from('{"choices":[{"message":{"role":"assistant","content":"Hello"}}]}'), 100); // 'Hello'
 */
export function chatTextFromBody(body: Buffer, maxChars: number): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { choices?: { message?: { content?: unknown } }[] };
    const content = parsed.choices?.[0]?.message?.content;
    return typeof content === 'string' ? content.slice(0, maxChars) : undefined;
  } catch {
    return undefined;
  }
}
