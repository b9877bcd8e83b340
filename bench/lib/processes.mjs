/**
 * @module bench/lib/processes
 * Child processes of the macro benchmarks: start a server and read its URL from its first
 * stdout line (`… at http://…`), stop it with SIGTERM, read its CPU time from /proc (so
 * that a row can report CPU per request, steadier than throughput on a shared machine),
 * find a free loopback port, and wait until an address answers HTTP.
 */
/* global fetch -- Node 20's global; the lint config gives bench/ no environment globals */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import process from 'node:process';
import { createInterface } from 'node:readline';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ). */
const TICK_MS = 10;

/**
 * Starts `command args` and resolves with the child and the URL of its first stdout line.
 *
 * @example
 * const { child, url } = await startChild(process.execPath, ['oip-stub.mjs']);
 */
export async function startChild(command, args, env = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${command} ${args.join(' ')} exited with ${code} before printing its URL`);
  });
  const lines = createInterface({ input: child.stdout });
  const [line] = await Promise.race([once(lines, 'line'), exited]);
  const url = /at (http:\/\/\S+)$/.exec(line)?.[1];
  if (url === undefined) throw new Error(`unexpected first line: ${line}`);
  lines.on('line', (more) => process.stderr.write(`${more}\n`));
  return { child, url };
}

/** Sends SIGTERM and resolves with the exit code (or the signal name). */
export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
  const exit = once(child, 'exit');
  child.kill('SIGTERM');
  const [code, signal] = await exit;
  return code ?? signal;
}

/** User + system CPU milliseconds of a process so far (Linux /proc), or undefined elsewhere. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** User + system CPU milliseconds of a process's main thread (Linux /proc/PID/task/PID), or undefined elsewhere. */
export function mainThreadCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** A loopback port that was free a moment ago. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Polls `url` until it answers (any status) or `timeoutMs` passes. */
export async function waitForHttp(url, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await (await fetch(url)).arrayBuffer();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms: ${err.message}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
