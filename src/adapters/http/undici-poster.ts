/**
 * @module adapters/http/undici-poster
 * The rollback context's HttpPoster over undici: one JSON POST per call with a timeout,
 * the response body drained (so the connection is reused), network failures reported as
 * `status: 0` with the driver's message. Retries belong to the caller.
 */
import { request } from 'undici';
import type { HttpPoster, PostResult } from '../../rollback/index.js';

/**
 * @example
 * const http = new UndiciPoster({ timeoutMs: 5_000 });
 * await http.post('https://hooks.example/untrusted', JSON.stringify(payload), { 'content-type': 'application/json' });
 */
export class UndiciPoster implements HttpPoster {
  readonly #timeoutMs: number;

  constructor(options: { readonly timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? 5_000;
  }

  async post(url: string, body: string, headers: Readonly<Record<string, string>>): Promise<PostResult> {
    try {
      const response = await request(url, { method: 'POST', body, headers: { 'user-agent': 'bulwark', ...headers }, headersTimeout: this.#timeoutMs, bodyTimeout: this.#timeoutMs });
      await response.body.dump();
      return { status: response.statusCode };
    } catch (err) {
      const code = (err as { code?: string }).code;
      return { status: 0, error: `${code === undefined ? '' : `${code}: `}${(err as Error).message}` };
    }
  }
}
