/**
 * Crash safety of the rollback (issue 7): a real `bulwark gateway` process (the app's
 * composition root on an SQLite store) is SIGKILLed at every step of a rollback (after the
 * WAL write, after each effect, after each completion mark, between the sub-steps of the
 * forensic persist and the untrusted marking), restarted, and the rollback must have
 * completed exactly once: one incident, one forensic bundle (one file, one index row), the
 * untrusted rows marked once (one stamp), one processed webhook per idempotency key (a
 * repeat after a crash carries the same key), the route on the LKG, nothing pending.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { startWebhookServer } from '../../fixtures/rollback/webhook-server.js';
import type { WebhookServer } from '../../fixtures/rollback/webhook-server.js';
import { openSqliteStore } from '../../../src/store/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..', '..');
const CHILD = join(ROOT, 'test', 'fixtures', 'rollback', 'crash-child.ts');

interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runChild(dir: string, mode: 'run' | 'resume', webhook: string, strategy: string, crashAt?: string): Promise<ChildResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, mode, webhook, strategy], {
      cwd: ROOT,
      env: { ...process.env, ...(crashAt === undefined ? {} : { BULWARK_CRASH_AT: crashAt }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/**
 * Effects of an immediate rollback: 0 freeze, 1 switch, 2 persist, 3 mark, 4 quarantine, 5 incident, 6 alert
 * (a canary's first step has no quarantine: 4 incident, 5 alert).
 */
const IMMEDIATE_POINTS = [
  'wal',
  ...[0, 1, 2, 3, 4, 5, 6].flatMap((i) => [`effect:${i}`, `marked:${i}`]),
  '2:digest',
  '3:marked',
  '3:webhook-sent',
  '3:webhook',
  'events',
];

type Expect = typeof import('vitest').expect;

async function verify(expect: Expect, dir: string, hooks: WebhookServer): Promise<void> {
  const store = openSqliteStore({ path: join(dir, '.bulwark', 'bulwark.db') });
  try {
    const incidents = await store.rollback.incidents.list();
    expect(incidents).toHaveLength(1);
    const incident = incidents[0];
    expect(incident).toMatchObject({ model: 'fraud', state: 'mitigated', suspect: 'v2', lkg: 'v1', untrusted: { count: 6 } });
    const bundles = await store.rollback.forensics.list();
    expect(bundles).toHaveLength(1);
    expect(incident?.bundleDigest).toBe(bundles[0]?.digest);
    expect(readdirSync(join(dir, '.bulwark', 'forensics'))).toEqual([`${bundles[0]?.digest}.json`]);
    const rows = await store.ledger.query({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
    const marked = rows.filter((r) => r.incidentId === incident?.id);
    expect(marked.map((r) => r.requestId)).toEqual(['r-1', 'r-2', 'r-3', 'r-4', 'r-5', 'r-6']);
    expect(new Set(marked.map((r) => r.untrustedAt)).size).toBe(1); // marked once (one stamp)
    expect(await store.rollback.wal.incomplete()).toEqual([]);
    // One marking found rows (a canary's second marking finds none and sends nothing): one key,
    // processed once; a repeat after a crash carries the same key and the same list.
    const untrusted = hooks.received.filter((d) => d.event === 'untrusted');
    expect(new Set(untrusted.map((d) => d.key)).size).toBe(1);
    expect(hooks.processed.size).toBe(1);
    const [first] = [...hooks.processed.values()];
    expect((first?.body as { requestIds: string[] }).requestIds).toEqual(['r-1', 'r-2', 'r-3', 'r-4', 'r-5', 'r-6']);
    for (const d of untrusted) expect(d.body).toEqual(first?.body);
  } finally {
    await store.shutdown();
  }
}

/** Runs one scenario in its own folder against its own webhook receiver. */
async function scenario(expect: Expect, strategy: 'immediate' | 'canary', point: string | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-crash-'));
  const hooks = await startWebhookServer();
  try {
    const first = await runChild(dir, 'run', hooks.url, strategy, point);
    let out = first.stdout;
    if (point === undefined) expect(first.code, first.stderr).toBe(0);
    else {
      expect(first.signal, `${point}: ${first.stderr}`).toBe('SIGKILL');
      const resumed = await runChild(dir, 'resume', hooks.url, strategy);
      expect(resumed.code, resumed.stderr).toBe(0);
      out = resumed.stdout;
    }
    const { state, route } = JSON.parse(out) as { state: { kind: string }; route: { active: string; lkg: string; weights?: unknown } };
    expect(state.kind).toBe('rolled_back');
    expect(route).toMatchObject({ active: 'v1', lkg: 'v1' });
    expect(route.weights).toBeUndefined();
    await verify(expect, dir, hooks);
  } finally {
    await hooks.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('rollback crash safety: SIGKILL at every step, restart, exactly once', () => {
  it('completes without a crash (baseline)', ({ expect }) => scenario(expect, 'immediate', undefined), 120_000);

  it.for(IMMEDIATE_POINTS)('crash at %s, restart: the rollback completes exactly once', { timeout: 120_000 }, (point, { expect }) => scenario(expect, 'immediate', point));

  it.for(['effect:0', 'marked:1', 'marked:5'])('canary: crash in the first step at %s, restart: the canary completes', { timeout: 120_000 }, (point, { expect }) => scenario(expect, 'canary', point));
});
