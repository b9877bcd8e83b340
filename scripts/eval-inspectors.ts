/**
 * @module scripts/eval-inspectors
 * `npm run eval:inspectors [-- --json]`: evaluates the inspectors on ../shared/data (or
 * BULWARK_SHARED_DATA). Each inspector contributes one section (scripts/eval/<name>.ts
 * exporting a function that returns an {@link EvalSection}); add yours to SECTIONS. Prints
 * each section's lines; with `--json`, prints one JSON object `{ <section key>: metrics }`
 * as the last line. Figures and commands are recorded in bench/RESULTS.md.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvalContext, EvalSection } from './eval/prompt-injection.js';
import { evaluatePromptInjection } from './eval/prompt-injection.js';
import { evaluatePii } from './eval/pii.js';
import { evaluateEntropy } from './eval/entropy.js';
import { evaluateOod, evaluateSchema } from './eval/tabular.js';
import { evaluateSqueeze } from './eval/squeeze.js';
import { evaluateBaseline, evaluateOutput } from './eval/output.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The sections, by key (the key names the section in the `--json` object). */
const SECTIONS: ReadonlyArray<readonly [string, (ctx: EvalContext) => EvalSection | Promise<EvalSection>]> = [
  ['prompt_injection', evaluatePromptInjection],
  ['pii', evaluatePii],
  ['entropy', evaluateEntropy],
  ['schema', evaluateSchema],
  ['ood', evaluateOod],
  ['squeeze', evaluateSqueeze],
  ['output', evaluateOutput],
  ['baseline', evaluateBaseline],
];

async function main(): Promise<number> {
  const json = process.argv.includes('--json');
  const ctx: EvalContext = { dataDir: process.env['BULWARK_SHARED_DATA'] ?? resolve(ROOT, '..', 'shared', 'data'), projectRoot: ROOT };
  if (!existsSync(ctx.dataDir)) {
    console.error(`eval:inspectors needs the public data in ${ctx.dataDir} (../shared/data beside the checkout, or BULWARK_SHARED_DATA)`);
    return 2;
  }
  const out: Record<string, unknown> = {};
  for (const [key, run] of SECTIONS) {
    const section = await run(ctx);
    console.log(`\n## ${section.title}\n`);
    for (const line of section.lines) console.log(line);
    out[key] = section.metrics;
  }
  if (json) console.log(JSON.stringify(out));
  return 0;
}

process.exitCode = await main();
