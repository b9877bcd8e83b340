import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileKnobsSource, StaticKnobsSource, knobsSchema } from '../config/index.js';
import { AuditLog } from '../audit/index.js';
import { createMemoryStore } from '../store/index.js';
import { ManualClock } from '../shared/clock.js';
import { auditKnobChanges, diffKnobs } from './knobs-audit.js';

const knobs = (v: unknown) => knobsSchema.parse(v);
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('knob changes in the audit log', () => {
  it('diffs leaves, including unset ones', () => {
    const a = knobs({ rules: { 'fraud/x': { threshold: 0.9, window: '10s' } } });
    const b = knobs({ rules: { 'fraud/x': { threshold: 0.8 } }, inspectors: { pii: { sensitivity: 1 } } });
    expect(diffKnobs(a, b)).toEqual([
      { path: 'inspectors.pii.sensitivity', before: null, after: 1 },
      { path: 'rules.fraud/x.threshold', before: 0.9, after: 0.8 },
      { path: 'rules.fraud/x.window', before: '10s', after: null },
    ]);
    expect(diffKnobs(a, a)).toEqual([]);
  });

  it('records one knobs.update entry per accepted file change, and none for a rejected one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-knobs-audit-'));
    const file = join(dir, 'knobs.yaml');
    writeFileSync(file, 'rules:\n  extraction: { threshold: 0.9 }\n');
    const store = createMemoryStore();
    const audit = new AuditLog({ store: store.audit, clock: new ManualClock(5) });
    const errors: Error[] = [];
    const source = new FileKnobsSource({ file, debounceMs: 10, onError: (e) => errors.push(e) });
    await source.start();
    const stop = auditKnobChanges(source, audit, { actor: `knobs:file:${file}`, onError: (e) => errors.push(e) });

    writeFileSync(file, 'rules:\n  extraction: { threshold: 0.8 }\n');
    await vi.waitFor(async () => expect(await audit.list()).toHaveLength(1), { timeout: 5_000, interval: 20 });
    writeFileSync(file, 'rules:\n  extraction: { threshold: "high" }\n');
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 5_000, interval: 20 });
    await source.forceFlush();
    await stop();
    await source.shutdown();

    const entries = await audit.list();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'knobs.update', actor: `knobs:file:${file}`, details: { changes: [{ path: 'rules.extraction.threshold', before: 0.9, after: 0.8 }] } });
    expect((await audit.verify()).intact).toBe(true);
  });

  it('reports audit failures to the handler instead of throwing', async () => {
    let listener: ((next: ReturnType<typeof knobs>, prev: ReturnType<typeof knobs>) => void) | undefined;
    const source = new StaticKnobsSource({});
    const emitting = Object.assign(Object.create(source) as StaticKnobsSource, {
      subscribe: (l: typeof listener) => {
        listener = l;
        return () => (listener = undefined);
      },
    });
    const errors: Error[] = [];
    const failing = { record: () => Promise.reject(new Error('disk full')) };
    const stop = auditKnobChanges(emitting, failing, { actor: 't', onError: (e) => errors.push(e) });
    expect(() => listener?.(knobs({ rules: { x: { threshold: 1 } } }), knobs({}))).not.toThrow();
    await stop();
    expect(errors.map((e) => e.message)).toEqual(['disk full']);
    expect(listener).toBeUndefined();
  });
});
