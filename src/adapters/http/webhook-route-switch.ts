/**
 * @module adapters/http/webhook-route-switch
 * A RouteSwitchPort that POSTs the new route of a model to an API gateway or load balancer
 * (any receiver that applies `{ model, epoch, route }`), retrying with exponential backoff
 * and jitter. The `Idempotency-Key` header is derived from model and epoch (the breaker
 * WAL's decision number), so a switch re-sent after a crash is recognisably the same.
 * It remembers the last route it delivered (per process) for the no-op check.
 */
import { createHash } from 'node:crypto';
import type { RouteSpec } from '../../gateway/index.js';
import { deliverWebhook, rollbackErrors, safeOrigin } from '../../rollback/index.js';
import type { HttpPoster, RetryPolicy, RouteSwitchMeta, RouteSwitchPort, Timers } from '../../rollback/index.js';
import type { Clock } from '../../shared/clock.js';

/**
 * The idempotency key of a route switch: sha256 of `route:<model>:<epoch>`, 32 hex characters.
 *
 * @example
 * routeIdempotencyKey('fraud', 4); // 'c5b1…' (same model and epoch, same key)
 */
export function routeIdempotencyKey(model: string, epoch: number): string {
  return createHash('sha256').update(`route:${model}:${epoch}`).digest('hex').slice(0, 32);
}

/**
 * @example
 * const routes = new WebhookRouteSwitch({ url: 'https://lb.internal/bulwark/routes', http: new UndiciPoster(), timers, clock, random: Math.random });
 * await routes.switch('fraud', { active: 'v1', lkg: 'v1' }, { actor: 'bulwark:rollback', reason: 'entropy-collapse', epoch: 4 });
 */
export class WebhookRouteSwitch implements RouteSwitchPort {
  readonly #deps: { readonly url: string; readonly http: HttpPoster; readonly timers: Timers; readonly clock: Clock; readonly random: () => number; readonly policy?: RetryPolicy };
  readonly #delivered = new Map<string, RouteSpec>();
  readonly #epochs = new Map<string, number>();

  constructor(deps: { readonly url: string; readonly http: HttpPoster; readonly timers: Timers; readonly clock: Clock; readonly random: () => number; readonly policy?: RetryPolicy }) {
    this.#deps = deps;
  }

  current(model: string): RouteSpec | undefined {
    return this.#delivered.get(model);
  }

  async switch(model: string, next: RouteSpec, meta: RouteSwitchMeta): Promise<RouteSpec> {
    const epoch = meta.epoch ?? (this.#epochs.get(model) ?? 0) + 1;
    this.#epochs.set(model, epoch);
    const payload = { type: 'bulwark.route', schemaVersion: 1, model, epoch, route: next, actor: meta.actor, reason: meta.reason, at: new Date(this.#deps.clock.now()).toISOString() };
    try {
      await deliverWebhook(this.#deps, { url: this.#deps.url, event: 'route', idempotencyKey: routeIdempotencyKey(model, epoch), payload });
    } catch (err) {
      throw rollbackErrors.error('RBK_ERR_ROUTE_SWITCH_FAILED', `route webhook ${safeOrigin(this.#deps.url)} did not accept epoch ${epoch} of "${model}": ${(err as Error).message}`, { model, epoch }, err);
    }
    this.#delivered.set(model, next);
    return next;
  }
}
