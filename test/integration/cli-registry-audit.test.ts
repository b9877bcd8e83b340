/**
 * The registry and audit CLI end to end on the embedded SQLite store, including tamper
 * detection by editing the database file directly (issue 2, items 6 and 7).
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBin, runCli } from '../helpers/cli.js';

let dir: string;
const db = () => join(dir, '.bulwark', 'bulwark.db');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-cli-'));
  writeFileSync(join(dir, 'v1.onnx'), 'model-one');
  writeFileSync(join(dir, 'v2.onnx'), 'model-two');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function seed(): Promise<void> {
  expect((await runCli(['registry', 'add', '--model', 'fraud', '--version', 'v1', '--artifact', 'v1.onnx', '--upstream', 'http://127.0.0.1:9001'], { cwd: dir })).code).toBe(0);
  expect((await runCli(['registry', 'add', '--model', 'fraud', '--version', 'v2', '--artifact', 'v2.onnx'], { cwd: dir })).code).toBe(0);
  expect((await runCli(['registry', 'status', '--model', 'fraud', '--version', 'v1', '--set', 'lkg', '--reason', 'baseline'], { cwd: dir })).code).toBe(0);
  expect((await runCli(['registry', 'status', '--model', 'fraud', '--version', 'v2', '--set', 'active'], { cwd: dir })).code).toBe(0);
}

describe('bulwark registry', () => {
  it('adds versions under .bulwark/ and records the sha256', async () => {
    const r = await runCli(['registry', 'add', '--model', 'fraud', '--version', 'v1', '--artifact', 'v1.onnx', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // sha256("model-one"), computed independently: printf model-one | sha256sum
    expect(out.artifact.digest).toBe('9166fad397c114bbe01aaeff5b32e9492b5aec84bb0d1c2ee2a98840daede911');
    expect(out.artifact.sizeBytes).toBe(9);
    expect(out.created).toBe(true);
  });

  it('is a no-op for the same digest and exit 2 REG_ERR_VERSION_CONFLICT for another', async () => {
    await seed();
    const same = await runCli(['registry', 'add', '--model', 'fraud', '--version', 'v1', '--artifact', 'v1.onnx'], { cwd: dir });
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^unchanged: fraud v1/);
    const other = await runCli(['registry', 'add', '--model', 'fraud', '--version', 'v1', '--artifact', 'v2.onnx'], { cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^error REG_ERR_VERSION_CONFLICT: fraud v1 is already registered/);
  });

  it('lists and shows with --json, status history included', async () => {
    await seed();
    const list = JSON.parse((await runCli(['registry', 'list', '--json'], { cwd: dir })).stdout);
    expect(list.map((v: { version: string; status: string }) => [v.version, v.status])).toEqual([['v1', 'lkg'], ['v2', 'active']]);
    const show = JSON.parse((await runCli(['registry', 'show', '--model', 'fraud', '--version', 'v1', '--json'], { cwd: dir })).stdout);
    expect(show.history.map((h: { status: string }) => h.status)).toEqual(['candidate', 'lkg']);
    expect(show.upstream).toBe('http://127.0.0.1:9001');
    const text = await runCli(['registry', 'list'], { cwd: dir });
    expect(text.stdout.split('\n')[0]).toMatch(/^MODEL\s+VERSION\s+STATUS/);
  });

  it('gives documented errors for bad input, never a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['registry', 'add', '--model', 'fraud', '--version', 'v1', '--artifact', 'missing.onnx'], /^error CLI_ERR_FILE_NOT_FOUND: .*missing\.onnx/],
      [['registry', 'show', '--model', 'nope'], /^error REG_ERR_UNKNOWN_MODEL: /],
      [['registry', 'add', '--model', 'bad name', '--version', 'v1', '--artifact', 'v1.onnx'], /^error REG_ERR_INVALID_NAME: /],
      [['registry', 'add', '--version', 'v1', '--artifact', 'v1.onnx'], /^error CLI_ERR_USAGE: required option '--model <name>' not specified/],
      [['registry', 'frobnicate'], /^error CLI_ERR_USAGE: /],
    ];
    for (const [argv, pattern] of cases) {
      const r = await runCli(argv, { cwd: dir });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    await seed();
    const r = await runCli(['registry', 'show', '--model', 'fraud', '--version', 'v7'], { cwd: dir });
    expect(r.stderr).toMatch(/^error REG_ERR_UNKNOWN_VERSION: model "fraud" has no version "v7" \(registered: v1, v2\)/);
  });

  it('refuses a memory store, which would forget the mutation when the command exits', async () => {
    writeFileSync(join(dir, 'bulwark.yaml'), 'store: { kind: memory }\n');
    const r = await runCli(['registry', 'add', '--model', 'fraud', '--version', 'v1', '--artifact', 'v1.onnx'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error STO_ERR_UNSUPPORTED_KIND: store.kind memory/);
  });

  it('rejects a malformed signature file naming the line', async () => {
    writeFileSync(join(dir, 'sig.yaml'), 'inputs: [\n  {name: x,\n');
    const r = await runCli(['registry', 'add', '--model', 'fraud', '--version', 'v1', '--artifact', 'v1.onnx', '--signature', 'sig.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error REG_ERR_INVALID_SIGNATURE: .*sig\.yaml:\d+:\d+/);
  });
});

describe('bulwark audit verify', () => {
  it('is intact after mutations and names the first bad entry after an edit', async () => {
    await seed();
    const ok = await runCli(['audit', 'verify', '--json'], { cwd: dir });
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report).toMatchObject({ intact: true, verified: 4, head: { seq: 4 } });

    const conn = new Database(db());
    conn.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run();
    conn.close();
    const bad = await runCli(['audit', 'verify'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^not intact: first bad entry 2 \(hash-mismatch\)/);
  });

  it('detects a deleted entry', async () => {
    await seed();
    const conn = new Database(db());
    conn.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    conn.close();
    const r = await runCli(['audit', 'verify', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).firstBad).toMatchObject({ seq: 4, problem: 'sequence-gap' });
  });

  it('detects reordered entries', async () => {
    await seed();
    const conn = new Database(db());
    conn.exec('BEGIN; UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 100; COMMIT;');
    conn.close();
    const r = await runCli(['audit', 'verify', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).firstBad.seq).toBe(2);
  });

  it('detects deletion from the end against an anchor', async () => {
    await seed();
    const head = JSON.parse((await runCli(['audit', 'verify', '--json'], { cwd: dir })).stdout).head.hash;
    const conn = new Database(db());
    conn.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    conn.close();
    expect((await runCli(['audit', 'verify'], { cwd: dir })).code).toBe(0);
    const r = await runCli(['audit', 'verify', '--expect-head', head], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/head-mismatch/);
  });
});

describe('the installed bin', () => {
  it('has --help for every verb and exit code 2 with error CODE for bad input', () => {
    for (const argv of [['--help'], ['registry', '--help'], ['registry', 'add', '--help'], ['registry', 'list', '--help'], ['registry', 'show', '--help'], ['registry', 'status', '--help'], ['audit', 'verify', '--help'], ['audit', 'list', '--help']]) {
      const r = runBin(argv, { cwd: dir });
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: bulwark/);
    }
    const add = runBin(['registry', 'add', '--model', 'fraud', '--version', 'v1', '--artifact', 'v1.onnx'], { cwd: dir });
    expect(add.code).toBe(0);
    const missing = runBin(['registry', 'add', '--model', 'fraud', '--version', 'v3', '--artifact', 'nope.onnx'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error CLI_ERR_FILE_NOT_FOUND: /);
  });
});
