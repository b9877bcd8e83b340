import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileKnobsSource, knobsFilePath, parseKnobs } from './file-knobs.js';
import { EMPTY_KNOBS } from './knobs-schema.js';
import type { Knobs } from './knobs-schema.js';
import { StaticKnobsSource } from './static-knobs.js';

const sources: FileKnobsSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.shutdown()));
});

function setup(initial?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-knobs-'));
  const file = join(dir, 'bulwark.knobs.yaml');
  if (initial !== undefined) writeFileSync(file, initial);
  const errors: Error[] = [];
  const source = new FileKnobsSource({ file, debounceMs: 10, onError: (e) => errors.push(e) });
  sources.push(source);
  const changes: [Knobs, Knobs][] = [];
  source.subscribe((next, prev) => changes.push([next, prev]));
  return { dir, file, source, errors, changes };
}

describe('FileKnobsSource', () => {
  it('loads knobs at start and emits a change when the file is edited', async () => {
    const s = setup('rules:\n  extraction: { threshold: 0.9 }\n');
    await s.source.start();
    expect(s.source.current().rules['extraction']).toEqual({ threshold: 0.9 });
    writeFileSync(s.file, 'rules:\n  extraction: { threshold: 0.8, window: 30s }\ninspectors:\n  pii: { sensitivity: 0.4 }\n');
    await vi.waitFor(() => expect(s.changes).toHaveLength(1));
    const [next, prev] = s.changes[0]!;
    expect(next.rules['extraction']).toEqual({ threshold: 0.8, window: '30s' });
    expect(next.inspectors['pii']).toEqual({ sensitivity: 0.4 });
    expect(prev.rules['extraction']).toEqual({ threshold: 0.9 });
    expect(s.source.current()).toBe(next);
    expect(Object.isFrozen(next.rules['extraction'])).toBe(true);
  });

  it('keeps the previous knobs and reports an invalid edit', async () => {
    const s = setup('rules: { extraction: { threshold: 0.9 } }\n');
    await s.source.start();
    const before = s.source.current();
    writeFileSync(s.file, 'rules: { extraction: { threshold: high, windw: 5s } }\n');
    await vi.waitFor(() => expect(s.errors).toHaveLength(1));
    expect(s.errors[0]).toMatchObject({
      code: 'CFG_ERR_INVALID',
      details: expect.objectContaining({
        problems: ['rules.extraction.threshold: Invalid input: expected number, received string (line 1)', 'rules.extraction.windw: unknown key (line 1)'],
      }),
    });
    expect(s.source.current()).toBe(before);
    expect(s.changes).toEqual([]);
  });

  it('treats an absent or empty file as no knobs, and deleting the file resets them', async () => {
    const s = setup();
    await s.source.start();
    expect(s.source.current()).toBe(EMPTY_KNOBS);
    const temp = join(s.dir, 'k.tmp');
    writeFileSync(temp, 'rules: { r: { dryRun: true } }\n');
    renameSync(temp, s.file);
    await vi.waitFor(() => expect(s.changes).toHaveLength(1));
    expect(s.source.current().rules['r']).toEqual({ dryRun: true });
    rmSync(s.file);
    await vi.waitFor(() => expect(s.changes).toHaveLength(2));
    expect(s.source.current()).toBe(EMPTY_KNOBS);
    expect(s.errors).toEqual([]);
    expect(parseKnobs('# only a comment\n', { file: 'k', env: {} })).toEqual({ rules: {}, inspectors: {} });
  });

  it('fails start() on an invalid file', async () => {
    const s = setup('rules: [1, 2]\n');
    await expect(s.source.start()).rejects.toMatchObject({ code: 'CFG_ERR_INVALID' });
  });

  it('stops emitting after shutdown (idempotent) and after unsubscribe', async () => {
    const s = setup('rules: {}\n');
    await s.source.start();
    const seen: Knobs[] = [];
    const off = s.source.subscribe((next) => seen.push(next));
    writeFileSync(s.file, 'rules: { a: { minEvents: 5 } }\n');
    await s.source.forceFlush();
    expect(seen).toHaveLength(1);
    off();
    writeFileSync(s.file, 'rules: { a: { minEvents: 6 } }\n');
    await s.source.forceFlush();
    expect(seen).toHaveLength(1);
    await s.source.shutdown();
    await s.source.shutdown();
    writeFileSync(s.file, 'rules: { a: { minEvents: 7 } }\n');
    await s.source.forceFlush();
    expect(s.source.current().rules['a']).toEqual({ minEvents: 6 });
  });
});

describe('knobsFilePath', () => {
  it('resolves next to the config file, keeps absolute paths, and is undefined for other sources', () => {
    expect(knobsFilePath('/etc/bulwark/bulwark.yaml', { source: 'file', path: 'bulwark.knobs.yaml' })).toBe('/etc/bulwark/bulwark.knobs.yaml');
    expect(knobsFilePath('/etc/bulwark/bulwark.yaml', { source: 'file', path: '/var/knobs.yaml' })).toBe('/var/knobs.yaml');
    expect(knobsFilePath('/etc/bulwark/bulwark.yaml', { source: 'redis', url: 'redis://h', key: 'k' })).toBeUndefined();
  });
});

describe('StaticKnobsSource', () => {
  it('validates, freezes and never changes', async () => {
    const source = new StaticKnobsSource({ rules: { r: { threshold: 1 } } });
    await source.start();
    expect(source.current()).toEqual({ rules: { r: { threshold: 1 } }, inspectors: {} });
    expect(Object.isFrozen(source.current().rules)).toBe(true);
    expect(() => new StaticKnobsSource({ rules: { r: { window: 'soon' } } })).toThrow();
    await source.shutdown();
  });
});
