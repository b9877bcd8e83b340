/**
 * @module cli/commands/inspect
 * `bulwark inspect --detector <id>|all --input FILE.jsonl [--field text] [--json]`: runs
 * text inspectors over a JSON Lines file, one result per non-blank input line, in input
 * order. Detectors are registered below under stable ids; `all` runs every one of them.
 * The whole input is validated before anything is printed, so a bad line fails the
 * command (exit 2, naming the line) without partial output.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { requireFile } from '../../app/files.js';
import { inspectErrors } from '../../inspect/errors.js';
import { createEntropyTextInspector } from '../../inspect/entropy/index.js';
import { createPiiInspector } from '../../inspect/pii/index.js';
import { createPromptInjectionInspector } from '../../inspect/prompt-injection/index.js';
import type { Finding, Span, TextInspector } from '../../inspect/types.js';
import type { CliContext } from '../context.js';

/** A detector `bulwark inspect` can run. */
export interface DetectorEntry {
  /** Stable id, the value of `--detector`. */
  readonly id: string;
  readonly description: string;
  /** Creates the inspector with its default settings. */
  create(): TextInspector;
}

/**
 * The registered detectors, in the order `all` runs and prints them. A new detector adds
 * one entry here (stable id, description, factory). Only text detectors are here: the
 * tabular inspectors (schema, OOD, squeezing) and the window-level fingerprint entropy need
 * OIP tensors and a version's baseline, so they run in the gateway and in `bulwark baseline`.
 *
 * @example
 * DETECTORS.find((d) => d.id === 'pii')?.create().inspect('jane@example.com').flagged; // true
 */
export const DETECTORS: readonly DetectorEntry[] = [
  { id: 'pii', description: 'PII and secrets: e-mail, phone, card, IBAN, US SSN, IP, AWS/GitHub/Slack tokens, JWT, private keys', create: () => createPiiInspector() },
  { id: 'prompt-injection', description: 'prompt injection and jailbreak: instruction override, role-play, system-prompt extraction, delimiter injection, obfuscation (EN, DE)', create: () => createPromptInjectionInspector() },
  { id: 'entropy', description: 'degenerate repetition: token entropy / log2(tokens) below 0.5 over 20+ tokens, or byte entropy below 1.5 bits over 64+ bytes', create: () => createEntropyTextInspector() },
];

/** The value of `--detector` that runs every registered detector. */
export const ALL_DETECTORS = 'all';

/** One input line to inspect. */
export interface InspectInput {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly text: string;
}

interface InspectCliOptions {
  detector: string;
  input: string;
  field: string;
  json?: boolean;
}

const HELP = () => `
Detectors: ${DETECTORS.map((d) => `${d.id} (${d.description})`).join('; ')}; ${ALL_DETECTORS} runs every one.
The tabular inspectors (schema, ood, squeeze) and the window entropy of input fingerprints
need OIP tensors and a version's baseline: they run in the gateway and in \`bulwark baseline\`.

Each non-blank input line is a JSON object whose --field is a string, or a JSON string.
With --json, prints one JSON object per input line, in order:
  {"line":1,"score":0.5,"flagged":true,"spans":[{"start":5,"end":21,"type":"EMAIL"}],"reasons":["EMAIL"]}
With --detector all, score is the highest, flagged is true when any detector flags, spans
and reasons carry the detector's id, and "detectors" holds each detector's own result.

Exit codes: 0 inspected (whatever was found), 1 failure, 2 user error (missing file,
unknown detector, a line that is not JSON or lacks the field, named by its number).
Docs: docs/inspectors.md`;

/**
 * Parses the input file's text into the texts to inspect. Throws `INS_ERR_INPUT_LINE`
 * naming the first bad line.
 *
 * @example
 * parseInspectInput('{"text":"hi"}\n\n"plain"\n', 'text'); // [{ line: 1, text: 'hi' }, { line: 3, text: 'plain' }]
 */
export function parseInspectInput(content: string, field: string, source = 'input'): InspectInput[] {
  const body = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const inputs: InspectInput[] = [];
  body.split('\n').forEach((raw, i) => {
    const lineText = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineText.trim() === '') return;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch (cause) {
      throw inspectErrors.error('INS_ERR_INPUT_LINE', `${source}: line ${line} is not valid JSON (${(cause as Error).message})`, { source, line }, cause);
    }
    const text = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
    if (typeof text !== 'string') {
      throw inspectErrors.error('INS_ERR_INPUT_LINE', `${source}: line ${line} has no string field "${field}"`, { source, line, field });
    }
    inputs.push({ line, text });
  });
  return inputs;
}

/**
 * The detectors `id` names (`all`: every registered one). Throws `INS_ERR_UNKNOWN_DETECTOR`.
 *
 * @example
 * selectDetectors('pii').map((d) => d.id); // ['pii']
 */
export function selectDetectors(id: string): readonly DetectorEntry[] {
  if (id === ALL_DETECTORS) return DETECTORS;
  const found = DETECTORS.find((d) => d.id === id);
  if (!found) {
    const known = [...DETECTORS.map((d) => d.id), ALL_DETECTORS].join(', ');
    throw inspectErrors.error('INS_ERR_UNKNOWN_DETECTOR', `unknown detector "${id}"; known: ${known}`, { detector: id });
  }
  return [found];
}

interface LineResult {
  line: number;
  score: number;
  flagged: boolean;
  spans: { start: number; end: number; type: string; detector?: string }[];
  reasons: string[];
  error?: string;
  detectors?: Record<string, Omit<LineResult, 'line' | 'detectors'>>;
}

function plain(finding: Finding): Omit<LineResult, 'line' | 'detectors'> {
  const spans = finding.spans.map((s: Span) => ({ start: s.start, end: s.end, type: s.type }));
  return { score: finding.score, flagged: finding.flagged, spans, reasons: [...finding.reasons], ...(finding.error === undefined ? {} : { error: finding.error }) };
}

/** One line's result: a single detector's finding, or all of them combined. */
function inspectLine(input: InspectInput, inspectors: readonly TextInspector[], combined: boolean): LineResult {
  if (!combined) return { line: input.line, ...plain((inspectors[0] as TextInspector).inspect(input.text)) };
  const detectors: Record<string, Omit<LineResult, 'line' | 'detectors'>> = {};
  for (const inspector of inspectors) detectors[inspector.id] = plain(inspector.inspect(input.text));
  const all = Object.entries(detectors);
  return {
    line: input.line,
    score: Math.max(0, ...all.map(([, r]) => r.score)),
    flagged: all.some(([, r]) => r.flagged),
    spans: all.flatMap(([id, r]) => r.spans.map((s) => ({ ...s, detector: id }))).sort((a, b) => a.start - b.start),
    reasons: all.flatMap(([id, r]) => r.reasons.map((reason) => `${id}:${reason}`)),
    detectors,
  };
}

function humanLine(r: LineResult): string {
  const spans = r.spans.map((s) => `${s.detector === undefined ? '' : `${s.detector}:`}${s.type}[${s.start},${s.end})`).join(' ');
  const verdict = r.error !== undefined ? `error: ${r.error}` : r.flagged ? 'flagged' : 'ok';
  return `line ${r.line}  ${verdict.padEnd(7)}  score ${r.score.toFixed(2)}${spans === '' ? '' : `  ${spans}`}`;
}

async function runInspect(ctx: CliContext, opts: InspectCliOptions): Promise<void> {
  const entries = selectDetectors(opts.detector);
  const path = resolve(ctx.cwd, opts.input);
  await requireFile(path);
  const inputs = parseInspectInput(await readFile(path, 'utf8'), opts.field, opts.input);
  // Results are keyed by the registry id (what --detector takes), not the inspector's own id.
  const inspectors = entries.map((e): TextInspector => {
    const inspector = e.create();
    return { id: e.id, inspect: (text) => inspector.inspect(text) };
  });
  const combined = opts.detector === ALL_DETECTORS;
  let flagged = 0;
  for (const input of inputs) {
    const result = inspectLine(input, inspectors, combined);
    if (result.flagged) flagged++;
    ctx.io.out(opts.json ? JSON.stringify(result) : humanLine(result));
  }
  if (!opts.json) ctx.io.out(`${flagged} of ${inputs.length} line${inputs.length === 1 ? '' : 's'} flagged (${entries.map((e) => e.id).join(', ')})`);
}

/**
 * Registers `bulwark inspect`.
 *
 * @example
 * register(new Command('bulwark'), ctx); // then: bulwark inspect --detector pii --input prompts.jsonl --json
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('inspect')
    .description('Run text inspectors (prompt injection, PII and secrets, entropy) over a JSON Lines file: one result per line.')
    .requiredOption('--input <file>', 'JSON Lines file to inspect')
    .option('--detector <id>', `detector to run: ${[...DETECTORS.map((d) => d.id), ALL_DETECTORS].join(', ')}`, ALL_DETECTORS)
    .option('--field <name>', 'the field of each JSON object that holds the text', 'text')
    .option('--json', 'print one JSON object per input line')
    .addHelpText('after', HELP)
    .action((opts: InspectCliOptions) => runInspect(ctx, opts));
}
