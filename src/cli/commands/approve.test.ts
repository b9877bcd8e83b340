/**
 * `bulwark approve` and `bulwark unfreeze`: checked against the breaker state in the store,
 * audit-logged, queued; `--wait` follows the command until the gateway's orchestrator
 * (here in-process, on another connection to the same file) applies it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { harness, T0 } from '../../../test/fixtures/rollback/harness.js';
import type { Harness } from '../../../test/fixtures/rollback/harness.js';
import { openSqliteStore } from '../../store/index.js';

let dir: string;
let path: string;
let h: Harness;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-approve-'));
  path = join(dir, '.bulwark', 'bulwark.db');
  h = await harness({ store: openSqliteStore({ path }), extra: { commandPollMs: 60_000 } });
  await h.orchestrator.onAnomaly({ model: 'fraud', id: 'a-1', rule: 'entropy-collapse', version: 'v2', severity: 'page', action: 'rollback', onset: T0 });
});

afterEach(async () => {
  await h.orchestrator.shutdown();
  await h.store.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('bulwark approve / unfreeze', () => {
  it('queues an approval, audit-logged, and refuses what the breaker would refuse', async () => {
    const ok = await runCli(['approve', '--model', 'fraud', '--version', 'v3', '--reason', 'retrained', '--actor', 'alice', '--store', path], { cwd: dir });
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toMatch(/^queued command #1 \(approve fraud → v3\) by alice/);
    expect((await h.store.rollback.commands.pending()).map((c) => c.actor)).toEqual(['alice']);
    expect((await h.audit.list()).some((e) => e.action === 'breaker.approve.requested' && e.actor === 'alice')).toBe(true);

    const lkg = await runCli(['approve', '--model', 'fraud', '--version', 'v1', '--reason', 'r', '--store', path], { cwd: dir });
    expect([lkg.code, lkg.stderr]).toEqual([2, expect.stringMatching(/^error BRK_ERR_BAD_COMMAND/)]);
    const notFrozen = await runCli(['unfreeze', '--model', 'fraud', '--reason', 'r', '--store', path], { cwd: dir });
    expect([notFrozen.code, notFrozen.stderr]).toEqual([2, expect.stringMatching(/^error BRK_ERR_NOT_ALLOWED/)]);
    const unknown = await runCli(['approve', '--model', 'nope', '--version', 'v3', '--reason', 'r', '--store', path], { cwd: dir });
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/^error RBK_ERR_UNKNOWN_MODEL/)]);
    const noReason = await runCli(['approve', '--model', 'fraud', '--version', 'v3', '--reason', ' ', '--store', path], { cwd: dir });
    expect(noReason.code).toBe(2);
  });

  it('--wait returns once the gateway has applied the command', async () => {
    const cli = runCli(['approve', '--model', 'fraud', '--version', 'v3', '--reason', 'retrained', '--wait', '10', '--json', '--store', path], { cwd: dir });
    for (let i = 0; i < 100 && (await h.store.rollback.commands.pending()).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await h.orchestrator.pollCommands();
    const result = await cli;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'applied', detail: 'decision 3: rolling_forward' });
    expect(h.orchestrator.state('fraud')).toMatchObject({ kind: 'rolling_forward', target: 'v3' });
  });

  it('unfreezes a frozen model', async () => {
    await h.orchestrator.onAnomaly({ model: 'fraud', id: 'a-2', rule: 'entropy-collapse', version: 'v1', severity: 'page', action: 'rollback', onset: T0, apiKeys: ['shop'] });
    expect(h.orchestrator.state('fraud')?.kind).toBe('frozen');
    const cli = runCli(['unfreeze', '--model', 'fraud', '--reason', 'keys revoked', '--wait', '--store', path], { cwd: dir });
    for (let i = 0; i < 100 && (await h.store.rollback.commands.pending()).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await h.orchestrator.pollCommands();
    expect((await cli).stdout).toMatch(/^applied command #1 \(unfreeze fraud\): decision 4: rolled_back/);
    expect(h.containment.list()).toEqual([]);
  });
});
