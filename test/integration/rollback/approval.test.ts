/**
 * Human in the loop across processes: a rollback persisted in the SQLite store, a
 * `bulwark gateway` process that restores it (the route re-pinned on the LKG although the
 * config says v2), and `bulwark approve --wait` in another process: the gateway picks the
 * approval up from the store's command queue, rolls forward in canary steps, and both the
 * request and its application are in the audit log under the operator's name.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, rollbackConfig } from '../../fixtures/rollback/harness.js';
import { startFixtureUpstream } from '../../helpers/fixture-upstream.js';
import type { FixtureUpstream } from '../../helpers/fixture-upstream.js';
import { sha256Hex } from '../../../src/shared/digest.js';
import { openSqliteStore } from '../../../src/store/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = join(ROOT, 'test', 'fixtures', 'rollback', 'cli-child.ts');
const KEY = 'shop-secret-key-1';

function bulwark(args: readonly string[], cwd: string): ChildProcess {
  // tsx resolved from the project, since the child runs in the temp folder.
  return spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CLI, ...args], { cwd, env: { ...process.env, BULWARK_ACTOR: 'alice' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function output(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, stdout, stderr })));
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let buffered = '';
    child.stdout?.on('data', (c: Buffer) => {
      buffered += c.toString();
      if (buffered.includes('\n')) done(buffered.slice(0, buffered.indexOf('\n')));
    });
    child.on('exit', (code) => fail(new Error(`exited with ${String(code)} before printing`)));
  });
}

let dir: string;
let upstreams: FixtureUpstream[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-approval-'));
  upstreams = await Promise.all(['v1', 'v2', 'v3'].map((v) => startFixtureUpstream(v)));
  const store = openSqliteStore({ path: join(dir, '.bulwark', 'bulwark.db') });
  const h = await harness({ store, config: rollbackConfig({ canary: { steps: [5, 100], verifySeconds: 0 } }) });
  await h.orchestrator.onAnomaly({ model: 'fraud', id: 'a-1', rule: 'entropy-collapse', version: 'v2', severity: 'page', action: 'rollback', onset: Date.now() - 1_000 });
  await h.orchestrator.shutdown();
  await store.shutdown();
  writeFileSync(
    join(dir, 'bulwark.yaml'),
    stringify({
      server: { listen: '127.0.0.1:0', admin: '127.0.0.1:0' },
      keys: [{ id: 'shop', sha256: sha256Hex(KEY) }],
      models: {
        fraud: {
          protocol: 'oip-v2',
          versions: Object.fromEntries(upstreams.map((u) => [u.version, { upstream: u.url }])),
          route: { active: 'v2', lkg: 'v1' },
          rules: [{ id: 'entropy-collapse', when: 'entropy(input_fingerprint) < 0.5', severity: 'page', action: 'rollback' }],
          rollback: { canary: { steps: [5, 100], verifySeconds: 0 } },
        },
      },
    }),
  );
});

afterAll(async () => {
  await Promise.all(upstreams.map((u) => u.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function servedBy(url: string): Promise<string | null> {
  const res = await fetch(`${url}/v2/models/fraud/infer`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: '{"inputs":[]}' });
  await res.arrayBuffer();
  return res.headers.get('x-model-version');
}

describe('bulwark approve against a running bulwark gateway', () => {
  it('restores the rollback, then rolls forward once a human approves', { timeout: 60_000 }, async () => {
    const gateway = bulwark(['gateway', '--config', 'bulwark.yaml', '--json'], dir);
    const exited = output(gateway);
    const { dataPlane } = JSON.parse(await firstLine(gateway)) as { dataPlane: string };
    expect(await servedBy(dataPlane)).toBe('v1'); // re-pinned on the LKG, not the config's v2

    const refused = await output(bulwark(['approve', '--model', 'fraud', '--version', 'v1', '--reason', 'r'], dir));
    expect([refused.code, refused.stderr.trim()]).toEqual([2, expect.stringMatching(/^error BRK_ERR_BAD_COMMAND/)]);

    const approved = await output(bulwark(['approve', '--model', 'fraud', '--version', 'v3', '--reason', 'retrained without the flag', '--wait', '20'], dir));
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toMatch(/^applied command #1 \(approve fraud → v3\): decision 3: rolling_forward/);
    let version: string | null = null;
    for (let i = 0; i < 50 && version !== 'v3'; i++) {
      version = await servedBy(dataPlane);
      if (version !== 'v3') await new Promise((r) => setTimeout(r, 100));
    }
    expect(version).toBe('v3');

    gateway.kill('SIGTERM');
    const stopped = await exited;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toMatch(/route fraud: epoch \d+, active v3 \(bulwark:rollback: step_passed/);

    const store = openSqliteStore({ path: join(dir, '.bulwark', 'bulwark.db') });
    try {
      const audit = await store.audit.list({});
      expect(audit.filter((e) => e.actor === 'alice').map((e) => e.action)).toEqual(['breaker.approve.requested', 'breaker.approve']);
      expect(await store.rollback.commands.get(1)).toMatchObject({ status: 'applied', actor: 'alice' });
      expect((await store.rollback.incidents.list())[0]).toMatchObject({ state: 'resolved', resolution: { actor: 'alice', how: 'approved' } });
      expect((await store.rollback.wal.latest('fraud'))?.state).toMatchObject({ kind: 'steady', active: 'v3' });
    } finally {
      await store.shutdown();
    }
  });
});
