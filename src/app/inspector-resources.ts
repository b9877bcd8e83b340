/**
 * @module app/inspector-resources
 * Wires the inspectors into `bulwark gateway`: builds the inspector table
 * (`inspect/registry.ts`) and keeps its per-version resources loaded — for every model that
 * lists `schema`, `ood` or `squeeze`, each declared version's signature (registry record),
 * its latest attached `baseline` document, and, for `squeeze`, the model at
 * `versions.<v>.artifact`. Loaded at start and again after each accepted config reload (the
 * new table is swapped in whole; models of the old one are disposed). A version whose
 * resources fail to load is reported and runs without them (its inspectors write
 * `<id>_unavailable`).
 */
import { isAbsolute, resolve } from 'node:path';
import type { BulwarkConfig, ConfigWatcher, ModelConfig } from '../config/index.js';
import type { InspectorDefinition, Interceptor, Timers } from '../gateway/index.js';
import { parseBaselineProfile } from '../inspect/baseline/index.js';
import { createGatewayInspectors } from '../inspect/registry.js';
import { SwappableResources } from '../inspect/resources.js';
import type { VersionResources } from '../inspect/resources.js';
import { loadModel } from '../models/index.js';
import type { Model } from '../models/index.js';
import type { DocumentStore, RegistryStore } from '../registry/index.js';

/** What the gateway app passes in. */
export interface InspectionDeps {
  readonly registry: RegistryStore;
  readonly documents: DocumentStore;
  readonly cwd: string;
  readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  readonly onError: (error: Error) => void;
}

/** The inspectors of a running gateway. */
export interface Inspection {
  readonly definitions: readonly InspectorDefinition[];
  readonly interceptors: readonly Interceptor[];
  /** Reloads every version's resources for `config`. */
  refresh(config: BulwarkConfig): Promise<void>;
  /** Disposes the loaded models; idempotent. */
  shutdown(): void;
}

const VERSION_AWARE = new Set(['schema', 'ood', 'squeeze']);
/** How long replaced models stay loaded after a reload (longer than any squeeze timeout). */
const DISPOSE_DELAY_MS = 30_000;

export async function latestBaseline(deps: InspectionDeps, model: string, version: string): Promise<VersionResources['baseline']> {
  const docs = (await deps.registry.listDocuments(model, version)).filter((d) => d.kind === 'baseline');
  const last = docs.at(-1);
  if (last === undefined) return undefined;
  const doc = await deps.documents.get(last.digest);
  if (doc === undefined) return undefined;
  return parseBaselineProfile(JSON.parse(Buffer.from(doc.content).toString('utf8')), `baseline sha256:${last.digest} of ${model} ${version}`);
}

async function loadVersion(deps: InspectionDeps, name: string, model: ModelConfig, version: string): Promise<{ resources: VersionResources; loaded?: Model }> {
  const record = await deps.registry.getVersion(name, version);
  const baseline = record === undefined ? undefined : await latestBaseline(deps, name, version);
  const artifact = model.versions[version]?.artifact;
  const wantsModel = artifact !== undefined && model.inspectors.some((i) => i.id === 'squeeze');
  const loaded = wantsModel ? await loadModel(isAbsolute(artifact) ? artifact : resolve(deps.cwd, artifact)) : undefined;
  const resources: VersionResources = {
    ...(baseline === undefined ? {} : { baseline }),
    ...(record?.signature === undefined ? {} : { signature: record.signature }),
    ...(loaded === undefined ? {} : { model: { predictor: loaded, signature: loaded.signature } }),
  };
  return loaded === undefined ? { resources } : { resources, loaded };
}

/**
 * Creates the inspector table and loads its resources for `config`; later reloads of
 * `watcher` refresh them.
 *
 * @example
 * const inspection = await startInspection(config, watcher, { registry: store.registry, documents: store.documents, cwd, timers, onError });
 * new Gateway({ ...options, inspectors: inspection.definitions, interceptors: inspection.interceptors });
 */
export async function startInspection(config: BulwarkConfig, watcher: Pick<ConfigWatcher, 'on'> | undefined, deps: InspectionDeps): Promise<Inspection> {
  const resources = new SwappableResources();
  const { definitions, interceptors } = createGatewayInspectors({ resources, timers: deps.timers, onError: deps.onError });
  let models: Model[] = [];
  let stopped = false;
  const refresh = async (next: BulwarkConfig): Promise<void> => {
    const table = new Map<string, VersionResources>();
    const loaded: Model[] = [];
    for (const [name, model] of Object.entries(next.models)) {
      if (!model.inspectors.some((i) => VERSION_AWARE.has(i.id))) continue;
      for (const version of Object.keys(model.versions)) {
        try {
          const v = await loadVersion(deps, name, model, version);
          table.set(`${name}/${version}`, v.resources);
          if (v.loaded !== undefined) loaded.push(v.loaded);
        } catch (err) {
          deps.onError(new Error(`inspectors of ${name} ${version} run without their resources: ${(err as Error).message}`, { cause: err }));
        }
      }
    }
    if (stopped) return loaded.forEach((m) => m.dispose());
    const previous = models;
    resources.replace(table);
    models = loaded;
    // Squeeze jobs that started under the previous table may still be using its models.
    if (previous.length > 0) deps.timers.setTimeout(() => previous.forEach((m) => m.dispose()), DISPOSE_DELAY_MS);
  };
  await refresh(config);
  watcher?.on('reload', (next: BulwarkConfig) => void refresh(next).catch((err: unknown) => deps.onError(err instanceof Error ? err : new Error(String(err)))));
  return {
    definitions,
    interceptors,
    refresh,
    shutdown() {
      stopped = true;
      models.forEach((m) => m.dispose());
      models = [];
    },
  };
}
