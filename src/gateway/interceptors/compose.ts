/**
 * @module gateway/interceptors/compose
 * Interceptors (`next => handler`, STYLE.md §2.6) and their composition. The chain is
 * validated once, when composed: duplicate ids, `after` constraints naming unknown ids, and
 * constraints the declared order violates are errors that name the interceptors involved.
 * The first interceptor in the list is the outermost.
 */
import { gatewayErrors } from '../errors.js';
import type { Exchange } from '../exchange.js';

/** Handles one exchange; resolves when the response is complete (or has failed). */
export type Handler = (exchange: Exchange) => Promise<void>;

/**
 * A named wrapper around the rest of the chain. It may act before `next` (and refuse the
 * request by throwing a GW error), after it (the response is then complete), or both.
 *
 * @example
 * const tag: Interceptor = { id: 'tag', after: ['route'], wrap: (next) => async (ex) => {
 *   ex.signals['canary'] = ex.version !== ex.route?.active; await next(ex); ex.signals['big_answer'] = ex.responseBytes > 1_000_000;
 * } };
 */
export interface Interceptor {
  /** Unique within a gateway; lower-case words joined by `-`. */
  readonly id: string;
  /** Ids that must appear earlier in the chain. */
  readonly after?: readonly string[];
  readonly wrap: (next: Handler) => Handler;
}

/**
 * Checks a chain: unique ids, known `after` ids, and every `after` satisfied by the order.
 * Throws GW_ERR_INTERCEPTOR_DUPLICATE, GW_ERR_INTERCEPTOR_UNKNOWN or GW_ERR_INTERCEPTOR_ORDER.
 *
 * @example
 * validateChain([{ id: 'a', wrap }, { id: 'b', after: ['a'], wrap }]); // fine
 */
export function validateChain(chain: readonly Interceptor[]): void {
  const position = new Map<string, number>();
  chain.forEach((interceptor, index) => {
    const first = position.get(interceptor.id);
    if (first !== undefined) {
      throw gatewayErrors.error('GW_ERR_INTERCEPTOR_DUPLICATE', `interceptor "${interceptor.id}" appears twice (positions ${first} and ${index})`, { id: interceptor.id });
    }
    position.set(interceptor.id, index);
  });
  chain.forEach((interceptor, index) => {
    for (const dependency of interceptor.after ?? []) {
      const at = position.get(dependency);
      if (at === undefined) {
        throw gatewayErrors.error('GW_ERR_INTERCEPTOR_UNKNOWN', `interceptor "${interceptor.id}" must come after "${dependency}", which is not in the chain (known: ${[...position.keys()].join(', ')})`, { id: interceptor.id, unknown: dependency });
      }
      if (at > index) {
        throw gatewayErrors.error('GW_ERR_INTERCEPTOR_ORDER', `interceptor "${interceptor.id}" (position ${index}) must come after "${dependency}" (position ${at})`, { id: interceptor.id, after: dependency });
      }
    }
  });
}

/**
 * Picks interceptors by id in the declared `order`. Throws GW_ERR_INTERCEPTOR_UNKNOWN for an
 * id that is not available, GW_ERR_INTERCEPTOR_DUPLICATE for one listed twice.
 *
 * @example
 * selectInterceptors(['auth', 'route'], builtins);
 */
export function selectInterceptors(order: readonly string[], available: readonly Interceptor[]): Interceptor[] {
  const byId = new Map(available.map((i) => [i.id, i]));
  const seen = new Set<string>();
  return order.map((id) => {
    const interceptor = byId.get(id);
    if (interceptor === undefined) {
      throw gatewayErrors.error('GW_ERR_INTERCEPTOR_UNKNOWN', `no interceptor "${id}" (known: ${[...byId.keys()].join(', ')})`, { unknown: id });
    }
    if (seen.has(id)) throw gatewayErrors.error('GW_ERR_INTERCEPTOR_DUPLICATE', `interceptor "${id}" is listed twice`, { id });
    seen.add(id);
    return interceptor;
  });
}

/**
 * Validates `chain` and composes it around `terminal`: `chain[0]` runs first.
 *
 * @example
 * const handler = composeInterceptors([auth, limits, body], forward);
 * await handler(exchange);
 */
export function composeInterceptors(chain: readonly Interceptor[], terminal: Handler): Handler {
  validateChain(chain);
  let handler = terminal;
  for (let i = chain.length - 1; i >= 0; i--) handler = (chain[i] as Interceptor).wrap(handler);
  return handler;
}
