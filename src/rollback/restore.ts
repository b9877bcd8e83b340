/**
 * @module rollback/restore
 * Start-up of a model's breaker: its state from the last WAL record (validated), or a
 * fresh steady state written as the first record; and the "adopt" record when the config
 * now declares another active/LKG for a model that is steady (a deploy while it was down).
 */
import { initialState, restoreState } from '../breaker/index.js';
import type { BreakerState } from '../breaker/index.js';
import type { Clock } from '../shared/clock.js';
import { isBulwarkError } from '../shared/errors.js';
import { rollbackErrors } from './errors.js';
import type { BreakerWal } from './ports.js';
import type { ModelRollbackSettings } from './settings.js';
import type { WalRecord } from './types.js';

/** A model's restored breaker. */
export interface RestoredModel {
  readonly state: BreakerState;
  readonly seq: number;
}

/**
 * Restores `settings.model`'s breaker from the WAL, writing an `init` record for a new
 * model and an `adopt` record when a steady model's declared route changed.
 *
 * @example
 * const { state, seq } = await restoreModel(wal, settings, clock);
 */
export async function restoreModel(wal: BreakerWal, settings: ModelRollbackSettings, clock: Clock): Promise<RestoredModel> {
  const latest = await wal.latest(settings.model);
  if (latest === undefined) {
    const state = initialState(settings.model, settings.declared.active, settings.declared.lkg, clock.now());
    const record = plainRecord(settings.model, 1, clock.now(), { type: 'init', reason: 'first start with rollback rules' }, null, state);
    await wal.append(record);
    await wal.complete(settings.model, 1, clock.now());
    return { state, seq: 1 };
  }
  let state: BreakerState;
  try {
    state = restoreState(latest.state);
  } catch (err) {
    if (isBulwarkError(err)) throw rollbackErrors.error('RBK_ERR_CORRUPT_WAL', `breaker WAL of "${settings.model}", record ${latest.seq}: ${err.message}`, { model: settings.model, seq: latest.seq }, err);
    throw err;
  }
  return adoptIfChanged(wal, settings, { state, seq: latest.seq }, clock);
}

/**
 * A steady model whose config now declares another active or LKG version follows the
 * config (an `adopt` record keeps the loop-guard history). A model that is not steady keeps
 * its breaker's route: nothing rolls forward without an approval.
 *
 * @example
 * const next = await adoptIfChanged(wal, settings, current, clock);
 */
export async function adoptIfChanged(wal: BreakerWal, settings: ModelRollbackSettings, current: RestoredModel, clock: Clock): Promise<RestoredModel> {
  const { state } = current;
  const { active, lkg } = settings.declared;
  if (state.kind !== 'steady' || (state.active === active && state.lkg === lkg)) return current;
  const now = clock.now();
  const next: BreakerState = { ...initialState(settings.model, active, lkg, now), rollbacks: state.rollbacks };
  const seq = current.seq + 1;
  await wal.append(plainRecord(settings.model, seq, now, { type: 'adopt', reason: `config declares active ${active}, lkg ${lkg}` }, state, next));
  await wal.complete(settings.model, seq, now);
  return { state: next, seq };
}

function plainRecord(model: string, seq: number, at: number, command: WalRecord['command'], prev: BreakerState | null, state: BreakerState): Omit<WalRecord, 'completedAt'> {
  return { model, seq, at, command, prev, state, events: [], effects: [], context: {} };
}
