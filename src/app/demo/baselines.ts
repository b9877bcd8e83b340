/**
 * @module app/demo/baselines
 * The security baselines of the demo's two fraud versions: ordinary checkouts (a seed of
 * their own, never replayed by the demo) played through both models at the demo's rate, as
 * the events a gateway would have recorded while v2 ran next to v1 before its release —
 * input features, the predicted class and confidence of the version, and whether the other
 * version disagreed (`shadow_disagree`). Every number comes from running the real models.
 */
import type { BaselineProfile, DetectEvent } from '../../detect/index.js';
import { BaselineRecorder } from '../../detect/index.js';
import { CHECKOUT_FEATURES, encodeCheckouts, generateCheckouts } from '../../models/demo/index.js';
import type { Model } from '../../models/index.js';
import { sha256Hex } from '../../shared/digest.js';

/** Options of {@link recordDemoBaselines}. */
export interface DemoBaselineOptions {
  readonly seed: number;
  readonly rows: number;
  /** Events per second of the recorded traffic (the demo's ordinary rate). */
  readonly perSecond: number;
  /** Window of the windowed statistics, ms (the rules' window). */
  readonly windowMs: number;
  /** `builtAt` of the profiles (ISO). */
  readonly builtAt: string;
}

const WIDTH = CHECKOUT_FEATURES.length;
const BATCH = 1024;

async function classProbabilities(model: Model, x: Float32Array, n: number): Promise<Float32Array> {
  const out = new Float32Array(n * 2);
  for (let start = 0; start < n; start += BATCH) {
    const rows = Math.min(BATCH, n - start);
    const result = await model.predict(x.subarray(start * WIDTH, (start + rows) * WIDTH), [rows, WIDTH]);
    out.set(result.data as Float32Array, start * 2);
  }
  return out;
}

const argmax2 = (p: Float32Array, i: number): number => ((p[2 * i + 1] as number) > (p[2 * i] as number) ? 1 : 0);

/**
 * Baseline profiles of fraud v1 and v2 from `rows` ordinary checkouts run through both.
 *
 * @example
 * const { v1, v2 } = await recordDemoBaselines({ v1: m1, v2: m2 }, { seed: 17, rows: 30_000, perSecond: 100, windowMs: 5000, builtAt: new Date().toISOString() });
 */
export async function recordDemoBaselines(models: { readonly v1: Model; readonly v2: Model }, options: DemoBaselineOptions): Promise<{ v1: BaselineProfile; v2: BaselineProfile }> {
  const rows = generateCheckouts({ seed: options.seed, n: options.rows }).rows;
  const x = encodeCheckouts(rows);
  const n = rows.length;
  const [p1, p2] = await Promise.all([classProbabilities(models.v1, x, n), classProbabilities(models.v2, x, n)]);
  const windowed = [{ statistic: 'entropy_normalized(input_fingerprint)', windowMs: options.windowMs }];
  const recorders = { v1: new BaselineRecorder({ model: 'fraud', version: 'v1', windowed, featureNames: CHECKOUT_FEATURES }), v2: new BaselineRecorder({ model: 'fraud', version: 'v2', windowed, featureNames: CHECKOUT_FEATURES }) };
  const step = 1000 / options.perSecond;
  for (let i = 0; i < n; i++) {
    const features = Array.from(x.subarray(i * WIDTH, (i + 1) * WIDTH));
    const disagree = argmax2(p1, i) !== argmax2(p2, i);
    const receivedAt = Math.floor(i * step);
    for (const [version, p] of [['v1', p1], ['v2', p2]] as const) {
      const event: DetectEvent = {
        requestId: `baseline-${i}`,
        model: 'fraud',
        version,
        timings: { receivedAt },
        features,
        signals: { predicted_class: argmax2(p, i), confidence: Math.max(p[2 * i] as number, p[2 * i + 1] as number), shadow_disagree: disagree, error: false },
      };
      recorders[version].add(event);
    }
  }
  const source = { kind: 'traffic' as const, path: `demo:ordinary-checkouts?seed=${options.seed}&rows=${n}&perSecond=${options.perSecond}`, sha256: sha256Hex(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)), events: n };
  return { v1: recorders.v1.build({ builtAt: options.builtAt, source }), v2: recorders.v2.build({ builtAt: options.builtAt, source }) };
}
