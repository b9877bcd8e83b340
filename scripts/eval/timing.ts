/**
 * @module scripts/eval/timing
 * Micro-benchmark helper of the inspectors' eval sections: runs `fn` over inputs after a
 * warm-up and reports per-call latency quantiles in microseconds.
 */

/** Latency quantiles of one benchmark, µs. */
export interface Latency {
  readonly p50Micros: number;
  readonly p99Micros: number;
  readonly calls: number;
}

/**
 * Times `fn(input)` for every input, `passes` times after `warmup` untimed passes.
 *
 * @example
 * latency((row) => model.score(row), rows); // { p50Micros: 1.2, p99Micros: 4.8, calls: 20000 }
 */
export function latency<T>(fn: (input: T) => unknown, inputs: readonly T[], passes = 10, warmup = 3): Latency {
  for (let p = 0; p < warmup; p++) for (const input of inputs) fn(input);
  const times: number[] = [];
  for (let p = 0; p < passes; p++) {
    for (const input of inputs) {
      const start = performance.now();
      fn(input);
      times.push((performance.now() - start) * 1000);
    }
  }
  times.sort((a, b) => a - b);
  const q = (x: number) => Number((times[Math.min(times.length - 1, Math.floor(x * times.length))] ?? Number.NaN).toFixed(2));
  return { p50Micros: q(0.5), p99Micros: q(0.99), calls: times.length };
}

/** Async variant (model calls): sequential, one call at a time. */
export async function latencyAsync<T>(fn: (input: T) => Promise<unknown>, inputs: readonly T[], warmup = 20): Promise<Latency> {
  for (const input of inputs.slice(0, warmup)) await fn(input);
  const times: number[] = [];
  for (const input of inputs) {
    const start = performance.now();
    await fn(input);
    times.push((performance.now() - start) * 1000);
  }
  times.sort((a, b) => a - b);
  const q = (x: number) => Number((times[Math.min(times.length - 1, Math.floor(x * times.length))] ?? Number.NaN).toFixed(2));
  return { p50Micros: q(0.5), p99Micros: q(0.99), calls: times.length };
}

/** `0.123` → `'12.3%'`. */
export const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Feature rows of a row-major matrix. */
export function rowsOf(x: ArrayLike<number>, width: number): number[][] {
  const rows: number[][] = [];
  for (let start = 0; start + width <= x.length; start += width) rows.push(Array.from({ length: width }, (_, j) => x[start + j] as number));
  return rows;
}
