/**
 * @module test/helpers/cli
 * Runs the bulwark CLI in-process (fast) or as a real child process (the installed bin),
 * capturing output and the exit code.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { PROJECT_ROOT } from './shared-data.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `bulwark …argv` in-process with `cwd`. */
export async function runCli(argv: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    io: { out: (s) => out.push(s), err: (s) => err.push(s) },
    cwd: options.cwd,
    env: { BULWARK_ACTOR: 'test', ...(options.env ?? {}) },
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Runs `node bin/bulwark.js …argv` as a child process (dist/ must be built: `npm test` builds first). */
export function runBin(argv: readonly string[], options: { cwd: string; env?: Record<string, string> }): CliResult {
  const result = spawnSync(process.execPath, [resolve(PROJECT_ROOT, 'bin', 'bulwark.js'), ...argv], {
    cwd: options.cwd,
    env: { ...process.env, BULWARK_ACTOR: 'test', ...(options.env ?? {}) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
