/**
 * @module test/helpers/demo-traffic
 * Recorded-traffic fixtures for baseline tests: the demo's ordinary checkouts as
 * RequestEvent-like records, one every 50 ms, with the signals the gateway and the
 * inspectors write. Seeded and deterministic.
 */
import type { TrafficEvent } from '../../src/inspect/baseline/index.js';
import { fingerprintRows } from '../../src/inspect/entropy/index.js';
import { CHECKOUT_FEATURES, encodeCheckouts, generateCheckouts } from '../../src/models/demo/index.js';
import { createRng } from '../../src/models/train/index.js';

const WIDTH = CHECKOUT_FEATURES.length;

/**
 * Feature rows of an encoded checkout matrix.
 *
 * @example
 * checkoutRows(encodeCheckouts(rows)).length === rows.length; // true
 */
export function checkoutRows(x: Float32Array): number[][] {
  return Array.from({ length: x.length / WIDTH }, (_, i) => Array.from(x.subarray(i * WIDTH, (i + 1) * WIDTH)));
}

/**
 * `n` events of ordinary traffic starting at `startMs`.
 *
 * @example
 * const events = trafficEvents(5, 2000); // 100 s of traffic
 */
export function trafficEvents(seed: number, n: number, startMs = 0): TrafficEvent[] {
  const rng = createRng(seed);
  return checkoutRows(encodeCheckouts(generateCheckouts({ seed, n }).rows)).map((features, i) => ({
    receivedAt: startMs + i * 50,
    features,
    signals: {
      latency_ms: 2 + 10 * rng.next(),
      status: 200,
      error: false,
      prompt_injection: rng.next() < 0.03,
      prompt_injection_score: rng.next(),
      predicted_class: rng.next() < 0.02 ? 1 : 0,
      input_fingerprint: fingerprintRows([features]),
    },
  }));
}
