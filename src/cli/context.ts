/**
 * @module cli/context
 * What a command needs from the process: output streams, working directory, environment
 * and a way to set the exit code. Injected so that commands run in-process under test.
 */

export interface CliIO {
  /** Writes one line (a newline is appended) to standard output. */
  out(text: string): void;
  /** Writes one line (a newline is appended) to standard error. */
  err(text: string): void;
}

export interface CliContext {
  readonly io: CliIO;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Sets the process exit code when the command finishes without throwing (e.g. 1 for "differs"). */
  setExitCode(code: number): void;
}

/** Exit codes shared by every command (docs/cli.md). */
export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2 });
