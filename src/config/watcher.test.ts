/**
 * ConfigWatcher against real files in a temp dir: fs.watch events, debounce, rename
 * replacement, rejection with the previous config kept. No fixed sleeps: tests wait for
 * events with vi.waitFor, or force a re-read with forceFlush().
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../shared/clock.js';
import type { Timers } from './ports.js';
import type { BulwarkConfig } from './schema.js';
import { ConfigWatcher } from './watcher.js';

const config = (active: string, extra = ''): string => `models:
  fraud:
    protocol: oip-v2
    versions: { v1: { upstream: "http://127.0.0.1:9001" }, v2: { upstream: "http://127.0.0.1:9002" } }
    route: { active: ${active} }
${extra}`;

const watchers: ConfigWatcher[] = [];

afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.shutdown()));
});

interface Setup {
  file: string;
  dir: string;
  watcher: ConfigWatcher;
  reloads: [BulwarkConfig, BulwarkConfig][];
  rejections: { problems: readonly string[]; error: Error }[];
  errors: Error[];
}

function setup(initial: string, options: { timers?: Timers; clock?: ManualClock; env?: Record<string, string> } = {}): Setup {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-watch-'));
  const file = join(dir, 'bulwark.yaml');
  writeFileSync(file, initial);
  const errors: Error[] = [];
  const watcher = new ConfigWatcher({ file, env: options.env ?? {}, debounceMs: 10, onError: (e) => errors.push(e), ...options });
  watchers.push(watcher);
  const reloads: [BulwarkConfig, BulwarkConfig][] = [];
  const rejections: { problems: readonly string[]; error: Error }[] = [];
  watcher.on('reload', (next, prev) => reloads.push([next, prev]));
  watcher.on('rejected', (problems, error) => rejections.push({ problems, error }));
  return { file, dir, watcher, reloads, rejections, errors };
}

const active = (c: BulwarkConfig | undefined): string | undefined => c?.models['fraud']?.route.active;

describe('ConfigWatcher', () => {
  it('loads at start and swaps in a valid edit, announcing next and prev', async () => {
    const clock = new ManualClock(1_000);
    const s = setup(config('v1'), { clock });
    const first = await s.watcher.start();
    expect(active(first)).toBe('v1');
    expect(s.watcher.status()).toMatchObject({ loadedAtMs: 1_000 });
    clock.set(5_000);
    writeFileSync(s.file, config('v2'));
    await vi.waitFor(() => expect(s.reloads).toHaveLength(1));
    const [next, prev] = s.reloads[0]!;
    expect([active(next), active(prev)]).toEqual(['v2', 'v1']);
    expect(prev).toBe(first);
    expect(s.watcher.current()).toBe(next);
    expect(Object.isFrozen(next)).toBe(true);
    expect(s.watcher.status().loadedAtMs).toBe(5_000);
  });

  it('keeps the previous config and reports every problem when an edit is invalid', async () => {
    const s = setup(config('v1'));
    const first = await s.watcher.start();
    writeFileSync(s.file, config('v9', 'server: { listen: nope }\n'));
    await vi.waitFor(() => expect(s.rejections).toHaveLength(1));
    expect(s.rejections[0]?.problems).toEqual([
      'models.fraud.route.active: version "v9" is not declared under versions (declared: v1, v2) (line 5)',
      'server.listen: expected host:port, e.g. 127.0.0.1:8080 or [::1]:8080 (line 6)',
    ]);
    expect(s.rejections[0]?.error).toMatchObject({ code: 'CFG_ERR_INVALID' });
    expect(s.errors.map((e) => (e as { code?: string }).code)).toEqual(['CFG_ERR_INVALID']);
    expect(s.watcher.current()).toBe(first);
    expect(s.reloads).toEqual([]);

    writeFileSync(s.file, config('v2'));
    await vi.waitFor(() => expect(s.reloads).toHaveLength(1));
    expect(active(s.watcher.current())).toBe('v2');
    expect(s.reloads[0]?.[1]).toBe(first);
  });

  it('reports YAML syntax errors and missing variables as rejections too', async () => {
    const s = setup(config('v1'));
    await s.watcher.start();
    writeFileSync(s.file, 'models: [\n');
    await vi.waitFor(() => expect(s.rejections).toHaveLength(1));
    expect(s.rejections[0]?.error).toMatchObject({ code: 'CFG_ERR_YAML_SYNTAX' });
    writeFileSync(s.file, config('v2', 'store: { kind: postgres, url: ${DB_URL} }\n'));
    await vi.waitFor(() => expect(s.rejections).toHaveLength(2));
    expect(s.rejections[1]?.problems).toEqual(['store.url: environment variable DB_URL is not set']);
    expect(active(s.watcher.current())).toBe('v1');
  });

  it('ignores a rewrite with identical content', async () => {
    const s = setup(config('v1'));
    await s.watcher.start();
    writeFileSync(s.file, config('v1'));
    await s.watcher.forceFlush();
    writeFileSync(s.file, config('v2'));
    await vi.waitFor(() => expect(s.reloads).toHaveLength(1));
    await s.watcher.forceFlush();
    expect(s.reloads).toHaveLength(1);
    expect(active(s.reloads[0]?.[1])).toBe('v1');
  });

  it('follows editors that replace the file by rename', async () => {
    const s = setup(config('v1'));
    await s.watcher.start();
    const temp = join(s.dir, '.bulwark.yaml.tmp');
    writeFileSync(temp, config('v2'));
    renameSync(temp, s.file);
    await vi.waitFor(() => expect(s.reloads).toHaveLength(1));
    expect(active(s.watcher.current())).toBe('v2');
    // The watch survives the replacement: a second edit is seen as well.
    writeFileSync(s.file, config('v1'));
    await vi.waitFor(() => expect(s.reloads).toHaveLength(2));
  });

  it('rejects a deleted file once and keeps the config', async () => {
    const s = setup(config('v1'));
    const first = await s.watcher.start();
    rmSync(s.file);
    await vi.waitFor(() => expect(s.rejections).toHaveLength(1));
    expect(s.rejections[0]?.error).toMatchObject({ code: 'CFG_ERR_FILE_NOT_FOUND' });
    await s.watcher.forceFlush();
    expect(s.rejections).toHaveLength(1);
    expect(s.watcher.current()).toBe(first);
    writeFileSync(s.file, config('v2'));
    await vi.waitFor(() => expect(s.reloads).toHaveLength(1));
  });

  it('debounces a burst of events into one reload of the final content', async () => {
    const scheduled: { callback: () => void; cleared: boolean }[] = [];
    const timers: Timers = {
      setTimeout: (callback) => scheduled.push({ callback, cleared: false }) - 1,
      clearTimeout: (handle) => {
        const entry = scheduled[handle as number];
        if (entry) entry.cleared = true;
      },
    };
    const s = setup(config('v1'), { timers });
    await s.watcher.start();
    writeFileSync(s.file, config('v2'));
    writeFileSync(s.file, config('v1', 'anonymous: true\n'));
    writeFileSync(s.file, config('v2', 'anonymous: true\n'));
    await vi.waitFor(() => expect(scheduled.length).toBeGreaterThan(0));
    const pending = scheduled.filter((t) => !t.cleared);
    expect(pending).toHaveLength(1);
    pending[0]?.callback();
    await vi.waitFor(() => expect(s.reloads).toHaveLength(1));
    expect(s.reloads[0]?.[0]).toMatchObject({ anonymous: true, models: { fraud: { route: { active: 'v2' } } } });
  });

  it('reports a throwing listener to onError and still calls the others', async () => {
    const s = setup(config('v1'));
    await s.watcher.start();
    s.watcher.on('reload', () => {
      throw new Error('listener bug');
    });
    const late: string[] = [];
    s.watcher.on('reload', (next) => late.push(active(next) ?? '?'));
    writeFileSync(s.file, config('v2'));
    await s.watcher.forceFlush();
    expect(late).toEqual(['v2']);
    expect(s.errors.map((e) => e.message)).toEqual(['listener bug']);
  });

  it('unsubscribes, and shuts down idempotently without further events', async () => {
    const s = setup(config('v1'));
    await s.watcher.start();
    const seen: string[] = [];
    const off = s.watcher.on('reload', (next) => seen.push(active(next) ?? '?'));
    off();
    await s.watcher.shutdown();
    await s.watcher.shutdown();
    writeFileSync(s.file, config('v2'));
    await s.watcher.forceFlush();
    expect(seen).toEqual([]);
    expect(s.reloads).toEqual([]);
    expect(active(s.watcher.current())).toBe('v1');
  });

  it('fails start() on an invalid file, with the CFG error', async () => {
    const s = setup('models: { fraud: { protocol: nope } }\n');
    await expect(s.watcher.start()).rejects.toMatchObject({ code: 'CFG_ERR_INVALID' });
    expect(() => s.watcher.current()).toThrow(/before start/);
  });
});
