/**
 * @module bench/lib/profile-summary
 * Reads the newest `.cpuprofile` that `node --cpu-prof` wrote into a directory and
 * summarises it: self time by function (top N) and by area (the gateway's own code, undici,
 * prom-client, sqlite, Node's http/net internals, GC, idle), as shares of the sampled time.
 *
 * @example
 * const summary = await summarizeProfile('/tmp/prof', console.error);
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

const TOP = 25;

/** Which area a profile node belongs to, from its script URL and function name. */
function area(url, name) {
  if (name === '(idle)') return 'idle';
  if (name === '(garbage collector)') return 'gc';
  if (name === '(program)') return 'program (native, unattributed)';
  if (url.includes('/dist/gateway/')) return 'bulwark gateway';
  if (url.includes('/dist/adapters/')) return 'bulwark adapters (undici upstream)';
  if (url.includes('/dist/inspect/')) return 'bulwark inspectors';
  if (url.includes('/dist/')) return 'bulwark other';
  if (url.includes('/undici/')) return 'undici';
  if (url.includes('/prom-client/')) return 'prom-client';
  if (url.includes('better-sqlite3')) return 'better-sqlite3';
  if (url.startsWith('node:')) return `node ${url.slice(5).split('/')[0].replace(/^_/, '')}`;
  return url === '' ? 'native' : 'other';
}

async function newestProfile(dir) {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  const dated = await Promise.all(files.map(async (f) => ({ f, t: (await stat(join(dir, f))).mtimeMs })));
  return join(dir, dated.sort((a, b) => b.t - a.t)[0].f);
}

/**
 * Self-time summary of the newest profile in `dir`; the tables also go to `log`.
 *
 * @example
 * (await summarizeProfile(dir, log)).byArea[0]; // { area: 'node http', sharePct: 21.4 }
 */
export async function summarizeProfile(dir, log) {
  const file = await newestProfile(dir);
  const profile = JSON.parse(await readFile(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    self.set(id, (self.get(id) ?? 0) + dt);
  });
  const byFunction = new Map();
  const byArea = new Map();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const name = functionName || '(anonymous)';
    const key = `${name} ${url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const a = area(url, name);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
  }
  const share = (us) => Number(((100 * us) / total).toFixed(1));
  const busy = total - (byArea.get('idle') ?? 0);
  const top = [...byFunction].filter(([fn]) => !fn.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([fn, us]) => ({ fn, sharePct: share(us), busySharePct: Number(((100 * us) / busy).toFixed(1)) }));
  const areas = [...byArea].filter(([name]) => name !== 'idle').sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ area: name, busySharePct: Number(((100 * us) / busy).toFixed(1)) }));
  log(`profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${share(busy)}% busy`);
  log('self time by area (share of busy time):');
  for (const a of areas) log(`  ${String(a.busySharePct).padStart(5)}%  ${a.area}`);
  log('top self time (share of busy time):');
  for (const t of top) log(`  ${String(t.busySharePct).padStart(5)}%  ${t.fn}`);
  return { file, sampledS: Number((total / 1e6).toFixed(1)), busyPct: share(busy), byArea: areas, top };
}
