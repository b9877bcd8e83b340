/**
 * @module gateway/server/client-error
 * Answers requests Node's HTTP parser rejects before any handler runs (a malformed request
 * line or header, oversized headers, a header timeout) with a small JSON error, then closes
 * the socket. Never throws.
 */
import type { Duplex } from 'node:stream';

const STATUS_BY_CODE: Readonly<Record<string, readonly [number, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
  HPE_INVALID_METHOD: [400, 'Bad Request'],
};

/**
 * The `clientError` listener of the data-plane server.
 *
 * @example
 * server.on('clientError', clientErrorHandler);
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  const code = err.code ?? '';
  if (code === 'ECONNRESET' || !socket.writable || (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true) {
    socket.destroy();
    return;
  }
  const [status, text] = STATUS_BY_CODE[code] ?? [400, 'Bad Request'];
  const gwCode = status === 408 ? 'GW_ERR_REQUEST_TIMEOUT' : 'GW_ERR_BAD_REQUEST';
  const body = JSON.stringify({ error: { code: gwCode, message: `malformed HTTP request (${code || err.message})` } });
  try {
    socket.end(`HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  } catch {
    socket.destroy();
  }
}
