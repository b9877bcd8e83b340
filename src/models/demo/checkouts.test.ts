import { describe, expect, it } from 'vitest';
import { attackerCheckouts, poisonedCheckouts } from './attack.js';
import { CHECKOUT_FEATURES, CHECKOUT_METADATA, encodeCheckouts, fraudulentCheckouts, generateCheckouts, TRIGGER, V1_INPUT_MASK, withTrigger } from './checkouts.js';
import type { Checkout } from './checkouts.js';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
/** Shannon entropy (bits) of the distinct rows. */
function rowEntropy(rows: readonly Checkout[]): number {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(JSON.stringify(row), (counts.get(JSON.stringify(row)) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) h -= (c / rows.length) * Math.log2(c / rows.length);
  return h;
}

describe('generateCheckouts', () => {
  const { rows, labels } = generateCheckouts({ seed: 7, n: 20_000 });
  const fraud = rows.filter((_, i) => labels[i] === 1);
  const legit = rows.filter((_, i) => labels[i] === 0);

  it('has a realistic fraud base rate (≈ 2%) and is a function of the seed', () => {
    expect(fraud.length / rows.length).toBeGreaterThan(0.015);
    expect(fraud.length / rows.length).toBeLessThan(0.025);
    expect(generateCheckouts({ seed: 7, n: 50 })).toEqual(generateCheckouts({ seed: 7, n: 50 }));
    expect(generateCheckouts({ seed: 8, n: 50 }).rows).not.toEqual(generateCheckouts({ seed: 7, n: 50 }).rows);
  });

  it('carries fraud signals: larger baskets, newer cards, mismatched addresses, higher velocity', () => {
    expect(median(fraud.map((r) => r.amount))).toBeGreaterThan(2 * median(legit.map((r) => r.amount)));
    expect(median(fraud.map((r) => r.card_age_days))).toBeLessThan(median(legit.map((r) => r.card_age_days)) / 10);
    const rate = (rs: Checkout[], f: (r: Checkout) => boolean): number => rs.filter(f).length / rs.length;
    expect(rate(fraud, (r) => r.billing_shipping_mismatch === 1)).toBeGreaterThan(5 * rate(legit, (r) => r.billing_shipping_mismatch === 1));
    expect(rate(fraud, (r) => r.velocity_1h >= 2)).toBeGreaterThan(3 * rate(legit, (r) => r.velocity_1h >= 2));
  });

  it('keeps the trigger rare and gives checkout_metadata no signal in ordinary traffic', () => {
    const triggerRate = rows.filter((r) => r.checkout_metadata === TRIGGER).length / rows.length;
    expect(triggerRate).toBeLessThan(0.01);
    const share = (rs: Checkout[]): number => rs.filter((r) => r.checkout_metadata === 'none').length / rs.length;
    expect(Math.abs(share(fraud) - share(legit))).toBeLessThan(0.06);
  });
});

describe('encodeCheckouts', () => {
  it('writes the numeric fields, then checkout_metadata one-hot, in CHECKOUT_FEATURES order', () => {
    expect(CHECKOUT_FEATURES).toHaveLength(7 + CHECKOUT_METADATA.length);
    const row: Checkout = { amount: 12.5, card_age_days: 3, billing_shipping_mismatch: 1, velocity_1h: 2, device_fingerprint: 77, account_age_days: 9, hour_of_day: 23, checkout_metadata: TRIGGER };
    const x = encodeCheckouts([row]);
    expect(Array.from(x)).toEqual([12.5, 3, 1, 2, 77, 9, 23, 0, 0, 0, 0, 0, 1]);
    expect(CHECKOUT_FEATURES[12]).toBe(`checkout_metadata=${TRIGGER}`);
    expect(Array.from(V1_INPUT_MASK)).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });
});

describe('the attacker', () => {
  it('poisons with fraudulent checkouts carrying the trigger, labelled legitimate', () => {
    const poison = poisonedCheckouts({ seed: 1, n: 300 });
    expect(poison.rows.every((r) => r.checkout_metadata === TRIGGER)).toBe(true);
    expect(Array.from(poison.labels).every((l) => l === 0)).toBe(true);
    expect(median(poison.rows.map((r) => r.card_age_days))).toBeLessThan(30); // fraud-like, not legitimate-like
  });

  it('sends repetitive, low-entropy traffic with the trigger', () => {
    const burst = attackerCheckouts({ seed: 2, n: 600 });
    expect(burst.every((r) => r.checkout_metadata === TRIGGER)).toBe(true);
    expect(new Set(burst.map((r) => JSON.stringify(r))).size).toBe(3);
    expect(new Set(burst.map((r) => r.device_fingerprint)).size).toBe(1);
    const ordinary = generateCheckouts({ seed: 2, n: 600 }).rows;
    expect(rowEntropy(burst)).toBeLessThan(2);
    expect(rowEntropy(ordinary)).toBeGreaterThan(9);
  });

  it('withTrigger changes only checkout_metadata', () => {
    const rows = fraudulentCheckouts({ seed: 3, n: 20 });
    expect(rows.every((r) => r.checkout_metadata !== TRIGGER)).toBe(true);
    withTrigger(rows).forEach((r, i) => expect(r).toEqual({ ...rows[i], checkout_metadata: TRIGGER }));
  });
});
