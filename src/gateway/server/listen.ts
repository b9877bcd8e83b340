/**
 * @module gateway/server/listen
 * Opening and closing the gateway's HTTP servers: `host:port` parsing (IPv6 in brackets),
 * listen with a catalogued error, the URL actually bound (port 0 picks a free port), and a
 * close that resolves once the server stopped accepting.
 */
import type { AddressInfo, Server } from 'node:net';

/** A server that can close its idle keep-alive connections (node:http's, and the data plane's). */
export type ClosableServer = Server & { closeIdleConnections(): void };
import { gatewayErrors } from '../errors.js';

/**
 * Splits a `host:port` address from the config.
 *
 * @example
 * parseHostPort('[::1]:8080'); // { host: '::1', port: 8080 }
 */
export function parseHostPort(address: string): { readonly host: string; readonly port: number } {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(address.slice(colon + 1)) };
}

/**
 * Starts `server` on `address` and resolves to its URL (`http://127.0.0.1:54321`).
 * Rejects with GW_ERR_LISTEN_FAILED (address in use, not permitted).
 *
 * @example
 * const url = await listen(server, '127.0.0.1:0', 'data plane');
 */
export function listen(server: Server, address: string, what: string): Promise<string> {
  const { host, port } = parseHostPort(address);
  return new Promise<string>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(gatewayErrors.error('GW_ERR_LISTEN_FAILED', `cannot listen on ${address} (${what}): ${err.code ?? err.message}`, { address, what, errno: err.code ?? null }, err));
    };
    const onListening = (): void => {
      server.off('error', onError);
      const bound = server.address() as AddressInfo;
      const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
      resolve(`http://${shown}:${bound.port}`);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Stops accepting connections and closes idle keep-alive ones; resolves when the server
 * has closed (active connections end on their own or are cut by the caller). Idempotent.
 *
 * @example
 * await closeServer(server);
 */
export function closeServer(server: ClosableServer): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
