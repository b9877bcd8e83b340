/**
 * @module scripts/eval/tabular
 * The `schema` and `ood` sections of `npm run eval:inspectors`:
 *
 * - schema: the check's cost per request (decode + check) for 13- and 64-feature inputs,
 *   and that clean requests pass while each kind of malformed request is named;
 * - OOD: false-positive rate at the baseline's p99 on fresh data (the demo's checkouts;
 *   the UCI credit-default table, baseline on 80% of its rows, judged on the other 20%),
 *   detection of the demo attacker's checkouts, and the cost per request (13, 23, 64 features).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildDatasetBaseline } from '../../src/inspect/baseline/index.js';
import { decodeOipInputs } from '../../src/inspect/oip/tensors.js';
import { compileOod, oodSignals } from '../../src/inspect/ood/index.js';
import { checkSchema } from '../../src/inspect/schema/index.js';
import { attackerCheckouts, CHECKOUT_FEATURES, encodeCheckouts, generateCheckouts } from '../../src/models/demo/index.js';
import { csvToMatrix, parseCsv } from '../../src/models/io/index.js';
import { readFileSync } from 'node:fs';
import type { ModelSignature } from '../../src/shared/signature.js';
import type { EvalContext, EvalSection } from './prompt-injection.js';
import { latency, pct, rowsOf } from './timing.js';

const WIDTH = CHECKOUT_FEATURES.length;
const meta = { model: 'm', version: 'v', builtAt: '', source: { path: 'eval', sha256: '' } };
const checkouts = (seed: number, n: number) => rowsOf(encodeCheckouts(generateCheckouts({ seed, n }).rows), WIDTH);
const body = (row: readonly number[], name = 'x') => ({ inputs: [{ name, datatype: 'FP32', shape: [1, row.length], data: row }] });
const names = (p: number) => Array.from({ length: p }, (_, i) => `f${i}`);

/**
 * @example
 * evaluateSchema(ctx).metrics['latency'];
 */
export function evaluateSchema(_ctx: EvalContext): EvalSection {
  const lines: string[] = [];
  const metrics: Record<string, unknown> = {};
  for (const width of [13, 64]) {
    const signature: ModelSignature = { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, width], range: [-1e6, 1e6] }], outputs: [{ name: 'p', datatype: 'FP32', shape: [-1, 2] }] };
    const bodies = Array.from({ length: 20_000 }, (_, i) => body(Array.from({ length: width }, (_, j) => (i * 31 + j * 7) % 17)));
    const lat = latency((b) => checkSchema(decodeOipInputs(b, 262_144), signature), bodies, 1, 0);
    metrics[`latency${width}`] = lat;
    lines.push(`${width} features: decode + check p50 ${lat.p50Micros} µs, p99 ${lat.p99Micros} µs per request.`);
  }
  const signature: ModelSignature = { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3], range: [0, 1] }], outputs: [{ name: 'p', datatype: 'FP32', shape: [-1, 2] }] };
  const cases: [string, unknown][] = [
    ['clean', body([0.1, 0.5, 1])],
    ['wrong width', body([0.1, 0.5])],
    ['value out of range', body([0.1, 0.5, 7])],
    ['wrong datatype', { inputs: [{ name: 'x', datatype: 'INT64', shape: [1, 3], data: [0, 1, 1] }] }],
    ['undeclared input', body([0.1, 0.5, 1], 'y')],
    ['string in FP32', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 3], data: [0, '1', 1] }] }],
  ];
  lines.push('', '| request | verdict |', '|---|---|');
  for (const [name, b] of cases) {
    const r = checkSchema(decodeOipInputs(b, 1024), signature);
    lines.push(`| ${name} | ${r.violation ? `violation: ${r.reason}` : 'ok'} |`);
  }
  return { title: 'Inspectors: schema (issue 5)', lines, metrics };
}

function creditSplit(ctx: EvalContext): { train: number[][]; test: number[][]; names: string[] } | undefined {
  const path = join(ctx.dataDir, 'tabular', 'uci-default-credit-card.csv');
  if (!existsSync(path)) return undefined;
  const table = parseCsv(readFileSync(path, 'utf8'), { source: path });
  const columns = table.header.filter((c) => c !== 'ID' && c !== 'Y');
  const { x } = csvToMatrix(table, { columns });
  const rows = rowsOf(x, columns.length);
  const cut = Math.floor(rows.length * 0.8);
  return { train: rows.slice(0, cut), test: rows.slice(cut), names: columns };
}

/**
 * @example
 * evaluateOod(ctx).metrics['demo'];
 */
export function evaluateOod(ctx: EvalContext): EvalSection {
  const lines: string[] = [];
  const metrics: Record<string, unknown> = {};
  const demoProfile = buildDatasetBaseline({ names: CHECKOUT_FEATURES, rows: checkouts(1, 20_000) }, meta);
  const demo = compileOod(demoProfile);
  const flagRate = (rows: readonly number[][], m = demo) => rows.filter((r) => m.score(r).mahalanobis > m.threshold).length / rows.length;
  const fresh = checkouts(2, 10_000);
  const attack = Array.from({ length: 50 }, (_, s) => rowsOf(encodeCheckouts(attackerCheckouts({ seed: 500 + s, n: 3 })), WIDTH)).flat();
  metrics['demo'] = { threshold: demo.threshold, fpr: flagRate(fresh), attackFlagged: flagRate(attack), attackTemplates: attack.length };
  lines.push('Mahalanobis distance to the baseline features (shrinkage λ = 0.1 toward the diagonal), flagged above the baseline\'s own p99:', '');
  lines.push('| data | baseline rows | threshold (p99) | flagged |', '|---|---|---|---|');
  lines.push(`| demo checkouts, fresh ordinary (10,000) | 20,000 | ${demo.threshold.toFixed(2)} | ${pct(flagRate(fresh))} |`);
  lines.push(`| demo attacker's templates (${attack.length}: 50 attackers × 3) | 20,000 | ${demo.threshold.toFixed(2)} | ${pct(flagRate(attack))} |`);
  const credit = creditSplit(ctx);
  if (credit !== undefined) {
    const m = compileOod(buildDatasetBaseline({ names: credit.names, rows: credit.train }, meta));
    metrics['credit'] = { threshold: m.threshold, fpr: flagRate(credit.test, m), n: credit.test.length };
    lines.push(`| UCI credit default, last 20% of rows (${credit.test.length}) | ${credit.train.length} | ${m.threshold.toFixed(2)} | ${pct(flagRate(credit.test, m))} |`);
  }
  lines.push('');
  for (const width of [13, 23, 64]) {
    const rows = Array.from({ length: 2000 }, (_, i) => Array.from({ length: width }, (_, j) => Math.sin(i * 0.37 + j) * (1 + j)));
    const m = compileOod(buildDatasetBaseline({ names: names(width), rows }, meta));
    const bodies = Array.from({ length: 10 }, () => rows).flat().map((r) => decodeOipInputs(body(r), 262_144));
    const lat = latency((d) => oodSignals(d, m), bodies, 1, 0);
    metrics[`latency${width}`] = lat;
    lines.push(`${width} features: scoring p50 ${lat.p50Micros} µs, p99 ${lat.p99Micros} µs per request (Σ⁻¹ precomputed).`);
  }
  return { title: 'Inspectors: out-of-distribution (issue 5)', lines, metrics };
}
