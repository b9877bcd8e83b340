/**
 * @module cli/commands/config
 * `bulwark config validate|show|schema`: check a bulwark.yaml (or knobs file) and print
 * every problem with its path, print the resolved config with secrets redacted, and
 * print or write the generated JSON Schema.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { configErrors, parseConfig, parseKnobs, readConfigText, redactConfig, renderConfigJsonSchema } from '../../config/index.js';
import type { BulwarkConfig, Knobs } from '../../config/index.js';
import { isBulwarkError } from '../../shared/errors.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../context.js';
import { printJson } from '../shared-options.js';

export function register(program: Command, ctx: CliContext): void {
  const config = program.command('config').description('Check bulwark.yaml, show it resolved, and generate its JSON Schema (docs/config.md).');
  registerValidate(config, ctx);
  registerShow(config, ctx);
  registerSchema(config, ctx);
}

interface ValidateOptions {
  json?: boolean;
  knobs?: boolean;
}

function registerValidate(parent: Command, ctx: CliContext): void {
  parent
    .command('validate')
    .description('Validate a config file: ${VAR} substitution, YAML, schema and cross-field checks. Prints "ok FILE" or every problem as "path: message".')
    .argument('<file>', 'bulwark.yaml (or a knobs file with --knobs)')
    .option('--knobs', 'FILE is a knobs file (thresholds, windows), not bulwark.yaml')
    .option('--json', 'print {"ok", "file", "error"?} as JSON on stdout')
    .addHelpText('after', '\nExit codes: 0 valid, 2 invalid (CFG_ERR_INVALID, CFG_ERR_YAML_SYNTAX, CFG_ERR_MISSING_ENV, CFG_ERR_FILE_NOT_FOUND).')
    .action(async (file: string, opts: ValidateOptions) => {
      try {
        await parseFile(ctx, file, opts.knobs === true ? 'knobs' : 'config');
      } catch (err) {
        if (!opts.json || !isBulwarkError(err)) throw err;
        ctx.setExitCode(err.kind === 'user' ? EXIT.usage : EXIT.failure);
        return printJson(ctx, { ok: false, file, error: err.toJSON() });
      }
      if (opts.json) return printJson(ctx, { ok: true, file });
      ctx.io.out(`ok ${file}`);
    });
}

function registerShow(parent: Command, ctx: CliContext): void {
  parent
    .command('show')
    .description('Print the config as bulwark reads it (defaults filled in), with secrets and ${VAR} values replaced by ***.')
    .argument('<file>', 'bulwark.yaml')
    .option('--json', 'print JSON instead of YAML')
    .addHelpText('after', '\nExit codes: 0 success, 2 invalid config.')
    .action(async (file: string, opts: { json?: boolean }) => {
      const redacted = redactConfig(await parseFile(ctx, file, 'config'));
      if (opts.json) return printJson(ctx, redacted);
      ctx.io.out(stringify(redacted).trimEnd());
    });
}

function registerSchema(parent: Command, ctx: CliContext): void {
  parent
    .command('schema')
    .description('Print the JSON Schema of bulwark.yaml (generated from the zod schema), or write it with --out.')
    .option('--out <file>', 'write to FILE instead of standard output (npm run gen:schema writes schema/bulwark.schema.json)')
    .addHelpText('after', '\nExit codes: 0 success, 1 the file could not be written.')
    .action(async (opts: { out?: string }) => {
      const text = renderConfigJsonSchema();
      if (opts.out === undefined) return ctx.io.out(text.trimEnd());
      try {
        await writeFile(resolve(ctx.cwd, opts.out), text);
      } catch (err) {
        throw configErrors.error('CFG_ERR_WRITE_FAILED', `cannot write ${opts.out}: ${(err as Error).message}`, { file: opts.out }, err);
      }
      ctx.io.out(`wrote ${opts.out}`);
    });
}

/** Reads FILE (relative to the working directory) and validates it; messages name it as typed. */
async function parseFile(ctx: CliContext, file: string, kind: 'config' | 'knobs'): Promise<BulwarkConfig | Knobs> {
  const text = await readConfigText(resolve(ctx.cwd, file), file);
  return kind === 'knobs' ? parseKnobs(text, { file, env: ctx.env }) : parseConfig(text, { file, env: ctx.env });
}
