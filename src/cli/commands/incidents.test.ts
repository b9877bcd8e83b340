/**
 * `bulwark incidents`, `bulwark forensics` and `bulwark untrusted export` against an SQLite
 * store in which an orchestrator rolled `fraud` back (the same file a gateway would use).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { harness, ledgerRow, T0 } from '../../../test/fixtures/rollback/harness.js';
import { sha256Hex } from '../../shared/digest.js';
import { openSqliteStore } from '../../store/index.js';

let dir: string;
let path: string;
let incidentId: string;
let digest: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-incidents-'));
  path = join(dir, '.bulwark', 'bulwark.db');
  const store = openSqliteStore({ path });
  const h = await harness({ store });
  await store.ledger.append([ledgerRow('r-1', 'v2', T0 - 30_000, 'shop,eu'), ledgerRow('r-2', 'v2', T0 - 1_000), ledgerRow('r-3', 'v1', T0 - 1_000)]);
  h.rings.record({ requestId: 'r-2', at: T0 - 1_000, model: 'fraud', version: 'v2', apiKeyId: 'shop', body: Buffer.from('{"x":1}'), bodyBytes: 7, signals: {}, status: 200 });
  await h.orchestrator.onAnomaly({ model: 'fraud', id: 'a-1', rule: 'entropy-collapse', version: 'v2', severity: 'page', action: 'rollback', onset: T0 - 2_000, apiKeys: ['shop'] });
  await h.orchestrator.shutdown();
  const [incident] = await store.rollback.incidents.list();
  incidentId = incident?.id as string;
  digest = incident?.bundleDigest as string;
  await store.shutdown();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bulwark incidents', () => {
  it('lists incidents as a table and as JSON lines', async () => {
    const text = await runCli(['incidents', 'list', '--store', path], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`${incidentId}\\s+fraud\\s+mitigated\\s+v2 → v1\\s+entropy-collapse`));
    const json = await runCli(['incidents', 'list', '--json', '--store', path], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ id: incidentId, untrusted: { count: 2 }, bundleDigest: digest });
  });

  it('shows one incident with its bundle, window and decisions; unknown ids are user errors', async () => {
    const shown = await runCli(['incidents', 'show', incidentId, '--store', path], { cwd: dir });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`forensics ${digest}`);
    expect(shown.stdout).toMatch(/#2 .* anomaly: steady → rolled_back; freeze_forensics, switch_route, persist_forensics, mark_untrusted, quarantine, open_incident, alert \(done\)/);
    const json = JSON.parse((await runCli(['incidents', 'show', incidentId, '--json', '--store', path], { cwd: dir })).stdout) as { decisions: unknown[] };
    expect(json.decisions).toHaveLength(1);
    const missing = await runCli(['incidents', 'show', 'inc-nope', '--store', path], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error RBK_ERR_UNKNOWN_INCIDENT/);
  });
});

describe('bulwark forensics', () => {
  it('shows a bundle by incident id or digest prefix and exports its exact bytes', async () => {
    const shown = await runCli(['forensics', 'show', incidentId, '--store', path], { cwd: dir });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/events\s+1 \(0 triggering\)/);
    const out = join(dir, 'bundle.json');
    const exported = await runCli(['forensics', 'export', digest.slice(0, 10), '--out', out, '--store', path], { cwd: dir });
    expect(exported.code).toBe(0);
    expect(sha256Hex(readFileSync(out))).toBe(digest);
  });

  it('refuses a bundle whose file no longer matches its digest', async () => {
    const file = join(dir, '.bulwark', 'forensics', `${digest}.json`);
    const original = readFileSync(file);
    writeFileSync(file, original.toString().replace('"fraud"', '"fraux"'));
    try {
      const shown = await runCli(['forensics', 'show', digest, '--store', path], { cwd: dir });
      expect(shown.code).toBe(1);
      expect(shown.stderr).toMatch(/^error RBK_ERR_BUNDLE_CORRUPT/);
    } finally {
      writeFileSync(file, original);
    }
    expect((await runCli(['forensics', 'show', 'deadbeef', '--store', path], { cwd: dir })).stderr).toMatch(/RBK_ERR_UNKNOWN_BUNDLE/);
  });
});

describe('bulwark untrusted export', () => {
  it('exports the marked rows as JSON lines and CSV', async () => {
    const jsonl = await runCli(['untrusted', 'export', '--incident', incidentId, '--store', path], { cwd: dir });
    expect(jsonl.stdout.split('\n').map((l) => (JSON.parse(l) as { request_id: string }).request_id)).toEqual(['r-1', 'r-2']);
    const csv = await runCli(['untrusted', 'export', '--incident', incidentId, '--format', 'csv', '--store', path], { cwd: dir });
    const lines = csv.stdout.split('\n');
    expect(lines[0]).toBe('request_id,at,model,version,api_key_id,status,input_digest,output_digest,untrusted_at,incident_id');
    expect(lines[1]).toMatch(/^r-1,.*,fraud,v2,"shop,eu",200,/);
    expect(lines).toHaveLength(3);
    expect((await runCli(['untrusted', 'export', '--incident', incidentId, '--format', 'xml', '--store', path], { cwd: dir })).code).toBe(2);
  });
});
