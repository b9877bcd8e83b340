/**
 * Issue 8, item 4: the SLIs from red-team reports. Reports are registry documents of kind
 * `redteam-report` (a memory store here); the gauges read each version's latest one:
 * adversarial success rate per attack, clean accuracy minus the LKG's, data-integrity
 * violations. Refresh on a (fake) timer and at once on reportAttached(); a report attached
 * after start is one `adversarial_success` SLI event set, a report already there is not.
 */
import { Registry as MetricsRegistry } from 'prom-client';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../audit/index.js';
import { Registry } from '../../registry/index.js';
import { ManualClock } from '../../shared/clock.js';
import { createMemoryStore } from '../../store/index.js';
import { FakeTimers } from '../../../test/helpers/fake-timers.js';
import { registryReports } from '../redteam-reports.js';
import { adversarialObservation, entryFor, redteamFigures } from './redteam-figures.js';
import type { AdversarialObservation } from './redteam-figures.js';
import { RedteamSli } from './redteam-sli.js';

/** A report.json in the shape `bulwark redteam run` writes, reduced to what the SLIs read. */
function report(entries: { model: string; version: string; clean: number; violations: number; attacks: [string, number, number][] }[]): Uint8Array {
  const models = entries.map((e) => ({
    id: e.model,
    registry: { model: e.model, version: e.version },
    clean: { accuracy: e.clean },
    integrity: { violations: e.violations },
    attacks: e.attacks.map(([id, successes, eligible]) => ({ id, gate_eps: 0.1, points: [{ eps: 0.05, eligible, successes: 0, success_rate: 0 }, { eps: 0.1, eligible, successes, success_rate: successes / eligible }] })),
  }));
  return Buffer.from(JSON.stringify({ format: 'bulwark.redteam-report/v1', models }));
}

const artifact = (c: string) => ({ digest: c.repeat(64), sizeBytes: 1, path: `/m/${c}.onnx` });

async function metricValues(metrics: MetricsRegistry): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of await metrics.getMetricsAsJSON()) {
    if (!m.name.startsWith('bulwark_')) continue;
    for (const v of m.values) out[`${m.name}{${Object.entries(v.labels).map(([k, l]) => `${k}=${String(l)}`).join(',')}}`] = v.value;
  }
  return out;
}

describe('red-team SLIs', () => {
  let clock: ManualClock;
  let registry: Registry;
  let metrics: MetricsRegistry;
  let timers: FakeTimers;
  let errors: Error[];

  beforeEach(async () => {
    clock = new ManualClock(1_700_000_000_000);
    const store = createMemoryStore();
    registry = new Registry({ store: store.registry, documents: store.documents, audit: new AuditLog({ store: store.audit, clock }), clock });
    metrics = new MetricsRegistry();
    timers = new FakeTimers();
    errors = [];
    await registry.addVersion({ model: 'digits', version: 'v1', artifact: artifact('a'), actor: 't' });
    await registry.addVersion({ model: 'digits', version: 'v2', artifact: artifact('b'), actor: 't' });
    await registry.setStatus('digits', 'v1', 'lkg', { actor: 't' });
  });

  const attach = async (version: string, content: Uint8Array): Promise<void> => {
    clock.advance(1_000);
    await registry.attachDocument('digits', version, { kind: 'redteam-report', content, mediaType: 'application/json', actor: 't' });
  };

  const sli = (): RedteamSli => new RedteamSli({ registry: metrics, reports: registryReports(registry), versions: registry, timers, onError: (e) => void errors.push(e), refreshMs: 5_000 });

  it('exposes the latest report per version: success per attack, accuracy delta against the LKG, integrity', async () => {
    await attach('v1', report([{ model: 'digits', version: 'v1', clean: 0.96, violations: 0, attacks: [['square', 40, 100]] }]));
    await attach('v2', report([{ model: 'digits', version: 'v2', clean: 0.9, violations: 3, attacks: [['square', 90, 100], ['pgd', 50, 100]] }]));
    // An older report of v2 is superseded by the newer one above… or by this newer one.
    await attach('v2', report([{ model: 'digits', version: 'v2', clean: 0.93, violations: 2, attacks: [['square', 60, 100]] }]));
    const s = sli();
    await s.start();
    expect(await metricValues(metrics)).toEqual({
      'bulwark_adversarial_success_rate{model=digits,version=v1,attack=square}': 0.4,
      'bulwark_adversarial_success_rate{model=digits,version=v2,attack=square}': 0.6,
      'bulwark_nominal_accuracy_delta{model=digits,version=v1}': 0,
      'bulwark_nominal_accuracy_delta{model=digits,version=v2}': -0.03,
      'bulwark_data_integrity_violations{model=digits,version=v1}': 0,
      'bulwark_data_integrity_violations{model=digits,version=v2}': 2,
    });
    s.shutdown();
    expect(await metrics.getMetricsAsJSON()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('refreshes on its timer and on reportAttached, and emits SLI events only for new reports', async () => {
    await attach('v1', report([{ model: 'digits', version: 'v1', clean: 0.96, violations: 0, attacks: [['square', 40, 100]] }]));
    const s = sli();
    const seen: AdversarialObservation[] = [];
    s.onObservation((o) => seen.push(o));
    await s.start();
    expect(seen).toEqual([]);
    await attach('v2', report([{ model: 'digits', version: 'v2', clean: 0.9, violations: 0, attacks: [['square', 70, 100], ['pgd', 10, 50]] }]));
    expect(Object.keys(await metricValues(metrics))).not.toContain('bulwark_adversarial_success_rate{model=digits,version=v2,attack=square}');
    timers.advance(5_000);
    await s.refresh(); // the tick's read is in flight: wait for it
    expect((await metricValues(metrics))['bulwark_adversarial_success_rate{model=digits,version=v2,attack=square}']).toBe(0.7);
    expect(seen).toEqual([{ signal: 'adversarial_success', model: 'digits', total: 150, bad: 80, at: clock.now() }]);
    await attach('v2', report([{ model: 'digits', version: 'v2', clean: 0.97, violations: 1, attacks: [['square', 5, 100]] }]));
    await s.reportAttached();
    expect(await metricValues(metrics)).toMatchObject({
      'bulwark_adversarial_success_rate{model=digits,version=v2,attack=square}': 0.05,
      'bulwark_nominal_accuracy_delta{model=digits,version=v2}': 0.01,
      'bulwark_data_integrity_violations{model=digits,version=v2}': 1,
    });
    expect(seen).toHaveLength(2);
    expect(timers.pending).toBe(1);
    s.shutdown();
    expect(timers.pending).toBe(0);
  });

  it('reports a failing registry without throwing, and reads reports defensively', async () => {
    const s = new RedteamSli({ registry: metrics, reports: { list: () => Promise.reject(new Error('store down')), read: () => Promise.resolve(undefined) }, versions: registry, timers, onError: (e) => void errors.push(e) });
    await s.start();
    expect(errors.map((e) => e.message)).toEqual(['store down']);
    s.shutdown();
    const ref = { model: 'digits', version: 'v2', digest: 'd', attachedAt: 1, actor: 't' };
    expect(redteamFigures([{ ref, report: 'not json' }], [])).toEqual({ successRate: [], accuracyDelta: [], integrity: [] });
    expect(adversarialObservation({ ref, report: { models: [{ id: 'x', attacks: [] }] } })).toBeUndefined();
    // A single unbound entry is taken for the version it is attached to; an entry bound elsewhere is not.
    expect(entryFor({ models: [{ id: 'x' }] }, 'digits', 'v2')).toEqual({ id: 'x' });
    expect(entryFor({ models: [{ id: 'x', registry: { model: 'digits', version: 'v1' } }] }, 'digits', 'v2')).toBeUndefined();
  });
});
