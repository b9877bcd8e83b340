/**
 * @module gateway/interceptors/inspect
 * The `inspect` interceptor: runs the model's inspectors (registered by the inspect
 * context, listed in `models.<m>.inspectors`) on the request before the upstream call and
 * on the response after it was sent. An inspector that throws sets `<id>_error` and is
 * reported; it never fails the request.
 */
import type { Exchange } from '../exchange.js';
import type { RequestInspector } from '../inspection.js';
import type { ErrorHandler } from '../ports.js';
import type { Interceptor } from './compose.js';

/**
 * @example
 * inspectInterceptor(onError);
 */
export function inspectInterceptor(onError: ErrorHandler): Interceptor {
  const run = (inspector: RequestInspector, ex: Exchange, phase: 'inspectRequest' | 'inspectResponse'): void => {
    const hook = inspector[phase];
    if (hook === undefined) return;
    try {
      hook.call(inspector, ex, ex.signals);
    } catch (err) {
      ex.signals[`${inspector.id}_error`] = true;
      onError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  return {
    id: 'inspect',
    after: ['route'],
    wrap: (next) => (ex) => {
      const inspectors = ex.model?.inspectors;
      if (inspectors === undefined || inspectors.length === 0) return next(ex);
      for (const inspector of inspectors) {
        run(inspector, ex, 'inspectRequest');
        if (inspector.needsResponseBody === true) ex.captureResponse();
      }
      return next(ex).then(() => {
        if (ex.response !== undefined) for (const inspector of inspectors) run(inspector, ex, 'inspectResponse');
      });
    },
  };
}
