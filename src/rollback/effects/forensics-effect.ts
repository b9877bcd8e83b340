/**
 * @module rollback/effects/forensics-effect
 * `freeze_forensics` (O(1): the ring's current segment is handed to a snapshot, before
 * the switch) and `persist_forensics` (after the switch: build, redact, hash, write, index).
 * Persisting is made exactly-once across a crash by a sub-step: the bundle's digest is
 * marked before its file is written, so a resume finds the file it wrote; a bundle whose
 * ring was lost in the crash (frozen in a process that died) says `ringLost: true`.
 */
import { buildBundle, encodeBundleSliced } from '../forensics/bundle.js';
import { incidentIdFor, recordAnomaly } from '../incidents.js';
import { routeForState } from '../route-plan.js';
import type { VersionFacts } from '../types.js';
import type { EffectEnv } from './env.js';

const key = (model: string, anomalyId: string): string => `${model}:${anomalyId}`;

/**
 * Freezes the model's ring (a no-op marked `lost` when resuming: that ring died with the process).
 *
 * @example
 * await applyFreeze(env, 'a-17');
 */
export function applyFreeze(env: EffectEnv, anomalyId: string): { readonly frozenAt: number | null; readonly lost?: boolean } {
  const { record, deps } = env;
  if (env.resumed) return { frozenAt: null, lost: true };
  const at = deps.clock.now();
  const snapshot = deps.rings.freeze(record.model, at);
  const live = deps.routes.current(record.model) as (ReturnType<typeof deps.routes.current> & { epoch?: number }) | undefined;
  const liveBefore = live === undefined ? null : { ...live, epoch: live.epoch ?? 0 };
  env.frozen.set(key(record.model, anomalyId), { snapshot, liveBefore });
  return { frozenAt: at };
}

/** The persisted bundle's digest. */
export interface PersistMark {
  readonly digest: string;
}

/**
 * Persists the bundle of `anomalyId` (or finishes a persist a crash interrupted).
 *
 * @example
 * const { digest } = await applyPersist(env, 'a-17');
 */
export async function applyPersist(env: EffectEnv, anomalyId: string): Promise<PersistMark> {
  const { record, deps } = env;
  const incidentId = record.context.incidentId ?? incidentIdFor(record.model, anomalyId);
  const meta = { model: record.model, anomalyId, incidentId, createdAt: record.at };
  const planned = env.marks.get(`${env.index}:digest`) as PersistMark | undefined;
  // Resuming: the digest was marked before the file was written; if the file made it, index it.
  if (planned !== undefined && (await deps.archive.adopt(meta, planned.digest))) return planned;
  const pause = (): Promise<void> => new Promise((resolve) => deps.timers.setImmediate(resolve));
  // Requests queued behind the route switch (the first ones on the LKG) go before any bundle work.
  await pause();
  const bundle = await buildBundle(await bundleInput(env, anomalyId, incidentId), pause);
  const { digest, bytes } = await encodeBundleSliced(bundle, pause);
  await env.subMark('digest', { digest });
  await deps.archive.store(meta, digest, bytes);
  env.frozen.delete(key(record.model, anomalyId));
  return { digest };
}

async function bundleInput(env: EffectEnv, anomalyId: string, incidentId: string): Promise<Parameters<typeof buildBundle>[0]> {
  const { record, deps } = env;
  const settings = deps.settings(record.model);
  const anomaly = recordAnomaly(record);
  if (anomaly === undefined || anomaly.id !== anomalyId) throw new Error(`decision ${record.seq} of ${record.model} carries no anomaly ${anomalyId}`);
  const frozen = env.frozen.get(key(record.model, anomalyId));
  const shadow = settings?.declared.shadow;
  const versions = [...new Set([anomaly.version, record.state.lkg])];
  return {
    model: record.model,
    incidentId,
    anomaly,
    context: record.context.anomaly ?? null,
    decidedAt: record.at,
    snapshot: frozen?.snapshot,
    redactPii: settings?.forensics.redactPii ?? true,
    route: { before: record.prev === null ? null : routeForState(record.prev, shadow), after: routeForState(record.state, shadow), liveBefore: frozen?.liveBefore ?? null },
    versions: await Promise.all(versions.map((v) => versionFacts(env, v))),
    config: settings?.configSnapshot ?? null,
  };
}

async function versionFacts(env: EffectEnv, version: string): Promise<VersionFacts> {
  const registry = env.deps.registry;
  if (registry === undefined) return { version, artifactDigest: null, status: null, baselines: [] };
  try {
    return { version, ...(await registry.describe(env.record.model, version)) };
  } catch (err) {
    env.deps.onError(err as Error);
    return { version, artifactDigest: null, status: null, baselines: [] };
  }
}
