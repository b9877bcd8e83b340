/**
 * @module bench/lib/system-tools
 * The system tools of the gateway bench (nginx, the reference proxy; wrk, the load
 * generator) are Debian packages, not npm ones: when one is missing and this process may
 * install packages (root, apt-get present, not disabled with BULWARK_BENCH_NO_APT=1), it
 * runs `apt-get install -y` for the missing ones (after `apt-get update` when the first try
 * fails: a fresh machine has no package lists). Anything that still fails is only logged:
 * the bench then skips nginx or falls back to autocannon, and says so.
 */
import { spawnSync } from 'node:child_process';
import process from 'node:process';

/** Binary → Debian package. */
const PACKAGES = { nginx: 'nginx', wrk: 'wrk' };

function present(bin) {
  for (const candidate of [bin, `/usr/sbin/${bin}`, `/usr/local/sbin/${bin}`]) {
    const probe = spawnSync(candidate, bin === 'nginx' ? ['-v'] : ['--version'], { encoding: 'utf8' });
    if (probe.error === undefined) return true;
  }
  return false;
}

function apt(args, log) {
  const run = spawnSync('apt-get', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.status !== 0) log(`apt-get ${args.join(' ')} failed (${run.status ?? run.error?.message}): ${(run.stderr ?? '').trim().split('\n').slice(-2).join(' ')}`);
  return run.status === 0;
}

/**
 * Installs whichever of `bins` is missing, when allowed; returns the ones still missing.
 *
 * @example
 * ensureSystemTools(['nginx', 'wrk'], log); // [] once both are there
 */
export function ensureSystemTools(bins, log) {
  const missing = bins.filter((b) => !present(b));
  if (missing.length === 0) return [];
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const aptThere = spawnSync('apt-get', ['--version'], { encoding: 'utf8' }).error === undefined;
  if (!root || !aptThere || process.env.BULWARK_BENCH_NO_APT === '1') {
    log(`missing ${missing.join(', ')}; install with: apt-get install -y ${missing.map((b) => PACKAGES[b]).join(' ')}`);
    return missing;
  }
  const install = ['install', '-y', '--no-install-recommends', ...missing.map((b) => PACKAGES[b])];
  log(`installing ${missing.join(', ')} with apt-get`);
  if (!apt(install, log) && apt(['update'], log)) apt(install, log);
  return missing.filter((b) => !present(b));
}
