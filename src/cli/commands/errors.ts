/**
 * @module cli/commands/errors
 * `bulwark errors [CODE]`: explains error codes; `--markdown` renders docs/errors.md.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { ERROR_CATALOGS } from '../../app/error-catalogs.js';
import { renderErrorDocs } from '../../app/error-docs.js';
import { cliErrors } from '../errors.js';
import { printJson } from '../shared-options.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('errors')
    .description('Explain an error code (meaning and fix), or list every code.')
    .argument('[code]', 'an error code such as REG_ERR_VERSION_CONFLICT')
    .option('--markdown', 'print the whole catalog as markdown (this is docs/errors.md)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExit codes: 0 success, 2 unknown code.')
    .action((code: string | undefined, opts: { markdown?: boolean; json?: boolean }) => {
      if (opts.markdown) return ctx.io.out(renderErrorDocs(ERROR_CATALOGS).trimEnd());
      const all = ERROR_CATALOGS.flatMap((c) => Object.entries(c.codes).map(([k, spec]) => ({ code: k, ...spec })));
      const selected = code === undefined ? all : all.filter((e) => e.code === code.toUpperCase());
      if (selected.length === 0) throw cliErrors.error('CLI_ERR_USAGE', `unknown error code "${code}" (run \`bulwark errors\` for the list)`, { code });
      if (opts.json) return printJson(ctx, code === undefined ? selected : selected[0]);
      for (const e of selected) ctx.io.out(`${e.code} (${e.kind})\n  meaning: ${e.meaning}\n  fix:     ${e.fix}`);
    });
}
