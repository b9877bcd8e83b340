import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../models/index.js';
import { countingModel, mlpModel } from './fixtures.contract.js';
import type { CallCounts } from './fixtures.contract.js';
import { CountingOracle, decisionView, scoreView } from './oracle.js';

let base: Model;
let model: Model;
let counts: CallCounts;

beforeAll(async () => {
  base = await mlpModel({ inputs: 4, hidden: 6, classes: 3, seed: 3 });
  ({ model, counts } = countingModel(base));
});
afterAll(() => base.dispose());

const x = (rows: number): Float32Array => Float32Array.from({ length: rows * 4 }, (_, i) => Math.sin(i));

describe('CountingOracle', () => {
  it('charges one query per row and sample, one gradient query per gradient row', async () => {
    const oracle = new CountingOracle({ model, sampleShape: [4], rows: 3, classes: 3, attack: 'test' });
    const before = { ...counts };
    await oracle.scores(x(3));
    await oracle.lossGradient(x(2), Int32Array.of(0, 1), Int32Array.of(2, 0));
    expect(await oracle.decide(x(1), Int32Array.of(2))).toHaveLength(1);
    expect(Array.from(oracle.ledger.queries)).toEqual([2, 1, 3]);
    expect(Array.from(oracle.ledger.gradients)).toEqual([1, 0, 1]);
    // The model saw exactly the rows charged.
    expect(counts.predictRows - before.predictRows + counts.gradientRows - before.gradientRows).toBe(6);
  });

  it('refuses a call past a sample\'s budget before asking the model', async () => {
    const oracle = new CountingOracle({ model, sampleShape: [4], rows: 2, classes: 3, maxQueries: 2, attack: 'square' });
    await oracle.scores(x(2));
    await oracle.scores(x(1), Int32Array.of(1));
    expect(oracle.remaining(0)).toBe(1);
    expect(oracle.remaining(1)).toBe(0);
    const calls = counts.calls;
    await expect(oracle.scores(x(2))).rejects.toMatchObject({ code: 'RTM_ERR_QUERY_BUDGET_EXCEEDED', message: expect.stringMatching(/square queried sample 1 .* budget of 2/) });
    expect(counts.calls).toBe(calls);
    expect(oracle.queries(0)).toBe(1);
  });

  it('charges nothing for an empty call', async () => {
    const oracle = new CountingOracle({ model, sampleShape: [4], rows: 2, classes: 3, attack: 'test' });
    expect(await oracle.scores(new Float32Array(0), new Int32Array(0))).toHaveLength(0);
    expect(oracle.queries(0)).toBe(0);
  });

  it('gives narrower views to black-box attacks', async () => {
    const oracle = new CountingOracle({ model, sampleShape: [4], rows: 1, classes: 3, attack: 'test' });
    const decision = decisionView(oracle) as unknown as Record<string, unknown>;
    const scores = scoreView(oracle) as unknown as Record<string, unknown>;
    expect(decision['scores']).toBeUndefined();
    expect(decision['lossGradient']).toBeUndefined();
    expect(scores['lossGradient']).toBeUndefined();
    expect(typeof scores['scores']).toBe('function');
    await (scoreView(oracle).decide(x(1)));
    expect(oracle.queries(0)).toBe(1);
  });
});
