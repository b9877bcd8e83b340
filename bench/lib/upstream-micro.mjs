/**
 * @module bench/lib/upstream-micro
 * A CPU micro-measurement of the gateway's UpstreamPool adapters (not a load test): in one
 * Node process, sequential POSTs over ONE keep-alive connection to a local node:http server
 * (in a child process, so that its CPU is not counted) answering a fixed 150-byte JSON
 * body, through undiciPoolFactory and netPoolFactory in alternating blocks. Reports
 * `process.cpuUsage()` µs (user + system) per request for each.
 *
 * @example
 * node --import tsx bench/lib/upstream-micro.mjs   # 5,000 warm-up, then 4 blocks × 5,000 requests per adapter
 * BLOCKS=4 PER_BLOCK=5000 WARMUP=5000 node --import tsx bench/lib/upstream-micro.mjs
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import process from 'node:process';

const BODY = `{"model_name":"bench","model_version":"v1","id":"bench","outputs":[{"name":"p","datatype":"FP32","shape":[1,2],"data":[0.25,0.75]}],"pad":"${'x'.repeat(9)}"}`;

if (process.argv[2] === 'server') {
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) };
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, headers);
      res.end(BODY);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}

async function main() {
  if (Buffer.byteLength(BODY) !== 150) throw new Error(`body is ${Buffer.byteLength(BODY)} bytes`);
  const blocks = Number(process.env.BLOCKS ?? 4);
  const perBlock = Number(process.env.PER_BLOCK ?? 5_000);
  const warmup = Number(process.env.WARMUP ?? 5_000);
  const child = fork(new URL(import.meta.url).pathname, ['server'], { execArgv: [] });
  const port = await new Promise((resolve) => child.once('message', (m) => resolve(m.port)));
  const origin = `http://127.0.0.1:${port}`;
  const options = { connectTimeoutMs: 5_000, keepAliveMs: 60_000, connections: 1 };
  // Imported here: the server child runs without tsx.
  const { netPoolFactory } = await import('../../src/adapters/http/net-upstream.ts');
  const { undiciPoolFactory } = await import('../../src/adapters/http/undici-upstream.ts');
  const pools = { undici: undiciPoolFactory(origin, options), net: netPoolFactory(origin, options) };
  const request = {
    method: 'POST',
    path: '/v2/models/bench/infer',
    headers: ['content-type', 'application/json', 'accept', 'application/json', 'x-request-id', '6f1c0b9e-1d7a-4a53-9d43-1a2b3c4d5e6f'],
    body: Buffer.from('{"inputs":[{"name":"x","datatype":"FP32","shape":[1,4],"data":[0.1,0.2,0.3,0.4]}]}'),
    timeoutMs: 2_000,
  };
  for (const name of Object.keys(pools)) await run(pools[name], request, warmup); // warm-up (JIT tiers, the connection)
  const totals = { undici: { cpu: 0, wall: 0, n: 0, blocks: [] }, net: { cpu: 0, wall: 0, n: 0, blocks: [] } };
  for (let b = 0; b < blocks; b++) {
    for (const name of Object.keys(pools)) {
      const r = await run(pools[name], request, perBlock);
      totals[name].cpu += r.cpu;
      totals[name].wall += r.wall;
      totals[name].n += perBlock;
      totals[name].blocks.push(r.cpu / perBlock);
      process.stdout.write(`block ${b + 1} ${name.padEnd(6)} ${(r.cpu / perBlock).toFixed(2)} µs CPU/req  ${((r.wall * 1000) / perBlock).toFixed(2)} µs wall/req\n`);
    }
  }
  for (const name of Object.keys(totals)) {
    const t = totals[name];
    const sorted = [...t.blocks].sort((a, b) => a - b);
    const median = (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
    process.stdout.write(`total   ${name.padEnd(6)} ${(t.cpu / t.n).toFixed(2)} µs CPU/req  ${((t.wall * 1000) / t.n).toFixed(2)} µs wall/req  (${t.n} requests; median block ${median.toFixed(2)} µs)\n`);
  }
  process.stdout.write(`net saves ${((totals.undici.cpu - totals.net.cpu) / totals.net.n).toFixed(2)} µs CPU/req\n`);
  await Promise.all(Object.values(pools).map((p) => p.close()));
  child.disconnect();
}

/** Sends `n` requests one after the other; resolves with client CPU µs and wall ms. */
function run(pool, request, n) {
  return new Promise((resolve, reject) => {
    let left = n;
    let bytes = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const sink = {
      onStart(status) {
        if (status !== 200) reject(new Error(`status ${status}`));
      },
      onData(chunk) {
        bytes += chunk.length;
      },
      onEnd() {
        if (--left === 0) {
          const cpu = process.cpuUsage(cpu0);
          if (bytes !== n * 150) reject(new Error(`got ${bytes} body bytes`));
          resolve({ cpu: cpu.user + cpu.system, wall: performance.now() - t0 });
        } else pool.send(request, sink);
      },
      onError(failure) {
        reject(new Error(`${failure.kind} ${failure.code} ${failure.message}`));
      },
    };
    pool.send(request, sink);
  });
}
