/**
 * @module gateway/routing/route-table
 * Route tables as values: building a RouteSpec from a model's config, validating a spec
 * against the declared versions, comparing specs, and freezing a table with its epoch.
 * All pure; the RouteSwitch applies them.
 */
import type { RouteSpec, RouteTable } from '../ports.js';

/** The route part of a model's config (structurally `ModelConfig['route']`). */
export interface RouteConfigLike {
  readonly active: string;
  readonly lkg?: string | undefined;
  readonly weights?: Readonly<Record<string, number>> | undefined;
  readonly shadow?: { readonly version: string; readonly percent: number } | undefined;
}

/**
 * The RouteSpec a model's config declares (undefined members dropped).
 *
 * @example
 * routeSpecFromConfig({ active: 'v2', lkg: 'v1' }); // { active: 'v2', lkg: 'v1' }
 */
export function routeSpecFromConfig(route: RouteConfigLike): RouteSpec {
  return {
    active: route.active,
    ...(route.lkg === undefined ? {} : { lkg: route.lkg }),
    ...(route.weights === undefined ? {} : { weights: { ...route.weights } }),
    ...(route.shadow === undefined ? {} : { shadow: { version: route.shadow.version, percent: route.shadow.percent } }),
  };
}

/**
 * Every problem of `spec` for a model whose declared versions are `versions`; empty when valid.
 *
 * @example
 * validateRouteSpec({ active: 'v3' }, new Set(['v1', 'v2'])); // ['active: version "v3" is not declared (declared: v1, v2)']
 */
export function validateRouteSpec(spec: RouteSpec, versions: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const declared = [...versions].join(', ') || 'none';
  const check = (path: string, version: unknown): void => {
    if (typeof version !== 'string' || !versions.has(version)) problems.push(`${path}: version "${String(version)}" is not declared (declared: ${declared})`);
  };
  check('active', spec.active);
  if (spec.lkg !== undefined) check('lkg', spec.lkg);
  if (spec.shadow !== undefined) {
    check('shadow.version', spec.shadow.version);
    const percent = spec.shadow.percent;
    if (!(Number.isFinite(percent) && percent >= 0 && percent <= 100)) problems.push(`shadow.percent: expected 0..100, got ${String(percent)}`);
  }
  if (spec.weights !== undefined) problems.push(...weightProblems(spec.weights, check));
  return problems;
}

function weightProblems(weights: Readonly<Record<string, number>>, check: (path: string, version: unknown) => void): string[] {
  const problems: string[] = [];
  let sum = 0;
  for (const [version, weight] of Object.entries(weights)) {
    check(`weights.${version}`, version);
    if (!(Number.isFinite(weight) && weight >= 0 && weight <= 100)) problems.push(`weights.${version}: expected 0..100, got ${String(weight)}`);
    else sum += weight;
  }
  if (Math.abs(sum - 100) > 1e-6) problems.push(`weights: must sum to 100, got ${sum}`);
  return problems;
}

/**
 * True when two specs route identically (same active, lkg, weights and shadow).
 *
 * @example
 * sameRouteSpec({ active: 'v1' }, { active: 'v1' }); // true
 */
export function sameRouteSpec(a: RouteSpec, b: RouteSpec): boolean {
  return (
    a.active === b.active &&
    a.lkg === b.lkg &&
    a.shadow?.version === b.shadow?.version &&
    a.shadow?.percent === b.shadow?.percent &&
    sameWeights(a.weights, b.weights)
  );
}

function sameWeights(a: Readonly<Record<string, number>> | undefined, b: Readonly<Record<string, number>> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/**
 * A frozen RouteTable of `model` at `epoch`, copying `spec` so the caller keeps no handle on it.
 *
 * @example
 * freezeTable('fraud', { active: 'v2' }, 1); // { model: 'fraud', active: 'v2', epoch: 1 }
 */
export function freezeTable(model: string, spec: RouteSpec, epoch: number): RouteTable {
  const copy = routeSpecFromConfig(spec);
  return Object.freeze({
    model,
    ...copy,
    ...(copy.weights === undefined ? {} : { weights: Object.freeze(copy.weights) }),
    ...(copy.shadow === undefined ? {} : { shadow: Object.freeze(copy.shadow) }),
    epoch,
  });
}
