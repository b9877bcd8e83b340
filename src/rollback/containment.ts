/**
 * @module rollback/containment
 * Containment of the API keys behind an attack — when a breaker freezes, or when a rule
 * with `action: contain` fires (model extraction) — as a dynamic block-list (or throttle)
 * per model, read by a gateway interceptor on every request of that model. `block` refuses with GW_ERR_FORBIDDEN (403); `throttle` lets a key through at
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
  /** How this key is treated (default: the list's mode). */
  readonly mode?: ContainmentMode;
  /** Clock ms after which the entry lapses (default: until released). */
  readonly untilMs?: number;
  /** `breaker`: a frozen breaker's (lifted by unfreeze); `anomaly`: a rule with `action: contain` (lapses). */
  readonly source: 'breaker' | 'anomaly';
  bucket?: TokenBucketState;
}

/** Options of one {@link ContainmentList.contain} call. */
export interface ContainWhy {
  readonly reason: string;
  readonly incidentId?: string;
  readonly mode?: ContainmentMode;
  readonly untilMs?: number;
  readonly source?: 'breaker' | 'anomaly';
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

  /**
   * Contains `apiKeys` on `model`. A key already contained by a frozen breaker stays so; an
   * anomaly's containment of a key it already holds is renewed (new reason and lapse time).
   */
  contain(model: string, apiKeys: readonly string[], why: ContainWhy): void {
    if (apiKeys.length === 0) return;
    const source = why.source ?? 'breaker';
    const keys = new Map(this.#byModel.get(model) ?? []);
    for (const apiKey of apiKeys) {
      const held = keys.get(apiKey);
      if (held !== undefined && (held.source === 'breaker' || source === 'anomaly' && held.source === 'anomaly' && held.untilMs === undefined)) continue;
      keys.set(apiKey, {
        model,
        apiKey,
        reason: why.reason,
        source,
        ...(why.incidentId === undefined ? {} : { incidentId: why.incidentId }),
        ...(why.mode === undefined ? {} : { mode: why.mode }),
        ...(why.untilMs === undefined ? {} : { untilMs: why.untilMs }),
      });
    }
    this.#byModel.set(model, keys);
  }

  /** Lifts what a frozen breaker contained on `model` (an anomaly's containment lapses on its own). */
  release(model: string): void {
    const keys = this.#byModel.get(model);
    if (keys === undefined) return;
    const kept = new Map([...keys].filter(([, entry]) => entry.source === 'anomaly'));
    if (kept.size === 0) this.#byModel.delete(model);
    else this.#byModel.set(model, kept);
  }

  /** Every contained key. */
  list(): ContainedKey[] {
    return [...this.#byModel.values()].flatMap((keys) => [...keys.values()]);
  }

  /** Hot path: throws the gateway's refusal when `apiKey` is contained on `model`. */
  check(model: string, apiKey: string): void {
    const keys = this.#byModel.get(model);
    const entry = keys?.get(apiKey);
    if (entry === undefined) return;
    const now = this.#clock.now();
    if (entry.untilMs !== undefined && now >= entry.untilMs) {
      keys?.delete(apiKey);
      if (keys?.size === 0) this.#byModel.delete(model);
      return;
    }
    const by = entry.source === 'breaker' ? 'the rollback breaker' : `rule containment (${entry.reason})`;
    const why = `API key "${apiKey}" is contained on model "${model}" by ${by}${entry.incidentId === undefined ? '' : ` (incident ${entry.incidentId})`}`;
    const mode = entry.mode ?? this.#mode;
    if (mode.kind === 'block') throw gatewayErrors.error('GW_ERR_FORBIDDEN', why, { apiKeyId: apiKey, model });
    entry.bucket ??= createBucket(mode.limit, now);
    const waitMs = takeToken(entry.bucket, mode.limit, now);
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
