/**
 * @module inspect/squeeze/definition
 * Feature squeezing in the gateway (id `squeeze`, OIP v2 models whose version has a loaded
 * artifact). The model call is asynchronous, so it is split in two:
 *
 * 1. the `InspectorDefinition`'s `inspectRequest` (synchronous, before the upstream call)
 *    only reads the input rows and queues a job for the exchange;
 * 2. the `squeeze` **interceptor** (after `inspect`, wrapping the upstream call) awaits the
 *    upstream response — which is then already sent to the client — and only then runs the
 *    model on the original and squeezed rows, writing `squeeze_l1` and, when a threshold is
 *    known, `adversarial_suspected` before the RequestEvent is published. The client's
 *    latency is unchanged; the event is published after the model call (bounded by
 *    `timeoutMs`). At most `maxConcurrent` model calls run at once; beyond that, or after
 *    the timeout, the request gets `squeeze_skipped: true` instead.
 *
 * Threshold: the model's `threshold` setting, else the version baseline's (1 − fpr) quantile
 * of `squeeze_l1` (recorded by `bulwark baseline build --artifact`), else none (only
 * `squeeze_l1` is written). Without a loaded artifact: `squeeze_unavailable: true`.
 */
import type { BaselineProfile } from '../../detect/baseline.js';
import type { Exchange, InspectorDefinition, Interceptor, Signals, Timers } from '../../gateway/index.js';
import { QuantileSketch } from '../../shared/math/index.js';
import { decodedInputs } from '../oip/decoded.js';
import { firstNumericTensor, tensorRows } from '../oip/tensors.js';
import type { InspectorResources, SqueezeModel } from '../resources.js';
import { SQUEEZE_DEFAULTS, SQUEEZE_ID } from './defaults.js';
import { createSqueezer } from './squeezer.js';
import type { Squeezer, SqueezerOptions } from './squeezer.js';

/** Options of {@link createSqueezeHook}. */
export interface SqueezeHookOptions extends SqueezerOptions {
  readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  /** Receives model failures (the request gets `squeeze_error: true`). */
  readonly onError?: (error: Error) => void;
  readonly falsePositiveRate?: number;
  readonly maxConcurrent?: number;
  readonly timeoutMs?: number;
}

interface Job {
  readonly squeezer: Squeezer;
  readonly rows: Float32Array;
  readonly n: number;
  readonly threshold: number | undefined;
}

/** The two halves of feature squeezing for the gateway. */
export interface SqueezeHook {
  readonly definition: InspectorDefinition;
  readonly interceptor: Interceptor;
}

function baselineThreshold(profile: BaselineProfile | undefined, fpr: number): number | undefined {
  const recorded = profile?.signals['squeeze_l1'];
  if (recorded === undefined || recorded.count === 0) return undefined;
  return QuantileSketch.restore(recorded.sketch).quantile(1 - fpr);
}

function readRows(json: unknown, squeezer: Squeezer): { rows: Float32Array; n: number } | undefined {
  const decoded = decodedInputs(json);
  const tensor = decoded.ok ? firstNumericTensor(decoded.tensors) : undefined;
  if (tensor === undefined) return undefined;
  const rows = tensorRows(tensor, SQUEEZE_DEFAULTS.maxRows);
  const width = squeezer.layout.rowWidth;
  if (rows.length === 0 || (rows[0] as Float64Array).length !== width) return undefined;
  const flat = new Float32Array(rows.length * width);
  rows.forEach((row, i) => flat.set(row, i * width));
  return { rows: flat, n: rows.length };
}

/**
 * Creates the squeeze inspector definition and its interceptor; register both.
 *
 * @example
 * const squeeze = createSqueezeHook(resources, { timers });
 * new Gateway({ ...options, inspectors: [...others, squeeze.definition], interceptors: [squeeze.interceptor] });
 */
export function createSqueezeHook(resources: InspectorResources, options: SqueezeHookOptions): SqueezeHook {
  const pending = new WeakMap<Exchange, Job>();
  const squeezers = new WeakMap<SqueezeModel, Squeezer | null>();
  const squeezerOf = (model: SqueezeModel): Squeezer | null => {
    let s = squeezers.get(model);
    if (s === undefined) {
      try {
        s = createSqueezer(model, options);
      } catch (err) {
        options.onError?.(err instanceof Error ? err : new Error(String(err)));
        s = null;
      }
      squeezers.set(model, s);
    }
    return s;
  };
  const fpr = options.falsePositiveRate ?? SQUEEZE_DEFAULTS.falsePositiveRate;
  const definition: InspectorDefinition = {
    id: SQUEEZE_ID,
    create: (settings, model) => ({
      id: SQUEEZE_ID,
      inspectRequest(ex, signals) {
        if (ex.protocol !== 'oip-v2' || ex.json === undefined || ex.version === undefined) return;
        const version = resources.forVersion(model.name, ex.version);
        const squeezer = version?.model === undefined ? null : squeezerOf(version.model);
        const input = squeezer === null ? undefined : readRows(ex.json, squeezer);
        if (squeezer === null || input === undefined) {
          signals['squeeze_unavailable'] = true;
          return;
        }
        pending.set(ex, { squeezer, ...input, threshold: settings.threshold ?? baselineThreshold(version?.baseline, fpr) });
      },
    }),
  };
  return { definition, interceptor: squeezeInterceptor(pending, options) };
}

function squeezeInterceptor(pending: WeakMap<Exchange, Job>, options: SqueezeHookOptions): Interceptor {
  const maxConcurrent = options.maxConcurrent ?? SQUEEZE_DEFAULTS.maxConcurrent;
  const timeoutMs = options.timeoutMs ?? SQUEEZE_DEFAULTS.timeoutMs;
  let inFlight = 0;
  const run = async (job: Job, signals: Signals): Promise<void> => {
    if (inFlight >= maxConcurrent) {
      signals['squeeze_skipped'] = true;
      return;
    }
    inFlight++;
    const call = job.squeezer.score(job.rows, job.n).finally(() => inFlight--);
    let timer: unknown;
    const timeout = new Promise<undefined>((resolve) => (timer = options.timers.setTimeout(() => resolve(undefined), timeoutMs)));
    try {
      const scores = await Promise.race([call, timeout]);
      if (scores === undefined) {
        signals['squeeze_skipped'] = true;
        call.catch(() => undefined);
        return;
      }
      const score = Math.max(...scores);
      signals['squeeze_l1'] = score;
      if (job.threshold !== undefined) signals['adversarial_suspected'] = score > job.threshold;
    } catch (err) {
      signals['squeeze_error'] = true;
      options.onError?.(err instanceof Error ? err : new Error(String(err)));
    } finally {
      options.timers.clearTimeout(timer);
    }
  };
  return {
    id: SQUEEZE_ID,
    after: ['inspect'],
    wrap: (next) => (ex) => {
      // The job (if any) was queued by `inspectRequest`, which ran before this interceptor
      // (`after: ['inspect']`): requests without one pass through with no extra promise.
      const job = pending.get(ex);
      if (job === undefined) return next(ex);
      pending.delete(ex);
      return next(ex).then(() => run(job, ex.signals));
    },
  };
}
