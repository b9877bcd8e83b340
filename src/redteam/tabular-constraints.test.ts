/**
 * Issue 10, item 1: every registered attack, under every norm it covers, respects the
 * declared feature constraints on tabular data: the UCI credit model with realistic rules
 * (immutable sex and age, categorical education and marriage, integer repayment status in
 * [−2, 8], non-decreasing payments), and a synthetic model with a one-hot group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TfjsImportedModel } from '../models/index.js';
import type { Model } from '../models/index.js';
import { csvToMatrix, readCsvFile } from '../models/io/index.js';
import { trainTabular } from '../models/train/index.js';
import { sharedData } from '../../test/helpers/shared-data.js';
import type { ConstraintSpec } from './constraints.js';
import { resolveDomain } from './constraints.js';
import { findViolations } from './feasibility.js';
import { mlpModel } from './fixtures.contract.js';
import type { Norm } from './norms.js';
import { ATTACKS } from './registry.js';
import { runAttack } from './runner.js';

/** One threat model per attack and covered norm: ε only for fixed-budget attacks. */
function cases(eps: Readonly<Record<Norm, number>>): [string, Norm, string, number | undefined][] {
  return ATTACKS.flatMap((a) =>
    a.covers.norms.map((norm): [string, Norm, string, number | undefined] => {
      const e = a.covers.budget === 'fixed' ? eps[norm] : undefined;
      return [a.id, norm, e === undefined ? 'unbounded' : `eps ${e}`, e];
    }),
  );
}

/** Small, fast settings; with the query budget below, every attack (also ones added later) stays quick. */
const QUICK: Readonly<Record<string, Record<string, unknown>>> = {
  bim: { steps: 5 }, pgd: { steps: 5, randomInit: 2 }, mim: { steps: 5 }, deepfool: { steps: 10 }, 'cw-l2': { steps: 10, binarySearchSteps: 2 },
  square: { iterations: 200 }, hopskipjump: { iterations: 4, initEvals: 50 },
};

/** Queries per sample: enough for every attack to move, few enough to keep this file fast. */
const BUDGET = 60;

const credit = sharedData('tabular/uci-default-credit-card.csv');
const N = 200;
const CREDIT_CONSTRAINTS: ConstraintSpec = {
  features: [
    { feature: 'X1', integer: true, min: 10_000 },
    { feature: 'X2', immutable: true, values: [1, 2] },
    { feature: 'X3', values: [0, 1, 2, 3, 4, 5, 6] },
    { feature: 'X4', values: [0, 1, 2, 3] },
    { feature: 'X5', immutable: true, integer: true },
    ...['X6', 'X7', 'X8', 'X9', 'X10', 'X11'].map((feature) => ({ feature, integer: true, min: -2, max: 8 })),
    ...['X18', 'X19', 'X20', 'X21', 'X22', 'X23'].map((feature) => ({ feature, min: 0, direction: 'up' as const })),
  ],
};

describe.skipIf(!credit.available)(`feature constraints on the UCI credit model, ${N} clients (${credit.reason})`, () => {
  let model: Model;
  let x: Float32Array;
  let columns: string[];

  beforeAll(async () => {
    const table = await readCsvFile(credit.path);
    columns = table.header.filter((c) => c !== 'ID' && c !== 'Y');
    const m = csvToMatrix({ ...table, rows: table.rows.slice(0, 4000) }, { columns, target: 'Y' });
    const trained = trainTabular({ x: m.x, y: m.y, columns, target: 'Y' }, { epochs: 3, hidden: 16, seed: 1 });
    model = await TfjsImportedModel.fromBytes(trained.bytes);
    x = Float32Array.from(m.x.subarray(0, N * columns.length));
  });
  afterAll(() => model?.dispose());

  it.each(cases({ inf: 3, '2': 5000, '1': 10_000 }))('%s (L%s, %s) keeps every rule', async (attack, norm, _label, eps) => {
    const threat = { norm, clip: [-1e6, 2e6], constraints: CREDIT_CONSTRAINTS, maxQueries: BUDGET, ...(eps === undefined ? {} : { eps }) };
    const run = await runAttack({ model, attack, params: QUICK[attack] ?? {}, threat, x, shape: [N, columns.length], featureNames: columns });
    const domain = resolveDomain({ features: columns.length, names: columns, clip: [-1e6, 2e6], constraints: CREDIT_CONSTRAINTS });
    expect(findViolations(run.adversarial, N, domain, x)).toEqual([]);
    if (eps !== undefined) for (const r of run.results) expect(r[norm === 'inf' ? 'linf' : norm === '2' ? 'l2' : 'l1']).toBeLessThanOrEqual(eps * (1 + 1e-5) + 0.1);
    // The attack did something within the rules.
    expect(run.results.some((r) => r.l0 > 0)).toBe(true);
  });
});

describe('feature constraints with a one-hot group (synthetic model)', () => {
  const F = 8;
  let model: Model;
  let x: Float32Array;
  const constraints: ConstraintSpec = {
    features: [{ feature: 0, immutable: true }, { feature: 1, integer: true, min: 0, max: 5 }, { feature: 2, direction: 'down' }, { feature: 7, values: [0, 1] }],
    oneHot: [[4, 5, 6]],
  };

  beforeAll(async () => {
    model = await mlpModel({ inputs: F, hidden: 16, classes: 3, seed: 5, scale: 2 });
    x = new Float32Array(60 * F);
    for (let n = 0; n < 60; n++) {
      const row = [0.5, n % 6, Math.sin(n), Math.cos(n), n % 3 === 0 ? 1 : 0, n % 3 === 1 ? 1 : 0, n % 3 === 2 ? 1 : 0, n % 2];
      x.set(row, n * F);
    }
  });
  afterAll(() => model?.dispose());

  it.each(cases({ inf: 1, '2': 2, '1': 3 }))('%s (L%s, %s) keeps every rule', async (attack, norm, _label, eps) => {
    const threat = { norm, clip: [-3, 6], constraints, maxQueries: BUDGET, ...(eps === undefined ? {} : { eps }) };
    const run = await runAttack({ model, attack, params: QUICK[attack] ?? {}, threat, x, shape: [60, F] });
    const domain = resolveDomain({ features: F, clip: [-3, 6], constraints });
    expect(findViolations(run.adversarial, 60, domain, x)).toEqual([]);
    expect(run.results.some((r) => r.l0 > 0)).toBe(true);
  });
});
