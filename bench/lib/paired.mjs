/**
 * @module bench/lib/paired
 * Paired A/B of two bulwark rows under the SAME load at the SAME time (`--paired A,B` of
 * bench/gateway.mjs). On a shared machine whose other load swings from round to round,
 * sequential rows compare different machines; two rows driven simultaneously (one wrk each,
 * half the connections each) share every swing, so the per-round ratio B/A is steady even
 * when the absolute figures are not. Reports per round requests/s and the CPU per request
 * of each process (all threads, and the main thread alone), then the median ratio.
 *
 * @example
 * const result = await runPaired({ rowA, rowB, rounds: 10, durationS: 5, connections: 16, load });
 */
import { cpuMs, mainThreadCpuMs } from './processes.mjs';

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const perRequest = (ms, requests) => Number(((ms * 1000) / requests).toFixed(1));

/** Drives both rows at once for `rounds` rounds; `load(row, durationS)` runs one load generator against a row. */
export async function runPaired({ rowA, rowB, rounds, durationS, load, log }) {
  await Promise.all([load(rowA, 2), load(rowB, 2)]);
  const results = [];
  for (let round = 1; round <= rounds; round++) {
    const before = [rowA, rowB].map((r) => ({ all: cpuMs(r.pid), main: mainThreadCpuMs(r.pid) }));
    const [a, b] = await Promise.all([load(rowA, durationS), load(rowB, durationS)]);
    const after = [rowA, rowB].map((r) => ({ all: cpuMs(r.pid), main: mainThreadCpuMs(r.pid) }));
    const side = (res, i) => ({
      requestsPerSec: res.requestsPerSec,
      cpuUsPerRequest: perRequest(after[i].all - before[i].all, res.requests),
      mainThreadCpuUsPerRequest: perRequest(after[i].main - before[i].main, res.requests),
      errors: res.errors + res.non2xx,
    });
    const entry = { a: side(a, 0), b: side(b, 1), ratio: Number((b.requestsPerSec / a.requestsPerSec).toFixed(3)) };
    results.push(entry);
    log(`paired round ${round}/${rounds}: A ${entry.a.requestsPerSec}/s (${entry.a.mainThreadCpuUsPerRequest} µs main) · B ${entry.b.requestsPerSec}/s (${entry.b.mainThreadCpuUsPerRequest} µs main) · B/A ${entry.ratio}`);
  }
  const ratios = results.map((r) => r.ratio);
  return {
    a: rowA.label,
    b: rowB.label,
    rounds: results,
    medianRatio: median(ratios),
    ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    medianCpuUsPerRequest: { a: median(results.map((r) => r.a.cpuUsPerRequest)), b: median(results.map((r) => r.b.cpuUsPerRequest)) },
    medianMainThreadCpuUsPerRequest: { a: median(results.map((r) => r.a.mainThreadCpuUsPerRequest)), b: median(results.map((r) => r.b.mainThreadCpuUsPerRequest)) },
  };
}
