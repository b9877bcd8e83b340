/**
 * @module gateway/server/admin
 * The admin port: `/metrics` (Prometheus text), `/healthz` (the process is live),
 * `/readyz` (routes loaded, upstream pools open, not draining; 503 otherwise, with the
 * reasons). Anything else is a JSON 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the admin endpoints read. */
export interface AdminSources {
  scrape(): Promise<{ readonly contentType: string; readonly body: string }>;
  /** Empty when ready; otherwise why not. */
  notReadyReasons(): readonly string[];
  onError(error: Error): void;
}

/**
 * The admin request listener.
 *
 * @example
 * http.createServer(adminHandler({ scrape: () => metrics.scrape(), notReadyReasons: () => [], onError }));
 */
export function adminHandler(sources: AdminSources): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: { code: 'GW_ERR_METHOD_NOT_ALLOWED', message: 'the admin endpoints take GET' } });
    switch (path) {
      case '/healthz':
        return json(res, 200, { status: 'live' });
      case '/readyz': {
        const reasons = sources.notReadyReasons();
        return json(res, reasons.length === 0 ? 200 : 503, reasons.length === 0 ? { status: 'ready' } : { status: 'not ready', reasons });
      }
      case '/metrics':
        sources.scrape().then(
          ({ contentType, body }) => {
            res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
            res.end(body);
          },
          (err: unknown) => {
            sources.onError(err instanceof Error ? err : new Error(String(err)));
            json(res, 500, { error: { code: 'GW_ERR_INTERNAL', message: 'metrics could not be collected' } });
          },
        );
        return;
      default:
        return json(res, 404, { error: { code: 'GW_ERR_NOT_FOUND', message: 'admin endpoints: /metrics, /healthz, /readyz' } });
    }
  };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}
