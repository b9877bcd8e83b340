/**
 * @module gateway/gateway-state
 * The immutable snapshot a request runs under: keys, anonymous access, limits, and per
 * model its protocol, upstream targets (with their pools), sticky setting and inspectors.
 * Built from the config at start and on every reload, then swapped in one assignment, so a
 * reload changes models, keys and routes atomically between two requests.
 */
import type { BulwarkConfig, ModelConfig } from '../config/index.js';
import { KeyIndex } from './auth/key-index.js';
import { GATEWAY_DEFAULTS } from './defaults.js';
import { gatewayErrors } from './errors.js';
import { isActive } from './hardening/settings.js';
import type { OutputHardening } from './hardening/settings.js';
import type { Protocol } from './events/request-event.js';
import type { InspectorDefinition, RequestInspector } from './inspection.js';
import type { ErrorHandler, UpstreamPool } from './ports.js';
import type { RouteModelDecl } from './routing/reconcile.js';
import { routeSpecFromConfig } from './routing/route-table.js';

/** The parts of bulwark.yaml the gateway reads. */
export type GatewayConfig = Pick<BulwarkConfig, 'server' | 'keys' | 'anonymous' | 'models' | 'ledger'>;

/** Where one version is served. */
export interface UpstreamTarget {
  readonly version: string;
  /** `http://host:port` */
  readonly origin: string;
  /** The upstream URL's path without a trailing slash ('' for none); prefixed to request paths. */
  readonly basePath: string;
  readonly timeoutMs: number;
  readonly pool: UpstreamPool;
}

/** How a model keeps a client on one version of a split. */
export type StickySetting = { readonly by: 'apiKey' } | { readonly by: 'header'; readonly header: string };

/** One declared model. */
export interface ModelEntry {
  readonly name: string;
  readonly protocol: Protocol;
  readonly targets: ReadonlyMap<string, UpstreamTarget>;
  readonly sticky: StickySetting | undefined;
  readonly inspectors: readonly RequestInspector[];
  /** `output` hardening when it changes anything, else undefined (the common, free case). */
  readonly output: OutputHardening | undefined;
  /** The model's whole config section, for extensions (e.g. `output` hardening). */
  readonly config: ModelConfig;
}

/** What one request runs under. */
export interface GatewayState {
  readonly config: GatewayConfig;
  readonly keys: KeyIndex;
  readonly anonymous: boolean;
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  readonly models: ReadonlyMap<string, ModelEntry>;
}

/** Pools by origin and connect timeout (see UpstreamPools). */
export interface PoolSource {
  acquire(origin: string, connectTimeoutMs: number): UpstreamPool;
}

/**
 * Builds the snapshot for `config`. Unknown inspector ids are reported to `onError`
 * (GW_ERR_UNKNOWN_INSPECTOR) and skipped.
 *
 * @example
 * const state = buildGatewayState(config, pools, inspectorDefinitions, onError);
 */
export function buildGatewayState(config: GatewayConfig, pools: PoolSource, inspectors: readonly InspectorDefinition[], onError: ErrorHandler): GatewayState {
  const byId = new Map(inspectors.map((d) => [d.id, d]));
  const models = new Map<string, ModelEntry>();
  for (const [name, model] of Object.entries(config.models)) {
    models.set(name, {
      name,
      protocol: model.protocol,
      targets: buildTargets(model, pools),
      sticky: model.route.sticky,
      inspectors: bindInspectors(name, model, byId, onError),
      output: isActive(model.output) ? model.output : undefined,
      config: model,
    });
  }
  return {
    config,
    keys: new KeyIndex(config.keys),
    anonymous: config.anonymous,
    maxBodyBytes: config.server.maxBodyBytes,
    bodyTimeoutMs: config.server.bodyTimeoutMs,
    models,
  };
}

/**
 * The route declarations of `config`, for RouteSwitch.reconcile.
 *
 * @example
 * routes.reconcile(routeDecls(config), { actor: 'config', reason: 'start' });
 */
export function routeDecls(config: GatewayConfig): Map<string, RouteModelDecl> {
  const decls = new Map<string, RouteModelDecl>();
  for (const [name, model] of Object.entries(config.models)) decls.set(name, { versions: Object.keys(model.versions), route: routeSpecFromConfig(model.route) });
  return decls;
}

function buildTargets(model: ModelConfig, pools: PoolSource): Map<string, UpstreamTarget> {
  const versions = Object.entries(model.versions);
  // One pool per origin: its connect timeout is the smallest timeoutMs of the versions sharing it.
  const connectTimeout = new Map<string, number>();
  const parsed = versions.map(([version, v]) => {
    const url = new URL(v.upstream);
    const previous = connectTimeout.get(url.origin) ?? GATEWAY_DEFAULTS.upstreamConnectTimeoutMs;
    connectTimeout.set(url.origin, Math.min(previous, v.timeoutMs));
    return { version, origin: url.origin, basePath: url.pathname.replace(/\/+$/, ''), timeoutMs: v.timeoutMs };
  });
  const targets = new Map<string, UpstreamTarget>();
  for (const p of parsed) targets.set(p.version, { ...p, pool: pools.acquire(p.origin, connectTimeout.get(p.origin) as number) });
  return targets;
}

function bindInspectors(name: string, model: ModelConfig, byId: ReadonlyMap<string, InspectorDefinition>, onError: ErrorHandler): RequestInspector[] {
  const bound: RequestInspector[] = [];
  for (const settings of model.inspectors) {
    const definition = byId.get(settings.id);
    if (definition === undefined) {
      onError(gatewayErrors.error('GW_ERR_UNKNOWN_INSPECTOR', `models.${name}.inspectors: no inspector "${settings.id}" is registered; running without it`, { model: name, inspector: settings.id }));
      continue;
    }
    bound.push(definition.create(settings, { name, protocol: model.protocol }));
  }
  return bound;
}
