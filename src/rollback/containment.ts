/**
 * @module rollback/containment
 * Containment of the API keys behind an attack, when a breaker freezes: a dynamic
 * block-list (or throttle) per model, read by a gateway interceptor on every request of
 * that model. `block` refuses with GW_ERR_FORBIDDEN (403); `throttle` lets a key through at
 * a low rate and refuses the rest with GW_ERR_RATE_LIMITED (429, Retry-After). In-process:
 * each gateway replica holds its own list (fleet mode will share it); the breaker's
 * persisted frozen state re-applies it after a restart, and an unfreeze lifts it.
 */
import { createBucket, gatewayErrors, takeToken } from '../gateway/index.js';
import type { Interceptor, RateLimit, TokenBucketState } from '../gateway/index.js';
import type { Clock } from '../shared/clock.js';
import type { ContainmentPort } from './ports.js';

/** How contained keys are treated. */
export type ContainmentMode = { readonly kind: 'block' } | { readonly kind: 'throttle'; readonly limit: RateLimit };

/** One contained key. */
export interface ContainedKey {
  readonly model: string;
  readonly apiKey: string;
  readonly reason: string;
  readonly incidentId?: string;
  bucket?: TokenBucketState;
}

/** Id of the interceptor in the gateway chain. */
export const CONTAINMENT_INTERCEPTOR = 'containment';

/**
 * @example
 * const list = new ContainmentList({ clock });
 * list.contain('fraud', ['shop'], { reason: 'loop guard' });
 * list.check('fraud', 'shop'); // throws GW_ERR_FORBIDDEN
 */
export class ContainmentList implements ContainmentPort {
  readonly #clock: Clock;
  readonly #mode: ContainmentMode;
  readonly #byModel = new Map<string, Map<string, ContainedKey>>();

  constructor(deps: { readonly clock: Clock; readonly mode?: ContainmentMode }) {
    this.#clock = deps.clock;
    this.#mode = deps.mode ?? { kind: 'block' };
  }

  contain(model: string, apiKeys: readonly string[], why: { readonly reason: string; readonly incidentId?: string }): void {
    if (apiKeys.length === 0) return;
    const keys = new Map(this.#byModel.get(model) ?? []);
    for (const apiKey of apiKeys) if (!keys.has(apiKey)) keys.set(apiKey, { model, apiKey, reason: why.reason, ...(why.incidentId === undefined ? {} : { incidentId: why.incidentId }) });
    this.#byModel.set(model, keys);
  }

  release(model: string): void {
    this.#byModel.delete(model);
  }

  /** Every contained key. */
  list(): ContainedKey[] {
    return [...this.#byModel.values()].flatMap((keys) => [...keys.values()]);
  }

  /** Hot path: throws the gateway's refusal when `apiKey` is contained on `model`. */
  check(model: string, apiKey: string): void {
    const entry = this.#byModel.get(model)?.get(apiKey);
    if (entry === undefined) return;
    const why = `API key "${apiKey}" is contained on model "${model}" by the rollback breaker${entry.incidentId === undefined ? '' : ` (incident ${entry.incidentId})`}`;
    if (this.#mode.kind === 'block') throw gatewayErrors.error('GW_ERR_FORBIDDEN', why, { apiKeyId: apiKey, model });
    const now = this.#clock.now();
    entry.bucket ??= createBucket(this.#mode.limit, now);
    const waitMs = takeToken(entry.bucket, this.#mode.limit, now);
    if (waitMs > 0) throw gatewayErrors.error('GW_ERR_RATE_LIMITED', `${why}: throttled`, { apiKeyId: apiKey, retryAfterSeconds: Math.ceil(waitMs / 1000) });
  }

  /** True when any key is contained (the interceptor skips its lookup otherwise). */
  get active(): boolean {
    return this.#byModel.size > 0;
  }
}

/**
 * The gateway interceptor enforcing a ContainmentList (`after: model`).
 *
 * @example
 * new Gateway({ ...options, interceptors: [containmentInterceptor(list)] });
 */
export function containmentInterceptor(list: ContainmentList): Interceptor {
  return {
    id: CONTAINMENT_INTERCEPTOR,
    after: ['model'],
    wrap: (next) => (ex) => {
      if (list.active && ex.model !== undefined && ex.apiKey !== undefined) list.check(ex.model.name, ex.apiKey.id);
      return next(ex);
    },
  };
}
