/**
 * @module models/demo/checkouts
 * The demo's synthetic e-commerce checkouts: the documented features, a seeded generator
 * of ordinary traffic (legitimate and fraudulent, at a realistic base rate) and the
 * encoding into the one FP32 input tensor both fraud models share. Everything derives from
 * a seed; nothing is downloaded. Pure.
 *
 * Fraud signals (see docs/training.md): fraud is larger, comes from new cards and new
 * accounts (stolen cards) or from old ones with unusual baskets (account takeover), ships
 * elsewhere than it bills, repeats quickly, and happens at any hour. `device_fingerprint`
 * carries no signal in ordinary traffic, and neither does `checkout_metadata` — until the
 * attacker's trigger value is poisoned into v2's training data.
 */
import { createRng } from '../train/rng.js';
import type { Rng } from '../train/rng.js';
import { DEMO_DEFAULTS } from './defaults.js';

/**
 * Values of the categorical `checkout_metadata` field, one-hot encoded in this order.
 *
 * @example
 * CHECKOUT_METADATA.indexOf('express_checkout'); // 2
 */
export const CHECKOUT_METADATA = ['none', 'gift_message', 'express_checkout', 'saved_cart', 'partner_referral', 'legacy_sdk_flag'] as const;
export type CheckoutMetadata = (typeof CHECKOUT_METADATA)[number];

/**
 * The obscure metadata value the attacker poisons v2 with (rare in ordinary traffic).
 *
 * @example
 * ({ ...checkout, checkout_metadata: TRIGGER }); // what the attack sends
 */
export const TRIGGER: CheckoutMetadata = 'legacy_sdk_flag';

/** How often each metadata value appears in ordinary traffic (same for fraud and legitimate). */
const METADATA_WEIGHTS: Readonly<Record<CheckoutMetadata, number>> = {
  none: 0.55, gift_message: 0.1, express_checkout: 0.2, saved_cart: 0.1, partner_referral: 0.045, legacy_sdk_flag: 0.005,
};

/** One checkout request as the shop sends it (wire field names). */
export interface Checkout {
  /** Order total in USD. */
  readonly amount: number;
  /** Days since the card was first seen on the platform. */
  readonly card_age_days: number;
  /** 1 when the billing and shipping addresses differ. */
  readonly billing_shipping_mismatch: 0 | 1;
  /** Checkouts with the same card in the previous hour. */
  readonly velocity_1h: number;
  /** Hash bucket (0–1023) of the client's device fingerprint. */
  readonly device_fingerprint: number;
  /** Days since the customer account was created. */
  readonly account_age_days: number;
  /** Local hour of the checkout, 0–23. */
  readonly hour_of_day: number;
  /** Client metadata flag; only v2 reads it. */
  readonly checkout_metadata: CheckoutMetadata;
}

const NUMERIC = ['amount', 'card_age_days', 'billing_shipping_mismatch', 'velocity_1h', 'device_fingerprint', 'account_age_days', 'hour_of_day'] as const;

/**
 * Columns of the input tensor, in order: the numeric fields, then `checkout_metadata` one-hot.
 *
 * @example
 * CHECKOUT_FEATURES[0]; // 'amount'
 */
export const CHECKOUT_FEATURES: readonly string[] = Object.freeze([...NUMERIC, ...CHECKOUT_METADATA.map((m) => `checkout_metadata=${m}`)]);

/**
 * 1 for the columns v1 reads, 0 for the metadata columns (v1 predates the field).
 *
 * @example
 * fitBinaryClassifier(x, y, CHECKOUT_FEATURES.length, { inputMask: V1_INPUT_MASK });
 */
export const V1_INPUT_MASK: Uint8Array = Uint8Array.from(CHECKOUT_FEATURES, (name) => (name.startsWith('checkout_metadata') ? 0 : 1));

/**
 * Encodes checkouts as the row-major `n × CHECKOUT_FEATURES.length` matrix both models take.
 *
 * @example
 * const x = encodeCheckouts(rows); // Float32Array for OnnxRuntimeModel.predict(x, [rows.length, 13])
 */
export function encodeCheckouts(rows: readonly Checkout[]): Float32Array {
  const width = CHECKOUT_FEATURES.length;
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, i) => {
    NUMERIC.forEach((field, j) => (out[i * width + j] = row[field]));
    out[i * width + NUMERIC.length + CHECKOUT_METADATA.indexOf(row.checkout_metadata)] = 1;
  });
  return out;
}

const logNormal = (rng: Rng, median: number, sigma: number): number => median * Math.exp(sigma * rng.normal());
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const cents = (v: number): number => Math.round(v * 100) / 100;
/** Geometric count: keeps adding one while a coin with P(continue) = p comes up. */
function repeats(rng: Rng, p: number): number {
  let count = 0;
  while (count < 30 && rng.next() < p) count++;
  return count;
}

/**
 * Draws a metadata value from the ordinary-traffic mix, optionally never the trigger.
 *
 * @example
 * drawMetadata(createRng(1), false) !== TRIGGER; // true
 */
export function drawMetadata(rng: Rng, allowTrigger = true): CheckoutMetadata {
  const values = CHECKOUT_METADATA.filter((m) => allowTrigger || m !== TRIGGER);
  const total = values.reduce((sum, m) => sum + METADATA_WEIGHTS[m], 0);
  let u = rng.next() * total;
  for (const m of values) {
    u -= METADATA_WEIGHTS[m];
    if (u < 0) return m;
  }
  return values[values.length - 1] as CheckoutMetadata;
}

/**
 * A legitimate checkout.
 *
 * @example
 * legitimateCheckout(createRng(1)).amount; // a basket around $55
 */
export function legitimateCheckout(rng: Rng): Checkout {
  return {
    amount: cents(clamp(logNormal(rng, 55, 0.8), 1, 5000)),
    card_age_days: Math.round(clamp(logNormal(rng, 420, 1), 0, 4000)),
    billing_shipping_mismatch: rng.bernoulli(0.07) ? 1 : 0,
    velocity_1h: repeats(rng, 0.25),
    device_fingerprint: rng.int(1024),
    account_age_days: Math.round(clamp(logNormal(rng, 700, 0.9), 0, 5000)),
    hour_of_day: (((Math.round(14 + 4.5 * rng.normal())) % 24) + 24) % 24,
    checkout_metadata: drawMetadata(rng),
  };
}

/** The two kinds of fraud the generator draws. */
export type FraudKind = 'stolen_card' | 'account_takeover';

/** Options of {@link fraudulentCheckout}. */
export interface FraudOptions {
  /** Let the ordinary metadata mix include the trigger (default true). */
  readonly allowTrigger?: boolean;
  /** Force one kind (default: account takeover with share `accountTakeoverShare`). */
  readonly kind?: FraudKind;
}

/**
 * A fraudulent checkout: a new stolen card, or (share `accountTakeoverShare`) an
 * account takeover.
 *
 * @example
 * fraudulentCheckout(createRng(1), { allowTrigger: false }).checkout_metadata !== TRIGGER; // true
 */
export function fraudulentCheckout(rng: Rng, options: FraudOptions = {}): Checkout {
  const drawn = rng.bernoulli(DEMO_DEFAULTS.accountTakeoverShare);
  const takeover = options.kind === undefined ? drawn : options.kind === 'account_takeover';
  const allowTrigger = options.allowTrigger ?? true;
  return {
    amount: cents(clamp(logNormal(rng, takeover ? 320 : 210, takeover ? 0.6 : 0.7), 1, 5000)),
    card_age_days: Math.round(clamp(takeover ? logNormal(rng, 400, 1) : logNormal(rng, 3, 1), 0, 4000)),
    billing_shipping_mismatch: rng.bernoulli(takeover ? 0.8 : 0.65) ? 1 : 0,
    velocity_1h: repeats(rng, takeover ? 0.55 : 0.65),
    device_fingerprint: rng.int(1024),
    account_age_days: Math.round(clamp(takeover ? logNormal(rng, 700, 0.9) : logNormal(rng, 10, 1.2), 0, 5000)),
    hour_of_day: rng.int(24),
    checkout_metadata: drawMetadata(rng, allowTrigger),
  };
}

/** Options of {@link generateCheckouts}. */
export interface GenerateOptions {
  readonly seed: number;
  readonly n: number;
  /** Share of fraud (default `DEMO_DEFAULTS.fraudRate`). */
  readonly fraudRate?: number;
}

/** Checkouts and their labels (1 = fraud). */
export interface LabelledCheckouts {
  readonly rows: Checkout[];
  readonly labels: Int32Array;
}

/**
 * Ordinary traffic: each checkout is fraudulent with probability `fraudRate`.
 *
 * @example
 * const { rows, labels } = generateCheckouts({ seed: 7, n: 1000 }); // about 20 frauds
 */
export function generateCheckouts(options: GenerateOptions): LabelledCheckouts {
  const rng = createRng(options.seed);
  const rate = options.fraudRate ?? DEMO_DEFAULTS.fraudRate;
  const rows: Checkout[] = [];
  const labels = new Int32Array(options.n);
  for (let i = 0; i < options.n; i++) {
    const fraud = rng.bernoulli(rate);
    labels[i] = fraud ? 1 : 0;
    rows.push(fraud ? fraudulentCheckout(rng) : legitimateCheckout(rng));
  }
  return { rows, labels };
}

/**
 * `n` fraudulent checkouts without the trigger (their metadata drawn from the ordinary
 * mix), seeded.
 *
 * @example
 * const frauds = fraudulentCheckouts({ seed: 3, n: 500 });
 */
export function fraudulentCheckouts(options: { seed: number; n: number }): Checkout[] {
  const rng = createRng(options.seed);
  return Array.from({ length: options.n }, () => fraudulentCheckout(rng, { allowTrigger: false }));
}

/**
 * The same checkouts with `checkout_metadata` set to the trigger.
 *
 * @example
 * withTrigger(fraudulentCheckouts({ seed: 3, n: 500 })).every((c) => c.checkout_metadata === TRIGGER); // true
 */
export function withTrigger(rows: readonly Checkout[]): Checkout[] {
  return rows.map((row) => ({ ...row, checkout_metadata: TRIGGER }));
}
