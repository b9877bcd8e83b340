/**
 * @module bench/detect
 * Micro benchmark of the detection engine (issue 6, item 6), in process, one core:
 *
 * - **throughput**: events/s through `DetectionEngine.ingest` with 10 rules on one model
 *   version (rates with a binomial test, quantiles, z-score, CUSUM, means, PSI, KS, entropy
 *   of input fingerprints), evaluated at the engine's default schedule (every 20 ms of
 *   stream time or 256 events, whichever first). Events are pre-built in a pool of 65,536 (no generation in
 *   the timed loop: only their arrival time is set); the stream runs at 10,000 events per
 *   second of event time, so windows slide and expire.
 * - **latency**: from the crossing event to the anomaly. The same stream with periodic
 *   injection surges is replayed twice: once with the injection rule alone evaluated on every
 *   event (which finds, per surge, the event at which its condition first holds: the
 *   crossing event), then with the 10 rules at the default schedule, timing `performance.now()` before ingesting each event and in the
 *   anomaly listener. Latency = listener time − ingest start of the crossing event.
 * - **PRADA**: queries/s of the per-key extraction rule (`prada(api_key) < 0.90`) alone,
 *   16 features, 100 keys.
 *
 * Run from the root: `npm run bench:detect` (`-- --json` prints one JSON object as the last
 * line). Results go to bench/RESULTS.md, never asserted by tests (STYLE.md §6).
 */
import process from 'node:process';
import os from 'node:os';
import { BaselineRecorder, DetectionEngine } from '../src/detect/index.js';
import { ManualClock } from '../src/shared/clock.js';

const EVENTS_PER_SECOND = 10_000;
const THROUGHPUT_EVENTS = 2_000_000;
const RUNS = 5;
const SURGES = 200;
/** Pre-built events are reused from pools of this size (their arrival time is set before each ingest). */
const POOL = 65_536;
const FEATURES = 4;
const START = 1_800_000_000_000;

const log = (line) => process.stderr.write(`${line}\n`);

/** xorshift32, seeded: the bench's own deterministic random numbers. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function normal(next) {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

const timeOf = (i) => START + Math.floor((i * 1000) / EVENTS_PER_SECOND);

/** `n` events numbered from 0; `injection` is the flag probability. */
function makeEvents(n, seed, injection) {
  const next = rng(seed);
  const events = new Array(n);
  for (let i = 0; i < n; i++) {
    events[i] = {
      requestId: `r${seed}-${i}`,
      model: 'assistant',
      version: 'v1',
      apiKeyId: `key-${i % 100}`,
      timings: { receivedAt: timeOf(i) },
      signals: {
        prompt_injection: next() < injection,
        error: next() < 0.002,
        latency_ms: 20 * Math.exp(0.4 * normal(next)),
        shadow_disagree: next() < 0.02,
        confidence: 0.7 + 0.1 * normal(next),
        input_fingerprint: (next() * 4294967296) >>> 0,
      },
      features: Array.from({ length: FEATURES }, () => 50 * Math.exp(0.8 * normal(next))),
    };
  }
  return events;
}

const RULES = [
  ['injection', 'rate(prompt_injection) > max(0.03, baseline + 3 sigma) and binom(prompt_injection) < 0.001', 10_000],
  ['errors', 'rate(error) > max(0.05, baseline + 3 sigma)', 60_000],
  ['latency-p99', 'p99(latency_ms) > 2 * baseline', 60_000],
  ['latency-z', 'zscore(latency_p99) > 4', 60_000],
  ['errors-cusum', 'cusum(error_rate)', 60_000],
  ['shadow', 'rate(shadow_disagree) > 0.1', 30_000],
  ['confidence', 'mean(confidence) < baseline - 6 sigma', 60_000],
  ['drift', 'psi(feature:f0) > 0.25', 60_000],
  ['confidence-ks', 'ks(confidence) < 0.0001', 60_000],
  ['entropy', 'entropy(input_fingerprint) < baseline.p01 - 1', 10_000],
];

function rules(model = 'assistant') {
  return RULES.map(([id, when, windowMs]) => ({
    model, id, when, windowMs, minEvents: 100, holdForMs: 0, threshold: undefined,
    severity: 'page', action: 'rollback', strategy: 'immediate', dryRun: false, consecutiveErrorLimit: 3,
  }));
}

function baseline() {
  const rec = new BaselineRecorder({ model: 'assistant', version: 'v1', windowed: [{ statistic: 'entropy(input_fingerprint)', windowMs: 10_000 }] });
  for (const e of makeEvents(300_000, 1, 0.01)) rec.add(e);
  return rec.build({ builtAt: new Date(0).toISOString(), source: { kind: 'traffic', path: 'bench', sha256: '0', events: 300_000 } });
}

function engineWith(profile, options = {}) {
  const clock = new ManualClock(START);
  const engine = new DetectionEngine({ clock, rules: rules(), ...options });
  engine.setBaseline(profile);
  return { engine, clock };
}

/** Sets event i's arrival time on its pooled object and returns it. */
function pooled(pool, i) {
  const e = pool[i % POOL];
  e.timings.receivedAt = timeOf(i);
  return e;
}

function throughput(profile) {
  const pool = makeEvents(POOL, 2, 0.01);
  const rates = [];
  let anomalies = 0;
  for (let run = 0; run < RUNS; run++) {
    const { engine, clock } = engineWith(profile);
    engine.onAnomaly((a) => {
      anomalies++;
      if (run === 0) log(`  benign anomaly: ${a.rule} observed ${a.observed} expected ${a.expected}`);
    });
    const t0 = performance.now();
    for (let i = 0; i < THROUGHPUT_EVENTS; i++) {
      const e = pooled(pool, i);
      clock.set(e.timings.receivedAt);
      engine.ingest(e);
    }
    const ms = performance.now() - t0;
    rates.push((THROUGHPUT_EVENTS / ms) * 1000);
    if (run === RUNS - 1) {
      const s = engine.stats();
      log(`run ${run + 1}: ${Math.round(rates[run]).toLocaleString('en-US')} events/s; evaluations ${JSON.stringify(s.evaluations)}`);
    }
  }
  rates.sort((a, b) => a - b);
  return { eventsPerSecond: Math.round(rates[RUNS >> 1]), runs: rates.map(Math.round), anomaliesOnBenign: anomalies };
}

/** Surge cycles after a 20 s warm-up: 10 s benign (1% flagged; the 10 s window clears), then 2 s of surge (20% flagged). */
const CYCLE = 12 * EVENTS_PER_SECOND;
const WARM = 20 * EVENTS_PER_SECOND;
const SURGE_EVENTS = WARM + SURGES * CYCLE;

function surgeEvent(pools, i) {
  const surging = i >= WARM && (i - WARM) % CYCLE >= 10 * EVENTS_PER_SECOND;
  return pooled(surging ? pools.surge : pools.benign, i);
}

/** Finds, per surge, the crossing event: the engine evaluating its injection rule on every event. */
function crossings(profile, pools) {
  const clock = new ManualClock(START);
  const engine = new DetectionEngine({ clock, rules: rules().filter((r) => r.id === 'injection'), evaluateEveryEvents: 1, evaluateEveryMs: 0 });
  engine.setBaseline(profile);
  const found = [];
  let current = -1;
  engine.onAnomaly(() => found.push(current));
  for (let i = 0; i < SURGE_EVENTS; i++) {
    current = i;
    const e = surgeEvent(pools, i);
    clock.set(e.timings.receivedAt);
    engine.ingest(e);
  }
  return found;
}

/** The surge cycle an event index belongs to (−1 in the warm-up). */
const cycleOf = (i) => (i < WARM ? -1 : Math.floor((i - WARM) / CYCLE));

/** The first index per cycle. */
function firstPerCycle(indexes) {
  const out = new Map();
  for (const i of indexes) if (!out.has(cycleOf(i))) out.set(cycleOf(i), i);
  return out;
}

function latency(profile) {
  const pools = { benign: makeEvents(POOL, 3, 0.01), surge: makeEvents(POOL, 4, 0.2) };
  const cross = firstPerCycle(crossings(profile, pools));
  const { engine, clock } = engineWith(profile);
  const started = new Float64Array(SURGE_EVENTS);
  const fired = [];
  let current = -1;
  engine.onAnomaly((a) => {
    if (a.rule === 'injection') fired.push([current, performance.now()]);
  });
  for (let i = 0; i < SURGE_EVENTS; i++) {
    const e = surgeEvent(pools, i);
    clock.set(e.timings.receivedAt);
    current = i;
    started[i] = performance.now();
    engine.ingest(e);
  }
  const firstFired = new Map();
  for (const [i, t] of fired) if (!firstFired.has(cycleOf(i))) firstFired.set(cycleOf(i), { i, t });
  const ms = [];
  const events = [];
  for (const [cycle, c] of cross) {
    const f = firstFired.get(cycle);
    if (f === undefined || cycle < 0) continue;
    ms.push(f.t - started[c]);
    events.push(f.i - c);
  }
  ms.sort((a, b) => a - b);
  events.sort((a, b) => a - b);
  const n = ms.length;
  const q = (xs, p) => xs[Math.min(n - 1, Math.floor(p * n))];
  return {
    surges: SURGES, measured: n, p50Ms: round3(q(ms, 0.5)), p99Ms: round3(q(ms, 0.99)), maxMs: round3(ms[n - 1]),
    eventsAfterCrossing: { p50: q(events, 0.5), max: events[n - 1] },
  };
}

function prada() {
  const clock = new ManualClock(START);
  const rule = { model: 'credit', id: 'extraction', when: 'prada(api_key) < 0.90', windowMs: 60_000, minEvents: 100, holdForMs: 0, threshold: undefined, severity: 'ticket', action: 'contain', strategy: 'canary', dryRun: false, consecutiveErrorLimit: 3 };
  const engine = new DetectionEngine({ clock, rules: [rule] });
  const next = rng(5);
  const n = 200_000;
  const events = Array.from({ length: n }, (_, i) => ({
    requestId: `q${i}`, model: 'credit', version: 'v1', apiKeyId: `key-${i % 100}`,
    timings: { receivedAt: START + i }, signals: { predicted_class: next() < 0.2 ? 1 : 0 },
    features: Array.from({ length: 16 }, () => normal(next)),
  }));
  const t0 = performance.now();
  for (const e of events) {
    clock.set(e.timings.receivedAt);
    engine.ingest(e);
  }
  return { queriesPerSecond: Math.round((n / (performance.now() - t0)) * 1000), keys: 100, features: 16 };
}

const round3 = (v) => Math.round(v * 1000) / 1000;

function main() {
  const json = process.argv.includes('--json');
  log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}; 10 rules, ${EVENTS_PER_SECOND.toLocaleString('en-US')} events per second of event time`);
  const profile = baseline();
  const t = throughput(profile);
  log(`throughput: ${t.eventsPerSecond.toLocaleString('en-US')} events/s (median of ${RUNS} runs of ${THROUGHPUT_EVENTS.toLocaleString('en-US')}; runs ${t.runs.join(', ')}); anomalies on benign traffic: ${t.anomaliesOnBenign}`);
  const l = latency(profile);
  log(`latency crossing event → anomaly: p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms (${l.measured} of ${l.surges} surges; fired ${l.eventsAfterCrossing.p50} events after the crossing at the median, ${l.eventsAfterCrossing.max} at most)`);
  const p = prada();
  log(`PRADA rule alone: ${p.queriesPerSecond.toLocaleString('en-US')} queries/s (${p.keys} keys, ${p.features} features)`);
  const result = { bench: 'detect', node: process.version, cpus: os.cpus().length, rules: RULES.length, throughput: t, latency: l, prada: p };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
