/**
 * @module gateway/server/read-node-body
 * For node:http servers (the control plane; the data plane's own server has
 * `EdgeRequest.readBody` with the same errors): reads a request body with a size limit and a time limit. A declared Content-Length over
 * the limit is refused before reading anything; a body that grows past it stops being
 * read at once (nothing more is buffered; the edge closes the connection). A client that
 * is too slow gets GW_ERR_REQUEST_TIMEOUT; one that goes away, GW_ERR_CLIENT_CLOSED.
 */
import type { IncomingMessage } from 'node:http';
import { gatewayErrors } from '../errors.js';
import type { Timers } from '../ports.js';

const EMPTY = Buffer.alloc(0);

/**
 * Resolves to the whole body (one Buffer), or rejects with GW_ERR_BODY_TOO_LARGE,
 * GW_ERR_REQUEST_TIMEOUT or GW_ERR_CLIENT_CLOSED.
 *
 * @example
 * const body = await readBody(req, 1_048_576, 30_000, timers);
 */
export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number, timers: Timers): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.reject(tooLarge(Number(declared), maxBytes, true));
  if (req.complete) return Promise.resolve(EMPTY);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) return finish(tooLarge(total, maxBytes, false));
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined);
    const onError = (): void => finish(gatewayErrors.error('GW_ERR_CLIENT_CLOSED', 'the client closed the connection while sending the body', { receivedBytes: total }));
    const onClose = (): void => {
      if (!req.complete) onError();
    };
    const timer = timers.setTimeout(
      () => finish(gatewayErrors.error('GW_ERR_REQUEST_TIMEOUT', `the request body did not arrive within ${timeoutMs} ms (received ${total} bytes)`, { timeoutMs, receivedBytes: total })),
      timeoutMs,
    );
    function finish(error: Error | undefined): void {
      timers.clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (error === undefined) return resolve(chunks.length === 1 ? (chunks[0] as Buffer) : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, total));
      req.pause();
      chunks.length = 0;
      reject(error);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function tooLarge(bytes: number, maxBytes: number, declared: boolean): Error {
  const what = declared ? `declares ${bytes} bytes` : `exceeds ${maxBytes} bytes`;
  return gatewayErrors.error('GW_ERR_BODY_TOO_LARGE', `the request body ${what}; the limit is ${maxBytes} bytes (server.maxBodyBytes)`, { maxBytes, ...(declared ? { declaredBytes: bytes } : {}) });
}
