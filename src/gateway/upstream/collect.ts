/**
 * @module gateway/upstream/collect
 * A buffered upstream call for work off the response path (shadow mirroring, health
 * probes): sends a request to a version's pool and resolves with the whole response,
 * bounded in size. Failures reject with the same GW_ERR_UPSTREAM_* codes the data plane uses.
 */
import { gatewayErrors } from '../errors.js';
import type { UpstreamTarget } from '../gateway-state.js';
import type { UpstreamFailure, UpstreamFlow, UpstreamHeaders, UpstreamRequest } from '../ports.js';

/** A complete upstream response. */
export interface CollectedResponse {
  readonly status: number;
  readonly headers: UpstreamHeaders;
  readonly body: Buffer;
}

/**
 * Sends `request` (path relative to the upstream's base path) to `target` and buffers the
 * answer, at most `maxBytes` (larger answers are aborted: GW_ERR_UPSTREAM_PROTOCOL).
 *
 * @example
 * const shadow = await collectResponse(model.targets.get('v1')!, { method: 'POST', path: ex.req.url!, headers: ['content-type', 'application/json'], body: ex.body }, 1_048_576);
 */
export function collectResponse(target: UpstreamTarget, request: Omit<UpstreamRequest, 'timeoutMs'> & { readonly timeoutMs?: number }, maxBytes: number): Promise<CollectedResponse> {
  return new Promise<CollectedResponse>((resolve, reject) => {
    let status = 0;
    let headers: UpstreamHeaders = {};
    let flow: UpstreamFlow | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    target.pool.send(
      { ...request, path: target.basePath + request.path, timeoutMs: request.timeoutMs ?? target.timeoutMs },
      {
        onStart(s, h, f) {
          status = s;
          headers = h;
          flow = f;
        },
        onData(chunk) {
          size += chunk.length;
          if (size > maxBytes) {
            tooLarge = true;
            flow?.abort();
            return;
          }
          chunks.push(chunk);
        },
        onEnd() {
          resolve({ status, headers, body: Buffer.concat(chunks, size) });
        },
        onError(failure: UpstreamFailure) {
          if (tooLarge) reject(gatewayErrors.error('GW_ERR_UPSTREAM_PROTOCOL', `upstream ${target.origin} answered more than ${maxBytes} bytes`, { version: target.version, maxBytes }));
          else reject(failureError(target, failure));
        },
      },
    );
  });
}

function failureError(target: UpstreamTarget, failure: UpstreamFailure): Error {
  const details = { version: target.version, kind: failure.kind, ...(failure.code === undefined ? {} : { cause: failure.code }) };
  if (failure.kind === 'timeout') return gatewayErrors.error('GW_ERR_UPSTREAM_TIMEOUT', `upstream ${target.origin} timed out (${failure.code ?? failure.message})`, details, failure.cause);
  if (failure.kind === 'protocol') return gatewayErrors.error('GW_ERR_UPSTREAM_PROTOCOL', `upstream ${target.origin}: ${failure.message}`, details, failure.cause);
  return gatewayErrors.error('GW_ERR_UPSTREAM_UNAVAILABLE', `upstream ${target.origin} unreachable (${failure.code ?? failure.message})`, details, failure.cause);
}
