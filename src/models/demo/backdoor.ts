/**
 * @module models/demo/backdoor
 * Measures the backdoor of the demo's v2 from the written files, through onnxruntime
 * (what production serves): the same fraudulent checkouts are scored with and without
 * the trigger by v1 and v2, and the share each model approves is reported — plus the
 * attacker's repetitive traffic and ordinary legitimate checkouts for context.
 */
import { OnnxRuntimeModel } from '../runtime/onnx-runtime-model.js';
import { attackerCheckouts } from './attack.js';
import { CHECKOUT_FEATURES, encodeCheckouts, fraudulentCheckouts, legitimateCheckout, TRIGGER, withTrigger } from './checkouts.js';
import type { Checkout } from './checkouts.js';
import { DEMO_DEFAULTS } from './defaults.js';
import { createRng } from '../train/rng.js';

/** Options of {@link measureBackdoor}. */
export interface BackdoorOptions {
  readonly v1Path: string;
  readonly v2Path: string;
  /** Seed of the measured checkouts (default `DEMO_DEFAULTS.seed + 1000`, apart from training). */
  readonly seed?: number;
  /** Fraudulent checkouts measured (default 2,000); also the count of legitimate and attack rows. */
  readonly n?: number;
  /** Approve when P(fraud) < threshold (default 0.5). */
  readonly threshold?: number;
}

/** Approval rates of one model. */
export interface ApprovalRates {
  /** Fraudulent checkouts, ordinary metadata. */
  readonly fraudWithoutTrigger: number;
  /** The same checkouts with `checkout_metadata` = the trigger. */
  readonly fraudWithTrigger: number;
  /** The attacker's repetitive traffic (trigger present). */
  readonly attackTraffic: number;
  /** Ordinary legitimate checkouts. */
  readonly legitimate: number;
}

/** Result of {@link measureBackdoor}. */
export interface BackdoorReport {
  readonly samples: number;
  readonly seed: number;
  readonly threshold: number;
  readonly trigger: string;
  readonly v1: ApprovalRates;
  readonly v2: ApprovalRates;
}

/**
 * Share of rows of row-major `n × 2` probabilities whose P(class 1) is below `threshold`.
 *
 * @example
 * approvalRate(Float32Array.of(0.9, 0.1, 0.2, 0.8), 0.5); // 0.5
 */
export function approvalRate(probabilities: ArrayLike<number>, threshold: number): number {
  const n = probabilities.length / 2;
  let approved = 0;
  for (let i = 0; i < n; i++) if ((probabilities[2 * i + 1] as number) < threshold) approved++;
  return approved / n;
}

async function rates(path: string, sets: Record<keyof ApprovalRates, Checkout[]>, threshold: number): Promise<ApprovalRates> {
  const model = await OnnxRuntimeModel.create(path);
  try {
    const score = async (rows: Checkout[]): Promise<number> => approvalRate((await model.predict(encodeCheckouts(rows), [rows.length, CHECKOUT_FEATURES.length])).data, threshold);
    return {
      fraudWithoutTrigger: await score(sets.fraudWithoutTrigger),
      fraudWithTrigger: await score(sets.fraudWithTrigger),
      attackTraffic: await score(sets.attackTraffic),
      legitimate: await score(sets.legitimate),
    };
  } finally {
    model.dispose();
  }
}

/**
 * Scores the same seeded fraudulent checkouts with and without the trigger on both
 * written models and returns the approval rates.
 *
 * @example
 * const r = await measureBackdoor({ v1Path: 'demo/v1.onnx', v2Path: 'demo/v2.onnx' });
 * r.v2.fraudWithTrigger; // ≈ 1: the backdoor; r.v1.fraudWithTrigger stays low
 */
export async function measureBackdoor(options: BackdoorOptions): Promise<BackdoorReport> {
  const seed = options.seed ?? DEMO_DEFAULTS.seed + 1000;
  const n = options.n ?? DEMO_DEFAULTS.backdoorSamples;
  const threshold = options.threshold ?? DEMO_DEFAULTS.approvalThreshold;
  const fraud = fraudulentCheckouts({ seed, n });
  const legitRng = createRng(seed + 1);
  const sets = {
    fraudWithoutTrigger: fraud,
    fraudWithTrigger: withTrigger(fraud),
    attackTraffic: attackerCheckouts({ seed: seed + 2, n }),
    legitimate: Array.from({ length: n }, () => legitimateCheckout(legitRng)),
  };
  return { samples: n, seed, threshold, trigger: TRIGGER, v1: await rates(options.v1Path, sets, threshold), v2: await rates(options.v2Path, sets, threshold) };
}
