/**
 * @module models/server/read-body
 * Reads a request body under a byte limit and checks that it is JSON. A body declared
 * larger than the limit is refused before a byte is read; one that grows past it while
 * streaming (chunked) is refused as soon as it does, and the rest is discarded unbuffered
 * (Node's requestTimeout bounds how long a client may keep sending). When the length is declared the body
 * is copied into one buffer of exactly that size, so nothing is concatenated.
 */
import type { IncomingMessage } from 'node:http';
import { serverErrors } from './errors.js';

/**
 * Throws MDL_ERR_SERVER_UNSUPPORTED_MEDIA_TYPE unless the Content-Type is JSON
 * (`application/json` or `*+json`, charset utf-8 if given). No Content-Type is taken as JSON.
 *
 * @example
 * checkJsonContentType('application/json; charset=utf-8'); // ok
 */
export function checkJsonContentType(header: string | undefined): void {
  if (header === undefined || header === 'application/json') return;
  const [type = '', ...params] = header.toLowerCase().split(';');
  const media = type.trim();
  const charset = params.map((p) => p.trim()).find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  const json = media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
  if (json && (charset === undefined || charset === 'utf-8' || charset === 'utf8')) return;
  throw serverErrors.error('MDL_ERR_SERVER_UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Type "${header}": send the inference request as application/json`, { contentType: header });
}

function tooLarge(size: number, limit: number, declared: boolean): Error {
  const what = declared ? `declares ${size} bytes` : `exceeds ${limit} bytes`;
  return serverErrors.error('MDL_ERR_SERVER_BODY_TOO_LARGE', `request body ${what}, over the limit of ${limit} bytes (--max-body-bytes)`, { limitBytes: limit, sizeBytes: size });
}

/**
 * The whole body of `req`, at most `limitBytes` long (MDL_ERR_SERVER_BODY_TOO_LARGE otherwise).
 *
 * @example
 * const text = (await readBody(req, 8 << 20)).toString('utf8');
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const header = req.headers['content-length'];
  const length = header === undefined ? NaN : Number(header);
  const declared = Number.isSafeInteger(length) && length >= 0 ? length : undefined; // Node's parser has validated it
  if (declared !== undefined && declared > limitBytes) return Promise.reject(tooLarge(declared, limitBytes, true));
  return new Promise<Buffer>((resolve, reject) => {
    const fixed = declared === undefined ? undefined : Buffer.allocUnsafe(declared);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      if (size + chunk.length > limitBytes) {
        req.off('data', onData); // keeps flowing with no listener: the rest is discarded, not buffered
        reject(tooLarge(size + chunk.length, limitBytes, false));
        return;
      }
      if (fixed === undefined) chunks.push(chunk);
      else chunk.copy(fixed, size);
      size += chunk.length;
    };
    let ended = false;
    req.on('data', onData);
    req.once('end', () => {
      ended = true;
      resolve(fixed === undefined ? Buffer.concat(chunks, size) : fixed.subarray(0, size));
    });
    req.once('error', reject);
    // 'close' follows every 'end'; only a client gone mid-body gets here unsettled. Settle it (so
    // the in-flight count comes back down) without building an error on the normal path.
    req.once('close', () => {
      if (!ended) reject(serverErrors.error('MDL_ERR_INFER_INVALID_REQUEST', 'the client closed the connection before the body was complete'));
    });
  });
}
