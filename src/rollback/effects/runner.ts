/**
 * @module rollback/effects/runner
 * Applies a WAL record's effects in order, marking each one complete in the WAL right after
 * it is applied; then the incident updates its events imply; then the record is completed.
 * Effects already marked are skipped, so running a record again (crash-resume, retry of a
 * failed effect) applies each effect at most once more, and each effect is itself
 * idempotent, so that "once more" changes nothing. A failed effect is reported and the
 * following ones still run (a failed forensic write must not keep the incident closed);
 * the record stays incomplete and is retried.
 */
import type { BreakerEffect } from '../../breaker/index.js';
import { isBulwarkError } from '../../shared/errors.js';
import { ROLLBACK_DEFAULTS } from '../defaults.js';
import { rollbackErrors } from '../errors.js';
import type { WalRecord } from '../types.js';
import type { EffectDeps, EffectEnv, FrozenForensics } from './env.js';
import { applyFreeze, applyPersist } from './forensics-effect.js';
import { applyIncidentUpdates, applyOpenIncident, recordIncidentId } from './incident-effect.js';
import { applySwitch } from './route-effect.js';
import { applyMarkUntrusted } from './untrusted-effect.js';

/** The step name of the incident updates that follow the effects. */
export const EVENTS_STEP = 'events';

/**
 * @example
 * const runner = new EffectRunner(deps);
 * const complete = await runner.run(record, { resumed: false, latest: true });
 */
export class EffectRunner {
  readonly #deps: EffectDeps;
  readonly #frozen = new Map<string, FrozenForensics>();

  constructor(deps: EffectDeps) {
    this.#deps = deps;
  }

  /** Runs what is pending of `record`; true when every effect has completed. */
  async run(record: WalRecord, options: { readonly resumed: boolean; readonly latest: boolean }): Promise<boolean> {
    const { wal, crashPoint } = this.#deps;
    const marks = await wal.marks(record.model, record.seq);
    let ok = true;
    for (let index = 0; index < record.effects.length; index++) {
      if (marks.has(String(index))) continue;
      const env = this.#env(record, index, marks, options);
      let result: unknown;
      try {
        result = (await this.#apply(env, record.effects[index] as BreakerEffect)) ?? null;
      } catch (err) {
        ok = false;
        this.#deps.onError(effectError(record, index, err));
        continue;
      }
      crashPoint?.(`effect:${index}`);
      await wal.mark(record.model, record.seq, String(index), result);
      marks.set(String(index), result);
      crashPoint?.(`marked:${index}`);
      if ((record.effects[index] as BreakerEffect).kind === 'switch_route' && index + 1 < record.effects.length) await this.#quiet(options.resumed);
    }
    if (!marks.has(EVENTS_STEP)) ok = (await this.#events(record, marks, options)) && ok;
    if (ok) await wal.complete(record.model, record.seq, this.#deps.clock.now());
    return ok;
  }

  /** Lets the first requests on the new route have the CPU before the heavier effects run. */
  #quiet(resumed: boolean): Promise<void> {
    const ms = this.#deps.quietAfterSwitchMs ?? 0;
    if (resumed || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.#deps.timers.setTimeout(resolve, ms));
  }

  async #events(record: WalRecord, marks: Map<string, unknown>, options: { readonly resumed: boolean; readonly latest: boolean }): Promise<boolean> {
    try {
      const updated = await applyIncidentUpdates(this.#env(record, record.effects.length, marks, options));
      if (record.prev === null || record.prev.kind !== record.state.kind || record.effects.length > 0) {
        await this.#deps.audit?.record({
          actor: ROLLBACK_DEFAULTS.actor,
          action: 'breaker.decision',
          target: `model:${record.model}`,
          details: { seq: record.seq, command: record.command.type, from: record.prev?.kind ?? null, to: record.state.kind, events: record.events.map((e) => e.type) },
        });
      }
      await this.#deps.wal.mark(record.model, record.seq, EVENTS_STEP, { incidentsUpdated: updated });
      marks.set(EVENTS_STEP, { incidentsUpdated: updated });
      this.#deps.crashPoint?.(EVENTS_STEP);
      return true;
    } catch (err) {
      this.#deps.onError(effectError(record, record.effects.length, err));
      return false;
    }
  }

  #env(record: WalRecord, index: number, marks: Map<string, unknown>, options: { readonly resumed: boolean; readonly latest: boolean }): EffectEnv {
    const deps = this.#deps;
    return {
      deps,
      record,
      index,
      marks,
      resumed: options.resumed,
      latest: options.latest,
      frozen: this.#frozen,
      async subMark(step, result) {
        await deps.wal.mark(record.model, record.seq, `${index}:${step}`, result);
        marks.set(`${index}:${step}`, result);
        deps.crashPoint?.(`${index}:${step}`);
      },
    };
  }

  async #apply(env: EffectEnv, effect: BreakerEffect): Promise<unknown> {
    const { deps, record } = env;
    switch (effect.kind) {
      case 'freeze_forensics':
        return applyFreeze(env, effect.anomalyId);
      case 'switch_route':
        return applySwitch(env);
      case 'persist_forensics':
        return applyPersist(env, effect.anomalyId);
      case 'mark_untrusted':
        return applyMarkUntrusted(env, effect);
      case 'quarantine': {
        const reason = `breaker of ${record.model}: ${recordIncidentId(env) ?? 'rollback'}`;
        return { outcome: deps.registry === undefined ? 'no_registry' : await deps.registry.quarantine(record.model, effect.version, { actor: ROLLBACK_DEFAULTS.actor, reason }) };
      }
      case 'open_incident':
        return applyOpenIncident(env, effect.anomalyId);
      case 'contain': {
        const incidentId = recordIncidentId(env);
        deps.containment?.contain(record.model, effect.apiKeys, { reason: `breaker frozen (decision ${record.seq})`, ...(incidentId === undefined ? {} : { incidentId }) });
        return { apiKeys: effect.apiKeys, applied: deps.containment !== undefined };
      }
      case 'alert': {
        const incidentId = recordIncidentId(env);
        await deps.alerts.emit({ id: `${record.model}:${record.seq}:${env.index}`, model: record.model, severity: effect.severity, summary: effect.summary, ...(incidentId === undefined ? {} : { incidentId }), at: record.at });
        return { alerted: true };
      }
    }
  }
}

function effectError(record: WalRecord, index: number, err: unknown): Error {
  const kind = record.effects[index]?.kind ?? EVENTS_STEP;
  if (isBulwarkError(err)) return err;
  return rollbackErrors.error('RBK_ERR_EFFECT_FAILED', `${record.model} decision ${record.seq}, ${kind}: ${(err as Error).message}`, { model: record.model, seq: record.seq, effect: kind }, err);
}
