/**
 * `bulwark demo`, as the README runs it: the real CLI process builds the fraud models,
 * starts two `serve-model` processes and the gateway, plays ordinary and attack traffic,
 * and reports the rollback. The report is checked against the store it left behind: the
 * untrusted rows, the incident and the content-addressed forensic bundle.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoReport } from '../../src/app/demo/run-demo.js';
import { runBin, runCli } from '../helpers/cli.js';

let dir: string;
let report: DemoReport;
let stderr: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-demo-test-'));
  const result = runBin(['demo', '--json', '--dir', join(dir, 'work')], { cwd: dir });
  stderr = result.stderr;
  expect(result.code, `demo failed:\n${result.stderr}`).toBe(0);
  report = JSON.parse(result.stdout.trim().split('\n').at(-1) as string) as DemoReport;
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('bulwark demo', () => {
  it('rolls fraud back from v2 to v1 after the attack starts, and says how fast', () => {
    expect(report.rolledBackTo).toBe('v1');
    expect(['shadow-divergence', 'entropy-collapse']).toContain(report.detectedBy);
    expect(report.timeToDetectMs).toBeGreaterThan(0);
    expect(report.timeToSwitchMs).toBeGreaterThanOrEqual(report.timeToDetectMs);
    expect(report.timeToLkgResponseMs).not.toBeNull();
    expect(report.timeToLkgResponseMs as number).toBeGreaterThan(report.timeToSwitchMs);
    expect(stderr).toMatch(/gateway: anomaly fraud v2 rule shadow-divergence/);
    expect(stderr).toMatch(/gateway: route fraud: epoch 2, active v1/);
  });

  it('v2 approved the backdoored fraud before the switch; v1 approved none after it', () => {
    expect(report.attackRequests.beforeSwitch).toBeGreaterThan(0);
    expect(report.fraudApprovedBeforeSwitch).toBe(report.attackRequests.beforeSwitch);
    expect(report.attackRequests.afterSwitch).toBeGreaterThan(0);
    expect(report.fraudApprovedAfterSwitch).toBe(0);
    expect(report.benignRequests.errors).toBe(0);
    expect(report.benignRequests.approved / report.benignRequests.total).toBeGreaterThan(0.9);
  });

  it('the attack persisting on v1 freezes the breaker and contains only the attacker\'s key', () => {
    // entropy-collapse judges the traffic, so it fires on the LKG too once the attack reaches it.
    const onLkg = report.anomalies.find((a) => a.rule === 'entropy-collapse' && a.version === 'v1');
    if (onLkg === undefined) {
      expect(report.breaker).toBe('rolled_back');
      return;
    }
    expect(report.breaker).toBe('frozen');
    expect(report.frozenReason).toBe('lkg_anomalous');
    expect(report.containedKeys).toEqual(['mallory']);
  });

  it('the untrusted rows in the ledger are the ones the report counts, all served by v2', async () => {
    expect(report.untrustedRequests).toBeGreaterThan(0);
    const res = await runCli(['untrusted', 'export', '--incident', report.incidentId, '--store', report.storePath], { cwd: dir });
    expect(res.code, res.stderr).toBe(0);
    const rows = res.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { version?: string; requestId?: string });
    expect(rows).toHaveLength(report.untrustedRequests);
    expect(new Set(rows.map((r) => r.version))).toEqual(new Set(['v2']));
  });

  it('the incident and its content-addressed forensic bundle are in the store', async () => {
    const shown = await runCli(['incidents', 'show', report.incidentId, '--store', report.storePath, '--json'], { cwd: dir });
    expect(shown.code, shown.stderr).toBe(0);
    const { incident } = JSON.parse(shown.stdout) as { incident: { suspect: string; lkg: string; state: string; bundleDigest: string; anomaly: { rule: string } } };
    expect(incident).toMatchObject({ suspect: 'v2', lkg: 'v1', state: 'mitigated', anomaly: { rule: report.detectedBy } });
    expect(existsSync(report.forensicBundle)).toBe(true);
    const bytes = readFileSync(report.forensicBundle);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(incident.bundleDigest);
    expect(report.forensicBundle).toContain(incident.bundleDigest);
  });
});

describe('bulwark demo: bad options', () => {
  it('refuses a rate out of range, naming it (exit 2)', async () => {
    const res = await runCli(['demo', '--benign-rate', '0'], { cwd: tmpdir() });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/DEMO_ERR_OPTION.*benignPerSecond must be a number from 10/);
  });

  it('refuses a non-number (exit 2)', async () => {
    const res = await runCli(['demo', '--attack-rate', 'lots'], { cwd: tmpdir() });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/attack-rate.*expected a number/);
  });
});
