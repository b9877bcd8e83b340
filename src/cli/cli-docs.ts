/**
 * @module cli/cli-docs
 * Renders docs/cli.md from the commander program itself (every command's --help), so the
 * reference can never drift from the code. `npm run gen:docs` writes it; a test compares.
 */
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { buildProgram } from './main.js';

const NULL_CONTEXT: CliContext = {
  io: { out: () => undefined, err: () => undefined },
  cwd: '.',
  env: {},
  setExitCode: () => undefined,
};

/** The whole markdown reference. */
export function renderCliDocs(): string {
  const program = buildProgram(NULL_CONTEXT);
  const lines = [
    '<!-- Generated from the CLI by `npm run gen:docs`. Do not edit: a test compares it with `bulwark … --help`. -->',
    '# `bulwark` command reference',
    '',
    'Every command prints `error CODE: message` on failure ([errors.md](errors.md)) and exits',
    '**0** on success, **1** on failure (or when a check finds a difference or damage), **2** on a user error',
    '(bad arguments, missing files, invalid input). Commands whose output is data accept `--json`.',
    '',
  ];
  walk(program, [], lines);
  return `${lines.join('\n').trimEnd()}\n`;
}

function walk(cmd: Command, path: string[], lines: string[]): void {
  const name = ['bulwark', ...path].join(' ');
  lines.push(`${'#'.repeat(Math.min(2 + path.length, 4))} \`${name}\``, '', '```text', helpOf(cmd).trimEnd(), '```', '');
  for (const sub of cmd.commands) walk(sub, [...path, sub.name()], lines);
}

function helpOf(cmd: Command): string {
  let text = '';
  // A fixed width, so the file does not depend on the terminal that generated it.
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s), getOutHelpWidth: () => 100, getErrHelpWidth: () => 100, getOutHasColors: () => false, getErrHasColors: () => false });
  cmd.outputHelp();
  return text.replace(/[ \t]+$/gm, '');
}
