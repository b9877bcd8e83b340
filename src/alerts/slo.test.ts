/**
 * Multi-window, multi-burn-rate SLO alerts on a ManualClock. For each rule the traffic is
 * chosen so that the short window alone does not fire, the long window alone does not
 * fire, and both together do. The bucket windows are checked against brute force.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.js';
import { BucketWindows } from './burn-rate.js';
import { BURN_RATE_RULES } from './defaults.js';
import { SloEvaluator } from './slo.js';
import type { BurnRule, SloSettings } from './slo.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const HOUR = 60 * MIN;
const [PAGE_FAST, PAGE_SLOW, TICKET] = BURN_RATE_RULES as readonly BurnRule[] as [BurnRule, BurnRule, BurnRule];
const SLO: SloSettings = { name: 'untrusted', signal: 'untrusted_requests', objective: 0.999, minEvents: 100 };

/** An evaluator of one rule and the traffic that drives it. */
class Traffic {
  readonly clock = new ManualClock(T0);
  readonly slo: SloEvaluator;

  constructor(rules: readonly BurnRule[], settings: SloSettings = SLO) {
    this.slo = new SloEvaluator(settings, { bucketMs: 30_000, rules });
  }

  /** `minutes` of traffic: every `stepMin` minutes, that many minutes' worth of `perMinute` events, `badPercent` of them bad. */
  run(minutes: number, perMinute: number, badPercent: number, stepMin = 1): this {
    for (let m = 0; m < minutes; m += stepMin) {
      this.clock.advance(stepMin * MIN);
      const total = perMinute * stepMin;
      this.slo.observe({ signal: 'untrusted_requests', total, bad: (total * badPercent) / 100, at: this.clock.now() }, this.clock.now());
    }
    return this;
  }

  firing(rule: BurnRule): boolean {
    return this.slo.readings(this.clock.now()).find((r) => r.rule.id === rule.id)?.firing ?? false;
  }

  rates(rule: BurnRule): { long: number; short: number } {
    const r = this.slo.readings(this.clock.now()).find((x) => x.rule.id === rule.id);
    return { long: r?.long ?? NaN, short: r?.short ?? NaN };
  }
}

describe('page: 1 h and 5 m both above 14.4', () => {
  it('a 5-minute spike alone does not page (the 1 h burn stays below 14.4)', () => {
    const t = new Traffic([PAGE_FAST]).run(60, 100, 0).run(5, 100, 10);
    expect(t.rates(PAGE_FAST).short).toBeCloseTo(100, 6); // 10% bad / 0.1% budget
    expect(t.rates(PAGE_FAST).long).toBeCloseTo(50 / 6000 / 0.001, 6); // 8.3
    expect(t.firing(PAGE_FAST)).toBe(false);
  });

  it('a burn that already stopped does not page (the 5 m window is clean)', () => {
    const t = new Traffic([PAGE_FAST]).run(30, 100, 0).run(20, 100, 5).run(10, 100, 0);
    expect(t.rates(PAGE_FAST).long).toBeCloseTo(100 / 6000 / 0.001, 6); // 16.7
    expect(t.rates(PAGE_FAST).short).toBe(0);
    expect(t.firing(PAGE_FAST)).toBe(false);
  });

  it('a sustained burn pages once the 1 h window crosses 14.4, and stops within 5 minutes after it ends', () => {
    const t = new Traffic([PAGE_FAST]).run(60, 100, 0).run(17, 100, 5);
    expect(t.rates(PAGE_FAST).long).toBeCloseTo(85 / 6000 / 0.001, 6); // 14.17: not yet
    expect(t.firing(PAGE_FAST)).toBe(false);
    t.run(1, 100, 5);
    expect(t.rates(PAGE_FAST).long).toBeCloseTo(15, 6);
    expect(t.firing(PAGE_FAST)).toBe(true);
    t.run(3, 100, 0); // 5 m window: 1 bad minute of 5 → burn 20
    expect(t.firing(PAGE_FAST)).toBe(true);
    t.run(1, 100, 0); // burn 10, while the 1 h window still burns at 15
    expect(t.rates(PAGE_FAST).long).toBeCloseTo(15, 6);
    expect(t.firing(PAGE_FAST)).toBe(false);
  });
});

describe('page: 6 h and 30 m both above 6', () => {
  it('a 30-minute burn alone does not page', () => {
    const t = new Traffic([PAGE_SLOW]).run(360, 100, 0).run(30, 100, 2);
    expect(t.rates(PAGE_SLOW).short).toBeCloseTo(20, 6);
    expect(t.rates(PAGE_SLOW).long).toBeCloseTo(60 / 36_000 / 0.001, 6);
    expect(t.firing(PAGE_SLOW)).toBe(false);
  });

  it('a 6 h burn that stopped half an hour ago does not page', () => {
    const t = new Traffic([PAGE_SLOW]).run(240, 100, 0).run(90, 100, 3).run(30, 100, 0);
    expect(t.rates(PAGE_SLOW).long).toBeCloseTo(270 / 36_000 / 0.001, 6); // 7.5
    expect(t.rates(PAGE_SLOW).short).toBe(0);
    expect(t.firing(PAGE_SLOW)).toBe(false);
  });

  it('both windows above 6 page', () => {
    const t = new Traffic([PAGE_SLOW]).run(360, 100, 0).run(100, 100, 2);
    expect(t.firing(PAGE_SLOW)).toBe(false); // 6 h burn 5.6
    t.run(20, 100, 2);
    expect(t.rates(PAGE_SLOW).long).toBeCloseTo(240 / 36_000 / 0.001, 6); // 6.7
    expect(t.firing(PAGE_SLOW)).toBe(true);
  });
});

describe('ticket: 3 d and 6 h both above 1', () => {
  it('6 hours of burn alone do not open a ticket', () => {
    const t = new Traffic([TICKET]).run(72 * 60, 100, 0, 10).run(6 * 60, 100, 0.3, 10);
    expect(t.rates(TICKET).short).toBeCloseTo(3, 6);
    expect(t.rates(TICKET).long).toBeLessThan(1);
    expect(t.firing(TICKET)).toBe(false);
  });

  it('a day of burn that stopped 6 hours ago does not open a ticket', () => {
    const t = new Traffic([TICKET]).run(42 * 60, 100, 0, 10).run(24 * 60, 100, 0.5, 10).run(6 * 60, 100, 0, 10);
    expect(t.rates(TICKET).long).toBeCloseTo((0.5 * 24) / 72 / 0.1, 6); // 1.67
    expect(t.rates(TICKET).short).toBe(0);
    expect(t.firing(TICKET)).toBe(false);
  });

  it('both windows above 1 open a ticket', () => {
    const t = new Traffic([TICKET]).run(72 * 60, 100, 0, 10).run(12 * 60, 100, 0.5, 10);
    expect(t.firing(TICKET)).toBe(false); // 3 d burn 0.83
    t.run(6 * 60, 100, 0.5, 10);
    expect(t.rates(TICKET).long).toBeCloseTo(1.25, 6);
    expect(t.firing(TICKET)).toBe(true);
  });
});

describe('SloEvaluator candidates', () => {
  it('emits a page when a page rule starts firing and a resolve with the same dedupe key when it stops; tickets separately', () => {
    const t = new Traffic(BURN_RATE_RULES, { ...SLO, model: 'fraud' }).run(60, 100, 0);
    expect(t.slo.evaluate(t.clock.now())).toEqual([]);
    t.run(18, 100, 5);
    const fired = t.slo.evaluate(t.clock.now());
    expect(fired.map((c) => [c.kind, c.severity, c.resolve ?? false])).toEqual([
      ['burn_page', 'page', false],
      ['burn_ticket', 'ticket', false],
    ]);
    expect(fired[0]).toMatchObject({ source: 'slo', model: 'fraud', rule: 'untrusted', dedupeKey: `slo/untrusted/page/${t.clock.now()}` });
    expect(fired[0]?.summary).toMatch(/^SLO untrusted: error budget burning at 15\.0× over 1h and 50\.0× over 5m \(threshold 14\.4\)/);
    expect(fired[0]?.details).toMatchObject({ signal: 'untrusted_requests', objective: 0.999, firing: ['page_fast', 'page_slow'] });
    expect(t.slo.evaluate(t.clock.now())).toEqual([]); // still firing: nothing new
    t.run(30, 100, 0);
    const resolved = t.slo.evaluate(t.clock.now());
    expect(resolved.map((c) => [c.kind, c.resolve, c.dedupeKey])).toEqual([['burn_page', true, fired[0]?.dedupeKey]]);
  });

  it('ignores observations of other signals and models, and counts those older than 3 days as late', () => {
    const slo = new SloEvaluator({ ...SLO, model: 'fraud' }, { bucketMs: 30_000 });
    expect(slo.matches({ signal: 'untrusted_requests', model: 'fraud', total: 1, bad: 0, at: T0 })).toBe(true);
    expect(slo.matches({ signal: 'untrusted_requests', model: 'assistant', total: 1, bad: 0, at: T0 })).toBe(false);
    expect(slo.matches({ signal: 'adversarial_success', model: 'fraud', total: 1, bad: 0, at: T0 })).toBe(false);
    slo.observe({ signal: 'untrusted_requests', total: 10, bad: 10, at: T0 - 73 * HOUR }, T0);
    expect(slo.late).toBe(1);
    expect(slo.burnRate(3 * 24 * HOUR, T0)).toBe(0);
  });

  it('counts bad events reported late (rows marked untrusted at rollback time) in the buckets they belong to', () => {
    const t = new Traffic([PAGE_FAST]).run(60, 100, 0);
    const now = t.clock.now();
    t.slo.observe({ signal: 'untrusted_requests', total: 0, bad: 120, at: now - 30 * MIN }, now);
    expect(t.rates(PAGE_FAST).long).toBeCloseTo(20, 6);
    expect(t.rates(PAGE_FAST).short).toBe(0);
  });

  it('survives a restart through toJSON/restore', () => {
    const t = new Traffic(BURN_RATE_RULES).run(60, 100, 0).run(18, 100, 5);
    t.slo.evaluate(t.clock.now());
    const copy = new SloEvaluator(SLO, { bucketMs: 30_000 });
    copy.restore(JSON.parse(JSON.stringify(t.slo.toJSON())), t.clock.now());
    expect(copy.readings(t.clock.now())).toEqual(t.slo.readings(t.clock.now()));
    expect(copy.evaluate(t.clock.now())).toEqual([]); // the episode is still open: no second page
  });

  it('refuses an objective outside (0, 1) with ALR_ERR_BAD_SETTINGS', () => {
    expect(() => new SloEvaluator({ ...SLO, objective: 1 }, { bucketMs: 30_000 })).toThrow(expect.objectContaining({ code: 'ALR_ERR_BAD_SETTINGS', details: { field: 'objective', slo: 'untrusted' } }));
  });
});

describe('BucketWindows', () => {
  it('equals brute force over random traffic, late reports and time jumps', () => {
    const bucketMs = 1_000;
    const windows = [3_000, 10_000, 25_000];
    const step = fc.record({ dt: fc.integer({ min: 0, max: 8_000 }), total: fc.integer({ min: 0, max: 50 }), bad: fc.integer({ min: 0, max: 50 }), back: fc.integer({ min: 0, max: 30_000 }) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const w = new BucketWindows({ bucketMs, windowsMs: windows });
        const events: { bucket: number; total: number; bad: number }[] = [];
        let now = 5_000_000;
        let current = Math.floor(now / bucketMs);
        w.advance(now);
        for (const s of steps) {
          now += s.dt;
          current = Math.floor(now / bucketMs);
          const at = now - s.back;
          const bucket = Math.min(Math.floor(at / bucketMs), current);
          if (w.observe(s.total, s.bad, at, now)) events.push({ bucket, total: s.total, bad: s.bad });
          else expect(bucket).toBeLessThanOrEqual(current - 25);
          for (const ms of windows) {
            const span = ms / bucketMs;
            const inside = events.filter((e) => e.bucket > current - span);
            expect(w.counts(ms, now)).toEqual({ total: inside.reduce((a, e) => a + e.total, 0), bad: inside.reduce((a, e) => a + e.bad, 0) });
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a window shorter than a bucket', () => {
    expect(() => new BucketWindows({ bucketMs: 30_000, windowsMs: [1_000] })).toThrow(/shorter than a bucket/);
  });
});
