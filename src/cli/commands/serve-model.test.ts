/**
 * `bulwark serve-model` (issue 3, item 4): usage errors in-process, and the real CLI as a
 * long-running child process (dist/ must be built: `npm test` builds first) that prints
 * its URL, serves inferences and exits 0 on SIGTERM.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { PROJECT_ROOT } from '../../../test/helpers/shared-data.js';
import { call, classifierOnnx, expectedProbs, outputData } from '../../models/server/fixtures.contract.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-serve-cli-'));
  writeFileSync(join(dir, 'credit.onnx'), classifierOnnx());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = (...extra: string[]) => ['serve-model', '--model', 'credit.onnx', '--name', 'credit', '--version', 'v1', ...extra];

describe('bulwark serve-model: usage errors (exit 2)', () => {
  it('names a missing model file', async () => {
    const r = await runCli(['serve-model', '--model', 'absent.onnx', '--name', 'credit', '--version', 'v1', '--port', '0'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error CLI_ERR_FILE_NOT_FOUND: ${join(dir, 'absent.onnx')}: no such file`);
    expect(r.stdout).toBe('');
  });

  it('refuses a bad port or body limit', async () => {
    for (const port of ['abc', '70000', '-1', '8080.5']) {
      const r = await runCli(args('--port', port), { cwd: dir });
      expect(r.code, port).toBe(2);
      expect(r.stderr).toBe(`error CLI_ERR_USAGE: --port must be an integer 0–65535, got "${port}"`);
    }
    const r = await runCli(args('--max-body-bytes', '0'), { cwd: dir });
    expect([r.code, r.stderr]).toEqual([2, `error CLI_ERR_USAGE: --max-body-bytes must be an integer 1–${Number.MAX_SAFE_INTEGER}, got "0"`]);
  });

  it('requires --model, --name and --version', async () => {
    const r = await runCli(['serve-model', '--model', 'credit.onnx', '--version', 'v1'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error CLI_ERR_USAGE: required option '--name <name>' not specified/);
  });
});

/** Starts the real CLI and resolves with the child and its first stdout line. */
async function startChild(argv: string[]): Promise<{ child: ChildProcess; line: string; stderr: () => string }> {
  const child = spawn(process.execPath, [resolve(PROJECT_ROOT, 'bin', 'bulwark.js'), ...argv], { cwd: dir, env: { ...process.env, BULWARK_ACTOR: 'test' } });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`serve-model exited (${String(code)}) before its first line: ${err}`);
  });
  const [line] = (await Promise.race([once(lines, 'line'), exited])) as [string];
  return { child, line, stderr: () => err };
}

describe('bulwark serve-model as a child process', () => {
  it('prints its URL, serves OIP v2, and exits 0 on SIGTERM', async () => {
    const { child, line, stderr } = await startChild(args('--host', '127.0.0.1', '--port', '0'));
    try {
      const match = /^serving credit v1 at (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      expect(match, line).not.toBeNull();
      const url = (match as RegExpExecArray)[1] as string;
      expect(Number((match as RegExpExecArray)[2])).toBeGreaterThan(0);
      expect((await call(`${url}/v2/models/credit/ready`)).json).toEqual({ name: 'credit', ready: true });
      expect((await call(`${url}/v2/models/credit`)).json).toMatchObject({ platform: 'onnxruntime_onnx', versions: ['v1'] });
      const row = [0.5, -1, 2, 0];
      const answer = await call(`${url}/v2/models/credit/infer`, { body: { id: 'cli', inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: row }] } });
      expect(answer.status).toBe(200);
      outputData(answer).forEach((v, i) => expect(v).toBeCloseTo(expectedProbs(row)[i] as number, 6));
      const exit = once(child, 'exit');
      child.kill('SIGTERM');
      expect(await exit).toEqual([0, null]);
      expect(stderr()).toBe('');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
