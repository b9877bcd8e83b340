/**
 * @module rollback/effects/env
 * What effect handlers share: the ports (EffectDeps) and the per-effect environment
 * (EffectEnv): the WAL record, the effect's index, the completion marks already persisted
 * (sub-steps included) and whether the record is being resumed after a restart.
 */
import type { RouteSpec } from '../../gateway/index.js';
import type { Clock } from '../../shared/clock.js';
import type { ForensicArchive } from '../forensics/archive.js';
import type { ForensicRings, RingSnapshot } from '../forensics/ring.js';
import type { AlertSink, AuditPort, BreakerWal, ContainmentPort, ErrorHandler, HttpPoster, IncidentStore, LedgerPort, RegistryPort, RouteSwitchPort, SqlRunner, Timers } from '../ports.js';
import type { ModelRollbackSettings } from '../settings.js';
import type { WalRecord } from '../types.js';

/** The ports the effects are applied through. Optional ones are skipped when absent. */
export interface EffectDeps {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly random: () => number;
  readonly onError: ErrorHandler;
  readonly wal: BreakerWal;
  readonly routes: RouteSwitchPort;
  readonly rings: ForensicRings;
  readonly archive: ForensicArchive;
  readonly ledger: LedgerPort;
  /** Writes the gateway's queued ledger rows (so the untrusted window sees them). */
  readonly flushLedger?: () => Promise<unknown>;
  readonly http?: HttpPoster;
  readonly sql?: SqlRunner;
  readonly incidents: IncidentStore;
  readonly registry?: RegistryPort;
  readonly containment?: ContainmentPort;
  readonly alerts: AlertSink;
  readonly audit?: AuditPort;
  readonly settings: (model: string) => ModelRollbackSettings | undefined;
  /**
   * Wait after any `switch_route` effect before the effects that follow it, ms (the app
   * passes ROLLBACK_DEFAULTS.quietAfterSwitchMs); absent or 0: none. Not on a resume.
   */
  readonly quietAfterSwitchMs?: number;
  /** Tests only: called at every crash point (`wal`, `effect:<i>`, `marked:<i>`, `<i>:<sub-step>`). */
  readonly crashPoint?: (point: string) => void;
}

/** A frozen ring and the live route at freeze time, until the bundle is persisted. */
export interface FrozenForensics {
  readonly snapshot: RingSnapshot;
  readonly liveBefore: (RouteSpec & { readonly epoch: number }) | null;
}

/** One effect being applied. */
export interface EffectEnv {
  readonly deps: EffectDeps;
  readonly record: WalRecord;
  readonly index: number;
  /** Marks of the record so far (`"<i>"` and `"<i>:<sub-step>"`). */
  readonly marks: Map<string, unknown>;
  /** True when this record is resumed after a restart (in-memory forensics are gone). */
  readonly resumed: boolean;
  /** True when no newer decision of the model exists (its route is the one to be in force). */
  readonly latest: boolean;
  /** Frozen rings by `<model>:<anomalyId>`. */
  readonly frozen: Map<string, FrozenForensics>;
  /** Persists a sub-step mark, then passes the crash point `<i>:<step>`. */
  subMark(step: string, result: unknown): Promise<void>;
}

/** Result of an earlier effect of the same record, by kind (the first one). */
export function markOf<T>(env: EffectEnv, kind: WalRecord['effects'][number]['kind']): T | undefined {
  const i = env.record.effects.findIndex((e) => e.kind === kind);
  return i === -1 ? undefined : (env.marks.get(String(i)) as T | undefined);
}

/** When the record's route switch happened (its mark), else the decision time. */
export function switchedAt(env: EffectEnv): number {
  return markOf<{ at?: number }>(env, 'switch_route')?.at ?? env.record.at;
}
