/**
 * Response transforms compose like interceptors: the one set later (an inner interceptor)
 * sees the upstream bytes first; the outermost (the built-in `harden`) has the last word.
 */
import { describe, expect, it } from 'vitest';
import { Exchange } from './exchange.js';
import type { GatewayState } from './gateway-state.js';
import type { EdgeRequest, EdgeResponse } from './server/edge.js';

const exchange = (): Exchange =>
  new Exchange({ id: 'r1', receivedAt: 0, startMono: 0, req: {} as EdgeRequest, res: {} as EdgeResponse, endpoint: 'oip-infer', protocol: 'oip-v2', pathModel: 'm', state: {} as GatewayState });

describe('Exchange.setResponseTransform', () => {
  it('applies the later transform first and the first-set one last', () => {
    const ex = exchange();
    ex.setResponseTransform(({ body }) => Buffer.from(`outer(${body.toString()})`));
    ex.setResponseTransform(({ body }) => Buffer.from(`inner(${body.toString()})`));
    const out = ex.transform?.({ status: 200, headers: {}, body: Buffer.from('x') }, ex);
    expect(out?.toString()).toBe('outer(inner(x))');
  });

  it('a transform returning undefined passes the bytes on unchanged', () => {
    const ex = exchange();
    ex.setResponseTransform(() => undefined);
    ex.setResponseTransform(({ body }) => Buffer.from(body.toString().toUpperCase()));
    expect(ex.transform?.({ status: 200, headers: {}, body: Buffer.from('x') }, ex)?.toString()).toBe('X');
    expect(ex.features).toBeUndefined(); // no parsed body: no feature summary
  });
});
