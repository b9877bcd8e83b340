/**
 * Interceptor composition: declared order (first is outermost), short-circuits, and the
 * compose-time validation errors (duplicate, unknown, `after` violated).
 */
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../exchange.js';
import { composeInterceptors, selectInterceptors, validateChain } from './compose.js';
import type { Interceptor } from './compose.js';

function tracer(id: string, log: string[], after?: string[]): Interceptor {
  return {
    id,
    ...(after === undefined ? {} : { after }),
    wrap: (next) => async (ex) => {
      log.push(`${id}>`);
      await next(ex);
      log.push(`<${id}`);
    },
  };
}

const EX = {} as Exchange;

describe('composeInterceptors', () => {
  it('runs interceptors in declared order around the terminal', async () => {
    const log: string[] = [];
    const handler = composeInterceptors([tracer('a', log), tracer('b', log, ['a']), tracer('c', log)], async () => void log.push('terminal'));
    await handler(EX);
    expect(log).toEqual(['a>', 'b>', 'c>', 'terminal', '<c', '<b', '<a']);
  });

  it('lets an interceptor refuse without calling next', async () => {
    const log: string[] = [];
    const refuse: Interceptor = { id: 'guard', wrap: () => () => Promise.reject(new Error('no')) };
    const handler = composeInterceptors([tracer('a', log), refuse, tracer('b', log)], async () => void log.push('terminal'));
    await expect(handler(EX)).rejects.toThrow('no');
    expect(log).toEqual(['a>']);
  });

  it('rejects duplicate ids, unknown `after` ids and violated `after` constraints, naming them', () => {
    const log: string[] = [];
    expect(() => validateChain([tracer('a', log), tracer('a', log)])).toThrow(expect.objectContaining({ code: 'GW_ERR_INTERCEPTOR_DUPLICATE', message: expect.stringContaining('"a" appears twice') }));
    expect(() => validateChain([tracer('a', log, ['route'])])).toThrow(expect.objectContaining({ code: 'GW_ERR_INTERCEPTOR_UNKNOWN', message: expect.stringContaining('"route"') }));
    expect(() => composeInterceptors([tracer('shadow', log, ['route']), tracer('route', log)], async () => undefined)).toThrow(
      expect.objectContaining({ code: 'GW_ERR_INTERCEPTOR_ORDER', message: 'interceptor "shadow" (position 0) must come after "route" (position 1)' }),
    );
  });
});

describe('selectInterceptors', () => {
  it('picks by id in the declared order and rejects unknown or repeated ids', () => {
    const log: string[] = [];
    const available = [tracer('a', log), tracer('b', log), tracer('c', log)];
    expect(selectInterceptors(['c', 'a'], available).map((i) => i.id)).toEqual(['c', 'a']);
    expect(() => selectInterceptors(['a', 'x'], available)).toThrow(expect.objectContaining({ code: 'GW_ERR_INTERCEPTOR_UNKNOWN', message: 'no interceptor "x" (known: a, b, c)' }));
    expect(() => selectInterceptors(['a', 'a'], available)).toThrow(expect.objectContaining({ code: 'GW_ERR_INTERCEPTOR_DUPLICATE' }));
  });
});
