/**
 * @module app/demo/upstreams
 * Starts `bulwark serve-model` as child processes (the model servers the demo's gateway
 * sits in front of) and waits for each one's `serving NAME VERSION at URL` line. The
 * children run the built CLI (`dist/cli/main.js`) with this process's Node binary; they
 * are stopped with SIGTERM (then SIGKILL after a grace period) on `close()`, and killed if
 * this process exits first.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoErrors } from './errors.js';

/** One running `serve-model`. */
export interface ModelServerProcess {
  readonly name: string;
  readonly version: string;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly pid: number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. Idempotent. */
  close(graceMs?: number): Promise<void>;
}

/** Options of {@link startModelServerProcess}. */
export interface ModelServerProcessOptions {
  readonly model: string;
  readonly name: string;
  readonly version: string;
  /** How long to wait for the `serving` line, ms (default 30 000). */
  readonly startTimeoutMs?: number;
  /** Receives the child's stderr lines. */
  readonly onStderr?: (line: string) => void;
}

const SERVING = /^serving (\S+) (\S+) at (http:\/\/\S+)$/m;

/**
 * The CLI launcher `bin/bulwark.js` of the package this module belongs to (found by
 * walking up to its package.json, so it works from `dist/` and from `src/` under the test
 * runner), after checking that the compiled CLI it loads (`dist/cli/main.js`) exists.
 *
 * @throws DEMO_ERR_NOT_BUILT when dist/cli/main.js is missing.
 * @example
 * cliEntryPoint(); // '/work/bulwark/bin/bulwark.js'
 */
export function cliEntryPoint(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'bulwark') break;
    const parent = dirname(dir);
    if (parent === dir) throw demoErrors.error('DEMO_ERR_NOT_BUILT', 'cannot find the bulwark package root above this module', { from: import.meta.url });
    dir = parent;
  }
  const entry = join(dir, 'dist', 'cli', 'main.js');
  if (!existsSync(entry)) throw demoErrors.error('DEMO_ERR_NOT_BUILT', `${entry} is missing: run \`npm run build\` (npm install runs it)`, { entry });
  return join(dir, 'bin', 'bulwark.js');
}

/**
 * Spawns `bulwark serve-model --model FILE --name NAME --version V --port 0` and resolves
 * once it prints where it listens.
 *
 * @throws DEMO_ERR_UPSTREAM when the process exits or stays silent before serving.
 * @example
 * const v1 = await startModelServerProcess({ model: 'models/v1.onnx', name: 'fraud', version: 'v1' });
 * v1.url; // 'http://127.0.0.1:40123'
 * await v1.close();
 */
export async function startModelServerProcess(options: ModelServerProcessOptions): Promise<ModelServerProcess> {
  const args = [cliEntryPoint(), 'serve-model', '--model', options.model, '--name', options.name, '--version', options.version, '--host', '127.0.0.1', '--port', '0'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  void exited.then(() => process.off('exit', killOnExit));
  forwardLines(child, options.onStderr);
  try {
    const url = await waitForServing(child, options);
    return { name: options.name, version: options.version, url, pid: child.pid ?? -1, close: closer(child, exited) };
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }
}

function forwardLines(child: ChildProcess, onStderr: ((line: string) => void) | undefined): void {
  let pending = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line !== '') onStderr?.(line);
  });
}

function waitForServing(child: ChildProcess, options: ModelServerProcessOptions): Promise<string> {
  const what = `serve-model ${options.name} ${options.version}`;
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(`${what} printed nothing within ${options.startTimeoutMs ?? 30_000} ms`), options.startTimeoutMs ?? 30_000);
    const onData = (chunk: string): void => {
      out += chunk;
      const match = SERVING.exec(out);
      if (match === null) return;
      cleanup();
      resolve(match[3] as string);
    };
    const onExit = (code: number | null, signal: string | null): void => fail(`${what} exited (${signal ?? `code ${code}`}) before serving; its output: ${out.trim().slice(0, 500) || '(none)'}`);
    const onError = (err: Error): void => fail(`${what} could not start: ${err.message}`);
    function cleanup(): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    }
    function fail(message: string): void {
      cleanup();
      reject(demoErrors.error('DEMO_ERR_UPSTREAM', message, { model: options.model, version: options.version }));
    }
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function closer(child: ChildProcess, exited: Promise<void>): (graceMs?: number) => Promise<void> {
  let closing: Promise<void> | undefined;
  return (graceMs = 5_000) =>
    (closing ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    })());
}
