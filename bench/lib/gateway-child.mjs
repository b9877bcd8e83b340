/**
 * @module bench/lib/gateway-child
 * Runs the bulwark gateway for the bench in a process of its own, wired like
 * `bulwark gateway` (startGatewayApp: undici pools, SQLite ledger, audit log, and, where the
 * app already wires it, src/inspect's inspector table). With `--inspectors` and an app that
 * does not wire them yet, it passes every inspector of the registry itself (definitions and
 * the interceptors they need); which ones run is what the config's `inspectors` lists. Prints `gateway at http://…` once listening; SIGTERM drains and
 * exits 0. Reads the built code in dist/ (the bench script builds first).
 *
 * @example
 * node bench/lib/gateway-child.mjs --config /tmp/x/bulwark.yaml [--inspectors]
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The built bulwark to run: this checkout's dist/, or another build (`BULWARK_BENCH_DIST`, for before/after rows). */
const DIST = process.env.BULWARK_BENCH_DIST ?? join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'dist');

/** The registry of src/inspect, or undefined while it does not exist yet. */
export async function loadInspectorRegistry() {
  try {
    return await import(pathToFileURL(join(DIST, 'inspect', 'registry.js')).href);
  } catch (err) {
    if (err.code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

/** Longest graceful shutdown before the child gives up (drain 10 s + ledger flush, with room). */
const SHUTDOWN_WATCHDOG_MS = 30_000;

async function main() {
  const at = process.argv.indexOf('--config');
  const configPath = process.argv[at + 1];
  if (at === -1 || configPath === undefined) throw new Error('usage: gateway-child.mjs --config FILE [--inspectors]');
  const { startGatewayApp, systemGatewayTimers } = await import(pathToFileURL(join(DIST, 'app', 'gateway-app.js')).href);
  const log = (line) => process.stderr.write(`gateway: ${line}\n`);
  let extra = {};
  // Once the app wires src/inspect's table itself (app/inspector-resources.js), listing ids in the config is enough.
  const appWiresInspectors = existsSync(join(DIST, 'app', 'inspector-resources.js'));
  if (process.argv.includes('--inspectors') && !appWiresInspectors) {
    const registry = await loadInspectorRegistry();
    if (registry === undefined) throw new Error('--inspectors: dist/inspect/registry.js does not exist');
    const inspectors = registry.createGatewayInspectors({ timers: systemGatewayTimers, onError: (e) => log(`inspector: ${e.message}`) });
    extra = { inspectors: inspectors.definitions, interceptors: inspectors.interceptors };
  }
  const app = await startGatewayApp({ configPath, cwd: process.cwd(), env: process.env, log, admin: null, ...extra });
  process.stdout.write(`gateway at ${app.addresses.dataPlane}\n`);
  process.once('SIGTERM', () => {
    // A shutdown that hangs must not hang the bench: say what is still open, then exit 1.
    const watchdog = setTimeout(() => {
      const handles = process._getActiveHandles().map((h) => h?.constructor?.name ?? typeof h);
      const requests = process._getActiveRequests().map((r) => r?.constructor?.name ?? typeof r);
      log(`shutdown still running after ${SHUTDOWN_WATCHDOG_MS} ms; open handles: ${handles.join(', ')}; requests: ${requests.join(', ')}`);
      process.exit(1);
    }, SHUTDOWN_WATCHDOG_MS);
    watchdog.unref();
    app.shutdown().then(
      () => process.exit(0),
      (err) => {
        log(`shutdown failed: ${err.message}`);
        process.exit(1);
      },
    );
  });
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isMain) await main();
