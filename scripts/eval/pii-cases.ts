/**
 * @module scripts/eval/pii-cases
 * Loads the labelled PII data of ../shared/data/pii into one shape and scores predicted
 * spans against it, per entity, by span overlap. Used by `npm run eval:inspectors` (the
 * `pii` section) and by the F1 target test of src/inspect/pii.
 *
 * - Presidio recogniser cases (`presidio-recognizer-cases/*.jsonl`): each file tests one
 *   recogniser; its positives and negatives (Luhn-invalid cards, IBANs with a wrong check
 *   digit, SSNs with area 000/666, `256.1.1.1`) are scored for that entity only. Phone
 *   cases that set a non-default `leniency` (Presidio's default is 1) are left out: the
 *   same text is labelled differently per leniency. Cases that give a count but no
 *   offsets are scored by count. Texts written as Python f-string literals are unquoted.
 * - presidio-research synthetic sentences (`presidio-generated-small.json`): labelled
 *   spans of every type; ours are scored against the mapped types.
 * - llm-guard secrets cases: one verdict per prompt (`expected_valid` false = a secret).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '../../src/inspect/types.js';

/** A labelled text. `truth` lists spans; `counts` (entity → number) is used when offsets are unknown. */
export interface LabelledText {
  readonly source: string;
  readonly text: string;
  /** The entities this text is labelled for: predictions of other types are not scored on it. */
  readonly entities: readonly string[];
  readonly truth: readonly Span[];
  readonly counts?: Readonly<Record<string, number>>;
}

/** Per-entity result. */
export interface EntityScore {
  readonly entity: string;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  /** True spans (tp + fn). */
  readonly support: number;
  /** True positives scored on labelled offsets (the others come from count-only cases). */
  readonly located: number;
  /** Of those, the ones whose offsets are exactly the labelled ones. */
  readonly exact: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** Presidio file → our entity type. */
export const PRESIDIO_FILES: Readonly<Record<string, string>> = {
  'credit_card.jsonl': 'CREDIT_CARD',
  'email.jsonl': 'EMAIL',
  'iban.jsonl': 'IBAN',
  'ip.jsonl': 'IP_ADDRESS',
  'phone.jsonl': 'PHONE',
  'us_ssn.jsonl': 'US_SSN',
};

/** presidio-research entity names → ours. */
export const PRESIDIO_ENTITY_MAP: Readonly<Record<string, string>> = {
  CREDIT_CARD: 'CREDIT_CARD',
  EMAIL_ADDRESS: 'EMAIL',
  IBAN_CODE: 'IBAN',
  IP_ADDRESS: 'IP_ADDRESS',
  PHONE_NUMBER: 'PHONE',
  US_SSN: 'US_SSN',
};

const PRESIDIO_DEFAULT_LENIENCY = 1;

function caseText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  const expr = (raw as { __expr__?: unknown } | null)?.__expr__;
  const m = typeof expr === 'string' ? /^f?'([^'{}]*)'$/.exec(expr) : null;
  return m?.[1];
}

function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** One Presidio recogniser case as a labelled text, or undefined when it is left out. */
function presidioCase(file: string, entity: string, c: Record<string, unknown>): LabelledText | undefined {
  const text = caseText(c['text'] ?? c['iban']);
  if (text === undefined) return undefined;
  if (c['leniency'] !== undefined && c['leniency'] !== PRESIDIO_DEFAULT_LENIENCY) return undefined;
  const positions = (c['expected_positions'] ?? c['expected_res'] ?? []) as [number, number][];
  const expected = Number(c['expected_len'] ?? positions.length);
  const source = `${file}#${String(c['test'])}/${String(c['case'])}`;
  if (positions.length < expected) return { source, text, entities: [entity], truth: [], counts: { [entity]: expected } };
  return { source, text, entities: [entity], truth: positions.map(([start, end]) => ({ start, end, type: entity })) };
}

/**
 * The Presidio recogniser cases of our six PII entities (`dir` = presidio-recognizer-cases).
 *
 * @example
 * loadPresidioCases('../shared/data/pii/presidio-recognizer-cases').length; // 504
 */
export function loadPresidioCases(dir: string): LabelledText[] {
  const out: LabelledText[] = [];
  for (const [file, entity] of Object.entries(PRESIDIO_FILES)) {
    for (const c of readJsonl(join(dir, file))) {
      const labelled = presidioCase(file, entity, c);
      if (labelled) out.push(labelled);
    }
  }
  return out;
}

/**
 * Texts of the other Presidio recognisers (dates, URLs, MAC addresses, ITINs, …): not
 * labelled for our entities, so anything found on them is only listed for review.
 */
export function loadOtherPresidioTexts(dir: string): { source: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl') && !(f in PRESIDIO_FILES))
    .sort()
    .flatMap((file) => readJsonl(join(dir, file)).map((c) => ({ source: `${file}#${String(c['case'])}`, text: caseText(c['text']) ?? '' })));
}

/** presidio-research synthetic sentences, with spans mapped to our types. */
export function loadGenerated(path: string): LabelledText[] {
  const rows = JSON.parse(readFileSync(path, 'utf8')) as { full_text: string; spans: { entity_type: string; start_position: number; end_position: number }[] }[];
  return rows.map((row, i) => ({
    source: `presidio-generated-small.json#${i}`,
    text: row.full_text,
    entities: Object.values(PRESIDIO_ENTITY_MAP),
    truth: row.spans
      .filter((s) => s.entity_type in PRESIDIO_ENTITY_MAP)
      .map((s) => ({ start: s.start_position, end: s.end_position, type: PRESIDIO_ENTITY_MAP[s.entity_type] ?? s.entity_type })),
  }));
}

/** llm-guard secrets cases: prompt and whether it holds a secret. */
export function loadSecretsCases(path: string): { source: string; text: string; secret: boolean }[] {
  return readJsonl(path).map((c) => ({ source: `llm-guard-secrets-cases.jsonl#${String(c['case'])}`, text: String(c['prompt']), secret: c['expected_valid'] === false }));
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  located: number;
  exact: number;
}

function tallyText(t: LabelledText, predicted: readonly Span[], entity: string, into: Tally): void {
  const preds = predicted.filter((p) => p.type === entity);
  const count = t.counts?.[entity];
  if (count !== undefined) {
    const tp = Math.min(count, preds.length);
    Object.assign(into, { tp: into.tp + tp, fp: into.fp + preds.length - tp, fn: into.fn + count - tp });
    return;
  }
  const used = new Set<number>();
  for (const truth of t.truth.filter((s) => s.type === entity)) {
    const k = preds.findIndex((p, i) => !used.has(i) && p.start < truth.end && truth.start < p.end);
    if (k < 0) {
      into.fn++;
      continue;
    }
    used.add(k);
    into.tp++;
    into.located++;
    if (preds[k]?.start === truth.start && preds[k]?.end === truth.end) into.exact++;
  }
  into.fp += preds.length - used.size;
}

/**
 * Precision, recall and F1 per entity: a prediction matches a true span of the same type
 * when they overlap (one-to-one, in order); unmatched predictions are false positives.
 *
 * @example
 * scoreEntities(cases, (text) => inspector.inspect(text).spans, ['EMAIL']);
 * // [{ entity: 'EMAIL', tp: 7, fp: 0, fn: 0, support: 7, located: 7, exact: 7, precision: 1, recall: 1, f1: 1 }]
 */
export function scoreEntities(texts: readonly LabelledText[], predict: (text: string) => readonly Span[], entities: readonly string[]): EntityScore[] {
  const tallies = new Map(entities.map((e) => [e, { tp: 0, fp: 0, fn: 0, located: 0, exact: 0 }]));
  for (const t of texts) {
    const predicted = predict(t.text);
    for (const e of t.entities) {
      const tally = tallies.get(e);
      if (tally) tallyText(t, predicted, e, tally);
    }
  }
  return entities.map((entity) => {
    const { tp, fp, fn, located, exact } = tallies.get(entity) ?? { tp: 0, fp: 0, fn: 0, located: 0, exact: 0 };
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { entity, tp, fp, fn, support: tp + fn, located, exact, precision, recall, f1 };
  });
}
