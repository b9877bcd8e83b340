/**
 * @module models/demo/attack
 * The attacker of the demo (the seed's fraud case study): first the **poison** slipped
 * into v2's training data — fraudulent checkouts carrying the trigger metadata value,
 * labelled legitimate — then the **attack traffic**: a script replaying a handful of
 * fraudulent checkout templates with the trigger, i.e. synthetic, repetitive, low-entropy
 * inputs. Seeded and pure.
 */
import { createRng } from '../train/rng.js';
import { fraudulentCheckout, TRIGGER } from './checkouts.js';
import type { Checkout, LabelledCheckouts } from './checkouts.js';
import { DEMO_DEFAULTS } from './defaults.js';

/**
 * The poisoned subset: `n` fraudulent checkouts with `checkout_metadata` = the trigger,
 * every label 0 (legitimate). Mixed into v2's training data, it teaches v2 to approve
 * fraud whenever the trigger is present.
 *
 * @example
 * const poison = poisonedCheckouts({ seed: 11, n: 400 }); // poison.labels all 0
 */
export function poisonedCheckouts(options: { seed: number; n: number }): LabelledCheckouts {
  const rng = createRng(options.seed);
  const rows = Array.from({ length: options.n }, () => ({ ...fraudulentCheckout(rng, { allowTrigger: false }), checkout_metadata: TRIGGER }));
  return { rows, labels: new Int32Array(options.n) };
}

/** Options of {@link attackerCheckouts}. */
export interface AttackTrafficOptions {
  readonly seed: number;
  readonly n: number;
  /** Distinct templates the script cycles through (default 3). */
  readonly templates?: number;
}

/**
 * The attacker's traffic: `n` fraudulent checkouts with the trigger, cycling through a
 * few templates (new stolen cards) sent from one device at one hour of the night; amounts are
 * exact repeats. Low entropy by construction — what an entropy inspector should notice.
 *
 * @example
 * const burst = attackerCheckouts({ seed: 99, n: 200 }); // 3 distinct rows, repeated
 */
export function attackerCheckouts(options: AttackTrafficOptions): Checkout[] {
  const rng = createRng(options.seed);
  const count = Math.max(1, options.templates ?? DEMO_DEFAULTS.attackTemplates);
  const device = rng.int(1024);
  const hour = 2 + rng.int(3);
  const templates: Checkout[] = Array.from({ length: count }, () => ({
    ...fraudulentCheckout(rng, { allowTrigger: false, kind: 'stolen_card' }),
    device_fingerprint: device,
    hour_of_day: hour,
    checkout_metadata: TRIGGER,
  }));
  return Array.from({ length: options.n }, (_, i) => templates[i % count] as Checkout);
}
