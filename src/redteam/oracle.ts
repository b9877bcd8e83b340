/**
 * @module redteam/oracle
 * The only way an attack reaches the model: an oracle over one batch that counts every
 * model evaluation per sample and enforces the query budget. Three views, one per
 * attacker knowledge: {@link DecisionOracle} (top-1 labels), {@link ScoreOracle} (the
 * model's outputs) and {@link GradientOracle} (cross-entropy and its input gradient).
 * An attack receives the view its declared knowledge needs, never more; black-box attacks
 * run on any {@link Model}, including one without gradients (docs/redteam.md).
 *
 * Accounting: each row passed to `decide`, `scores` or `lossGradient` is one query of
 * that sample (a gradient query is also counted in `gradients`). Calls address batch
 * samples through an optional row map, so attacks that only keep working on unfinished
 * samples pass just those and are charged just for those.
 */
import type { LossGradient, Model, OutputKind } from '../models/index.js';
import { redteamErrors } from './errors.js';
import { argmaxRows } from './scores.js';

/** Label-only access (decision-based attacks). */
export interface DecisionOracle {
  /** Samples in the batch. */
  readonly rows: number;
  /** Features per sample (the flattened sample size). */
  readonly features: number;
  readonly classes: number;
  /** Queries of batch sample `row` so far. */
  queries(row: number): number;
  /** Queries left for batch sample `row` (Infinity without a budget). */
  remaining(row: number): number;
  /**
   * Top-1 class of each row of `x` (`rows.length` rows, row r being batch sample
   * `rows[r]`; without `rows`, one row per batch sample). One query per row.
   */
  decide(x: Float32Array, rows?: Int32Array): Promise<Int32Array>;
}

/** Output access (score-based attacks). */
export interface ScoreOracle extends DecisionOracle {
  /** What `scores` returns: logits, probabilities or log-probabilities. */
  readonly outputKind: OutputKind;
  /** The model's outputs, `[x rows × classes]`. One query per row. */
  scores(x: Float32Array, rows?: Int32Array): Promise<Float32Array>;
}

/** Gradient access (white-box attacks). */
export interface GradientOracle extends ScoreOracle {
  /** Per-row cross-entropy against `labels` and its gradient with respect to `x`. One (gradient) query per row. */
  lossGradient(x: Float32Array, labels: Int32Array, rows?: Int32Array): Promise<LossGradient>;
}

/** Where an oracle's counts go: one entry per batch sample. */
export interface QueryLedger {
  readonly queries: Uint32Array;
  readonly gradients: Uint32Array;
}

/** What a {@link CountingOracle} is built from. */
export interface OracleOptions {
  readonly model: Model;
  /** Shape of one sample as the model takes it (without the batch dimension). */
  readonly sampleShape: readonly number[];
  readonly rows: number;
  readonly classes: number;
  /** Queries allowed per sample; undefined = unlimited. */
  readonly maxQueries?: number;
  /** Names the attack in budget errors. */
  readonly attack: string;
}

/**
 * The counting oracle over one batch. `ledger` holds its counts.
 *
 * @example
 * const oracle = new CountingOracle({ model, sampleShape: [64], rows: 128, classes: 10, attack: 'pgd' });
 * const { grad } = await oracle.lossGradient(x, labels);
 * oracle.queries(0); // 1
 */
export class CountingOracle implements GradientOracle {
  readonly rows: number;
  readonly features: number;
  readonly classes: number;
  readonly outputKind: OutputKind;
  readonly ledger: QueryLedger;
  readonly #o: OracleOptions;

  constructor(options: OracleOptions) {
    this.#o = options;
    this.rows = options.rows;
    this.features = options.sampleShape.reduce((a, b) => a * b, 1);
    this.classes = options.classes;
    this.outputKind = options.model.outputKind;
    this.ledger = { queries: new Uint32Array(options.rows), gradients: new Uint32Array(options.rows) };
  }

  queries(row: number): number {
    return this.ledger.queries[row] ?? 0;
  }

  remaining(row: number): number {
    return this.#o.maxQueries === undefined ? Number.POSITIVE_INFINITY : Math.max(0, this.#o.maxQueries - this.queries(row));
  }

  async decide(x: Float32Array, rows?: Int32Array): Promise<Int32Array> {
    const out = await this.scores(x, rows);
    return argmaxRows(out, out.length / this.classes, this.classes);
  }

  async scores(x: Float32Array, rows?: Int32Array): Promise<Float32Array> {
    const n = this.#charge(x, rows, false);
    if (n === 0) return new Float32Array(0);
    const y = await this.#o.model.predict(x, [n, ...this.#o.sampleShape]);
    return y.data;
  }

  async lossGradient(x: Float32Array, labels: Int32Array, rows?: Int32Array): Promise<LossGradient> {
    const n = this.#charge(x, rows, true);
    if (n === 0) return { loss: new Float32Array(0), grad: new Float32Array(0) };
    const fn = this.#o.model.lossGradient;
    if (fn === undefined) throw redteamErrors.error('RTM_ERR_NEEDS_GRADIENTS', `${this.#o.attack} asked for a gradient and the model provides none`, { attack: this.#o.attack });
    return fn.call(this.#o.model, x, [n, ...this.#o.sampleShape], labels.length === n ? labels : labels.subarray(0, n));
  }

  /** Counts one query for each row of the call (after checking the budget); returns the row count. */
  #charge(x: Float32Array, rows: Int32Array | undefined, gradient: boolean): number {
    const n = rows === undefined ? this.rows : rows.length;
    if (x.length !== n * this.features) {
      throw new RangeError(`${this.#o.attack}: ${x.length} values for ${n} rows of ${this.features} features`);
    }
    const max = this.#o.maxQueries;
    for (let r = 0; r < n; r++) {
      const row = rows === undefined ? r : (rows[r] as number);
      if (max !== undefined && (this.ledger.queries[row] as number) >= max) {
        throw redteamErrors.error('RTM_ERR_QUERY_BUDGET_EXCEEDED', `${this.#o.attack} queried sample ${row} of its batch beyond the budget of ${max} queries`, { attack: this.#o.attack, row, maxQueries: max });
      }
    }
    for (let r = 0; r < n; r++) {
      const row = rows === undefined ? r : (rows[r] as number);
      this.ledger.queries[row] = (this.ledger.queries[row] as number) + 1;
      if (gradient) this.ledger.gradients[row] = (this.ledger.gradients[row] as number) + 1;
    }
    return n;
  }
}

/**
 * A view of `oracle` restricted to labels: what a decision-only attack receives.
 *
 * @example
 * const view = decisionView(oracle); // no scores, no gradients
 */
export function decisionView(oracle: DecisionOracle): DecisionOracle {
  return {
    rows: oracle.rows,
    features: oracle.features,
    classes: oracle.classes,
    queries: (row) => oracle.queries(row),
    remaining: (row) => oracle.remaining(row),
    decide: (x, rows) => oracle.decide(x, rows),
  };
}

/**
 * A view of `oracle` restricted to outputs: what a score-based attack receives.
 *
 * @example
 * const view = scoreView(oracle); // no gradients
 */
export function scoreView(oracle: ScoreOracle): ScoreOracle {
  return { ...decisionView(oracle), outputKind: oracle.outputKind, scores: (x, rows) => oracle.scores(x, rows) };
}
