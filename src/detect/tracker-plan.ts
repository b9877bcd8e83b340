/**
 * @module detect/tracker-plan
 * Which window tracker a rule's statistic needs: kind (scalar, quantile, distinct, binned),
 * source (signal, feature, fingerprint) and window. Features named `feature:amount` are
 * resolved through the baseline's feature names (or the engine's `featureNames`); PSI and
 * KS bins come from the baseline histogram. Undefined when the statistic cannot be tracked
 * yet (no baseline, unknown feature): it then evaluates as inconclusive.
 */
import type { BaselineProfile } from './baseline.js';
import type { SignalRef, StatNode, Subject } from './rules/ast.js';
import { baselineHistogram, subjectOfCall } from './rules/statistics.js';
import type { LogScale } from './windows/log-scale.js';
import { DistinctTracker, HistogramTracker, ScalarTracker, sourceKey } from './windows/trackers.js';
import type { SourceSpec, Tracker } from './windows/trackers.js';

/** What the plan reads besides the statistic. */
export interface PlanContext {
  readonly baseline: BaselineProfile | undefined;
  readonly featureNames: readonly string[] | undefined;
  readonly logScale: LogScale;
  readonly entropyMaxEvents: number;
  readonly fingerprintBucketsPerDecade: number;
  readonly samples: number;
}

/** A tracker to find (by `id`) or create. */
export interface TrackerPlan {
  readonly id: string;
  /** The same tracker over another window (kind + source), to resize from on a knob change. */
  readonly family: string;
  create(): Tracker;
}

function sourceOf(ref: SignalRef, ctx: PlanContext): SourceSpec | undefined {
  switch (ref.kind) {
    case 'signal':
      return { kind: 'signal', name: ref.name };
    case 'fingerprint':
      return { kind: 'fingerprint', bucketsPerDecade: ctx.fingerprintBucketsPerDecade };
    case 'feature': {
      const names = ctx.baseline?.features?.names ?? ctx.featureNames;
      const index = ref.index ?? (names === undefined ? -1 : names.indexOf(ref.name ?? ''));
      return index >= 0 ? { kind: 'feature', index } : undefined;
    }
    case 'api_key':
      return undefined;
  }
}

function kindOf(node: StatNode, subject: Subject | undefined): 'scalar' | 'quantile' | 'distinct' | 'binned' | undefined {
  if (node.fn === 'psi' || node.fn === 'ks') return 'binned';
  switch (subject?.stat) {
    case 'rate':
    case 'mean':
    case 'count':
      return 'scalar';
    case 'quantile':
      return 'quantile';
    case 'entropy':
    case 'entropy_normalized':
      return 'distinct';
    default:
      return undefined;
  }
}

/**
 * The tracker plan of a per-version statistic over `buckets` buckets.
 *
 * @example
 * planTracker(rateNode, 61, ctx)?.id; // 'scalar|signal:prompt_injection@61'
 */
export function planTracker(node: StatNode, buckets: number, ctx: PlanContext): TrackerPlan | undefined {
  const kind = kindOf(node, subjectOfCall(node));
  const source = sourceOf(node.argument, ctx);
  if (kind === undefined || source === undefined) return undefined;
  const base = `${kind}|${sourceKey(source)}`;
  const plan = (family: string, create: () => Tracker): TrackerPlan => ({ id: `${family}@${buckets}`, family, create });
  switch (kind) {
    case 'scalar':
      return plan(base, () => new ScalarTracker(source, buckets, ctx.samples));
    case 'quantile':
      return plan(`${base}|${ctx.logScale.bins}`, () => new HistogramTracker({ kind, scale: ctx.logScale }, source, buckets));
    case 'distinct':
      return plan(base, () => new DistinctTracker(source, buckets, ctx.entropyMaxEvents));
    case 'binned': {
      const edges = baselineHistogram(ctx.baseline, node)?.edges;
      if (edges === undefined) return undefined;
      return plan(`${base}|${edges.join(',')}`, () => new HistogramTracker({ kind, edges }, source, buckets));
    }
  }
}
