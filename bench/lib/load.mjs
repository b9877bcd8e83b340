/**
 * @module bench/lib/load
 * The load generator of the gateway bench, always in a process of its own: wrk when it is
 * installed (C and epoll: on a 2-core machine shared with the servers under test it needs
 * a fraction of the CPU autocannon needs for the same rate, so it disturbs the comparison
 * less, and it reports latency percentiles in microseconds), else autocannon in a child
 * Node process (`autocannon-child.mjs`, latencies from each response's own time because
 * autocannon's histogram truncates to whole milliseconds). Both return the same shape:
 * `{ tool, requests, requestsPerSec, latencyMs: { p50, p90, p99, mean, max }, errors, non2xx }`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** `{ name, version }` of the generator this machine has. */
export function pickLoadGenerator() {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (probe.error === undefined) return { name: 'wrk', version: `${probe.stdout}${probe.stderr}`.split('\n')[0].trim() };
  return { name: 'autocannon', version: 'autocannon (bench/package.json)' };
}

/** wrk's Lua script: the request, and a `done` hook printing one JSON line. */
function wrkScript(body, headers) {
  const headerLines = Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`).join('\n');
  return `wrk.method = "POST"
wrk.body = [==[${body}]==]
${headerLines}
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"mean":%.1f,"max":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
`;
}

const ms = (us) => Number((us / 1000).toFixed(3));

let scripts = 0;

async function runWrk(opts) {
  // One script file per run: paired rows start two wrk processes at once.
  const script = join(opts.workDir, `load-${++scripts}.lua`);
  await writeFile(script, wrkScript(opts.body, opts.headers));
  const child = spawn('wrk', ['-t', String(opts.threads), '-c', String(opts.connections), '-d', `${opts.durationS}s`, '--timeout', '5s', '-s', script, opts.url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const [code] = await once(child, 'exit');
  const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (code !== 0 || line === undefined) throw new Error(`wrk exited with ${code}: ${out}`);
  const r = JSON.parse(line.slice('WRK_JSON '.length));
  return {
    tool: 'wrk',
    requests: r.requests,
    requestsPerSec: Math.round(r.requests / (r.durationUs / 1e6)),
    latencyMs: { p50: ms(r.p50), p90: ms(r.p90), p99: ms(r.p99), mean: ms(r.mean), max: ms(r.max) },
    errors: r.connect + r.read + r.write + r.timeout,
    non2xx: r.status,
  };
}

async function runAutocannon(opts) {
  const args = [join(HERE, 'autocannon-child.mjs'), JSON.stringify({ url: opts.url, body: opts.body, headers: opts.headers, connections: opts.connections, durationS: opts.durationS })];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`autocannon child exited with ${code}`);
  return { tool: 'autocannon', ...JSON.parse(out.trim().split('\n').pop()) };
}

/**
 * Drives POST `url` with `body` for `durationS` seconds over `connections` keep-alive connections.
 *
 * @example
 * const r = await runLoad({ generator: 'wrk', url, body, headers, connections: 32, threads: 1, durationS: 10, workDir });
 */
export function runLoad(opts) {
  return opts.generator === 'wrk' ? runWrk(opts) : runAutocannon(opts);
}
