/**
 * @module gateway/request-series
 * The per-request Prometheus series (requests by status, request and upstream latency
 * histograms), accumulated on the hot path in plain cells found through nested maps (no
 * label object, no label hashing, no string building per request) and exposed at scrape
 * time through the gateway's prom-client registry, in prom-client's own exposition format.
 * prom-client's `inc(labels)` / `observe(labels, v)` cost about 1 µs each, mostly hashing
 * the label object; the gateway records three per request.
 */
import type { Registry } from 'prom-client';

/** One exposed sample, in the shape prom-client's registry formats. */
export interface ExportedValue {
  readonly metricName?: string;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
}

/**
 * A counter cell (one label set).
 *
 * @example
 * counter.at('fraud', 'v1', 'oip-infer', '200').value++;
 */
export class CounterCell {
  readonly labels: Readonly<Record<string, string>>;
  value = 0;

  constructor(labels: Readonly<Record<string, string>>) {
    this.labels = labels;
  }
}

/**
 * A histogram cell (one label set): count per bucket (not cumulative), sum, count.
 *
 * @example
 * histogram.at('fraud', 'v1').observe(0.0021);
 */
export class HistogramCell {
  readonly labels: Readonly<Record<string, string>>;
  readonly #bounds: readonly number[];
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(labels: Readonly<Record<string, string>>, bounds: readonly number[]) {
    this.labels = labels;
    this.#bounds = bounds;
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    const bounds = this.#bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= (bounds[i] as number)) {
        this.counts[i] = (this.counts[i] as number) + 1;
        break;
      }
    }
    this.sum += value;
    this.count++;
  }
}

type Level<C> = Map<string, Level<C> | C>;

function child<C>(level: Level<C>, key: string): Level<C> {
  let next = level.get(key) as Level<C> | undefined;
  if (next === undefined) {
    next = new Map();
    level.set(key, next);
  }
  return next;
}

/** Cells by label values, in nested maps (one level per label). */
abstract class LabeledSeries<C extends CounterCell | HistogramCell> {
  readonly name: string;
  readonly help: string;
  readonly aggregator = 'sum' as const;
  abstract readonly type: 'counter' | 'histogram';
  readonly #labelNames: readonly string[];
  #root: Level<C> = new Map();
  #cells: C[] = [];

  constructor(name: string, help: string, labelNames: readonly string[], registry: Registry) {
    this.name = name;
    this.help = help;
    this.#labelNames = labelNames;
    // prom-client's registry only calls name/help/type/get()/reset() (duck-typed metric).
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  /** The cell of these label values (as many as label names), created on first use; no allocation once it exists. */
  protected cell(a: string, b?: string, c?: string, d?: string): C {
    const n = this.#labelNames.length;
    let level = this.#root;
    if (n > 1) level = child(level, a);
    if (n > 2) level = child(level, b as string);
    if (n > 3) level = child(level, c as string);
    const last = (n === 1 ? a : n === 2 ? b : n === 3 ? c : d) as string;
    const cell = level.get(last) as C | undefined;
    return cell ?? this.#add(level, last, [a, b, c, d]);
  }

  #add(level: Level<C>, last: string, values: readonly (string | undefined)[]): C {
    const labels: Record<string, string> = {};
    this.#labelNames.forEach((name, i) => (labels[name] = values[i] ?? ''));
    const cell = this.create(labels);
    level.set(last, cell);
    this.#cells.push(cell);
    return cell;
  }

  protected abstract create(labels: Readonly<Record<string, string>>): C;
  protected abstract values(cells: readonly C[]): ExportedValue[];

  /** What prom-client's registry formats at scrape time. */
  get(): Promise<{ readonly name: string; readonly help: string; readonly type: 'counter' | 'histogram'; readonly values: ExportedValue[]; readonly aggregator: 'sum' }> {
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values: this.values(this.#cells), aggregator: this.aggregator });
  }

  reset(): void {
    this.#root = new Map();
    this.#cells = [];
  }
}

/**
 * A counter; `at(...)` finds the cell once per request.
 *
 * @example
 * const requests = new CellCounter('x_total', 'help', ['model', 'status'], registry);
 * requests.at('fraud', '200').value++;
 */
export class CellCounter extends LabeledSeries<CounterCell> {
  readonly type = 'counter' as const;

  at(a: string, b?: string, c?: string, d?: string): CounterCell {
    return this.cell(a, b, c, d);
  }

  protected create(labels: Readonly<Record<string, string>>): CounterCell {
    return new CounterCell(labels);
  }

  protected values(cells: readonly CounterCell[]): ExportedValue[] {
    return cells.map((c) => ({ labels: { ...c.labels }, value: c.value }));
  }
}

/**
 * A histogram with fixed buckets (seconds); exposition like prom-client's (`le` first, cumulative, `+Inf`, `_sum`, `_count`).
 *
 * @example
 * const duration = new CellHistogram('x_seconds', 'help', ['model'], [0.001, 0.01], registry);
 * duration.at('fraud').observe(0.004);
 */
export class CellHistogram extends LabeledSeries<HistogramCell> {
  readonly type = 'histogram' as const;
  readonly #bounds: readonly number[];

  constructor(name: string, help: string, labelNames: readonly string[], bounds: readonly number[], registry: Registry) {
    super(name, help, labelNames, registry);
    this.#bounds = [...bounds];
  }

  at(a: string, b?: string, c?: string): HistogramCell {
    return this.cell(a, b, c);
  }

  protected create(labels: Readonly<Record<string, string>>): HistogramCell {
    return new HistogramCell(labels, this.#bounds);
  }

  protected values(cells: readonly HistogramCell[]): ExportedValue[] {
    const out: ExportedValue[] = [];
    for (const cell of cells) {
      let cumulative = 0;
      this.#bounds.forEach((le, i) => {
        cumulative += cell.counts[i] as number;
        out.push({ metricName: `${this.name}_bucket`, labels: { le, ...cell.labels }, value: cumulative });
      });
      out.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...cell.labels }, value: cell.count });
      out.push({ metricName: `${this.name}_sum`, labels: { ...cell.labels }, value: cell.sum });
      out.push({ metricName: `${this.name}_count`, labels: { ...cell.labels }, value: cell.count });
    }
    return out;
  }
}
