/**
 * @module cli/main
 * The `bulwark` command. Parses arguments with commander, runs one command, and turns
 * errors into `error CODE: message` with exit code 2 (user error) or 1 (failure).
 * Every command module registers itself in COMMANDS below.
 */
import { Command, CommanderError } from 'commander';
import { installRuleValidation } from '../app/rule-validation.js';
import { isBulwarkError } from '../shared/errors.js';
import type { CliContext, CliIO } from './context.js';
import { EXIT } from './context.js';
import { cliErrors } from './errors.js';
import { COMMANDS } from './commands/index.js';

export interface MainOptions {
  io?: CliIO;
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

const processIO: CliIO = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
};

/** Builds the commander program for one invocation. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('bulwark')
    .description('Protects ML models in production: inspect, detect, roll back to the last-known-good version.')
    .version(BULWARK_VERSION, '-V, --version')
    .enablePositionalOptions()
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (s) => ctx.io.out(s.replace(/\n$/, '')),
      writeErr: (s) => ctx.io.err(s.replace(/\n$/, '')),
      outputError: () => undefined, // main() prints commander errors in our own format
    })
    .addHelpText('after', '\nExit codes: 0 success, 1 failure (or "differs"/"not intact"), 2 user error.\nDocs: docs/cli.md, docs/errors.md');
  for (const register of COMMANDS) register(program, ctx);
  applyRecursively(program, (cmd) => cmd.exitOverride());
  return program;
}

function applyRecursively(cmd: Command, fn: (c: Command) => void): void {
  fn(cmd);
  for (const sub of cmd.commands) applyRecursively(sub, fn);
}

const BULWARK_VERSION = '0.1.0';

/**
 * Runs the CLI with `argv` (without node and script) and resolves to the exit code.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  installRuleValidation();
  const io = options.io ?? processIO;
  let exitCode: number = EXIT.ok;
  const ctx: CliContext = {
    io,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, ctx);
  }
}

function reportError(err: unknown, ctx: CliContext): number {
  if (err instanceof CommanderError) {
    // Help and version output are not errors.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    if (err.exitCode === 0) return EXIT.ok;
    const message = err.message.replace(/^error: /, '');
    ctx.io.err(`error ${'CLI_ERR_USAGE'}: ${message}`);
    return EXIT.usage;
  }
  if (isBulwarkError(err)) {
    ctx.io.err(`error ${err.code}: ${err.message}`);
    const problems = err.details['problems'];
    if (Array.isArray(problems)) for (const p of problems) ctx.io.err(`  ${String(p)}`);
    if (ctx.env['BULWARK_DEBUG'] && err.stack) ctx.io.err(err.stack);
    return err.kind === 'user' ? EXIT.usage : EXIT.failure;
  }
  const internal = cliErrors.error('CLI_ERR_INTERNAL', err instanceof Error ? err.message : String(err), {}, err);
  ctx.io.err(`error ${internal.code}: ${internal.message}`);
  if (ctx.env['BULWARK_DEBUG'] && err instanceof Error && err.stack) ctx.io.err(err.stack);
  return EXIT.failure;
}
