/**
 * @module app/containment-app
 * What a gateway does with an anomaly whose rule says `action: contain` (model extraction,
 * DESIGN.md §1): the API keys it names are throttled on that model and their outputs
 * hardened (rounded, top-1) for a while (ROLLBACK_DEFAULTS.ruleContainment), written to the
 * audit log and logged. No route moves and the breaker is not involved; a frozen breaker's
 * containment (block) is a different, stronger entry in the same list.
 */
import type { Anomaly } from '../detect/index.js';
import type { Gateway, Interceptor } from '../gateway/index.js';
import type { BulwarkConfig } from '../config/index.js';
import { ContainmentList, containmentInterceptor, ROLLBACK_DEFAULTS } from '../rollback/index.js';
import type { ContainmentMode } from '../rollback/index.js';
import type { AuditSink } from '../registry/index.js';
import type { Clock } from '../shared/clock.js';

/** The containment list of a gateway, its interceptor, and the `contain` action. */
export interface Containment {
  readonly list: ContainmentList;
  readonly interceptor: Interceptor;
  /** Applies an anomaly with `action: contain` (dry runs and anomalies naming no key do nothing). */
  apply(anomaly: Anomaly, gateway: Gateway): Promise<void>;
}

/**
 * A containment list when some rule acts on keys (`rollback` freezes contain, `contain`
 * throttles), else undefined.
 *
 * @example
 * const containment = prepareContainment(config, { clock, audit, log, onError });
 * new Gateway({ ...options, interceptors: containment === undefined ? [] : [containment.interceptor] });
 */
export function prepareContainment(
  config: BulwarkConfig,
  deps: { readonly clock: Clock; readonly audit: AuditSink; readonly log: (line: string) => void; readonly onError: (error: Error) => void; readonly mode?: ContainmentMode },
): Containment | undefined {
  const rules = Object.values(config.models).flatMap((m) => m.rules);
  if (!rules.some((r) => r.action === 'contain' || r.action === 'rollback')) return undefined;
  const list = new ContainmentList({ clock: deps.clock, ...(deps.mode === undefined ? {} : { mode: deps.mode }) });
  const c = ROLLBACK_DEFAULTS.ruleContainment;
  return {
    list,
    interceptor: containmentInterceptor(list),
    async apply(anomaly, gateway) {
      if (anomaly.action !== 'contain' || anomaly.dryRun || anomaly.apiKeys.length === 0) return;
      const untilMs = deps.clock.now() + c.forMs;
      const reason = `${anomaly.rule} on ${anomaly.version}`;
      list.contain(anomaly.model, anomaly.apiKeys, { reason, source: 'anomaly', mode: { kind: 'throttle', limit: { perSecond: c.perSecond, burst: c.burst } }, untilMs });
      for (const key of anomaly.apiKeys) {
        try {
          gateway.harden(anomaly.model, key, c.harden, untilMs);
        } catch (err) {
          deps.onError(err instanceof Error ? err : new Error(String(err)));
        }
      }
      deps.log(`contain ${anomaly.model}: key(s) ${anomaly.apiKeys.join(', ')} throttled to ${c.perSecond}/s and outputs hardened until ${new Date(untilMs).toISOString()} (${reason})`);
      await deps.audit.record({
        actor: ROLLBACK_DEFAULTS.actor,
        action: 'keys.contained',
        target: `model:${anomaly.model}`,
        details: { anomalyId: anomaly.id, rule: anomaly.rule, version: anomaly.version, apiKeys: [...anomaly.apiKeys], perSecond: c.perSecond, burst: c.burst, untilMs, harden: c.harden },
      });
    },
  };
}
