/**
 * @module bench/lib/autocannon-child
 * The fallback load generator (when wrk is not installed), run as a separate Node process
 * so that it does not share an event loop with anything measured. Takes one JSON argument
 * `{ url, body, headers, connections, durationS }` and prints one JSON line with the
 * request rate and latency percentiles computed from each 2xx response's own time.
 */
import process from 'node:process';
import autocannon from 'autocannon';

const opts = JSON.parse(process.argv[2]);
const samples = [];
const instance = autocannon({ url: opts.url, method: 'POST', headers: opts.headers, body: opts.body, connections: opts.connections, pipelining: 1, duration: opts.durationS });
instance.on('response', (_client, status, _bytes, ms) => {
  if (status >= 200 && status < 300) samples.push(ms);
});
const result = await instance;
const sorted = Float64Array.from(samples).sort();
const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const round = (v) => Number(v.toFixed(3));
process.stdout.write(`${JSON.stringify({
  requests: result.requests.total,
  requestsPerSec: Math.round(result.requests.average),
  latencyMs: { p50: round(at(50)), p90: round(at(90)), p99: round(at(99)), mean: round(sorted.reduce((a, v) => a + v, 0) / sorted.length), max: round(sorted[sorted.length - 1] ?? NaN) },
  errors: result.errors + result.timeouts,
  non2xx: result.non2xx,
})}\n`);
