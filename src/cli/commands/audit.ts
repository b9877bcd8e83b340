/**
 * @module cli/commands/audit
 * `bulwark audit verify|list`: check and read the hash-chained audit log.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { EXIT } from '../context.js';
import { cliErrors } from '../errors.js';
import { addStoreOptions, printJson, withServices } from '../shared-options.js';
import type { StoreOptions } from '../shared-options.js';

export function register(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('The append-only, hash-chained audit log of every mutation.');
  registerVerify(audit, ctx);
  registerList(audit, ctx);
}

function registerVerify(parent: Command, ctx: CliContext): void {
  const cmd = parent
    .command('verify')
    .description('Walk the whole chain; name the first entry that was edited, deleted or reordered.')
    .option('--expect-head <sha256>', 'the head hash from an earlier verify, kept elsewhere: also detects entries deleted from the end')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExit codes: 0 intact, 1 not intact (the first bad entry is named), 2 user error.');
  addStoreOptions(cmd).action(async (opts: StoreOptions & { expectHead?: string; json?: boolean }) => {
    const report = await withServices(ctx, opts, (s) => s.audit.verify(opts.expectHead === undefined ? {} : { expectHead: opts.expectHead }));
    if (!report.intact) ctx.setExitCode(EXIT.failure);
    if (opts.json) return printJson(ctx, report);
    if (report.intact) {
      ctx.io.out(report.head ? `intact: ${report.verified} entries, head ${report.head.seq} ${report.head.hash}` : 'intact: the audit log is empty');
      return;
    }
    const bad = report.firstBad;
    ctx.io.out(`not intact: first bad entry ${bad?.seq ?? '?'} (${bad?.problem ?? 'unknown'}): ${bad?.message ?? ''}`);
    ctx.io.out(`${report.verified} entries verified before it`);
  });
}

function registerList(parent: Command, ctx: CliContext): void {
  const cmd = parent
    .command('list')
    .description('Print audit entries in order.')
    .option('--after <seq>', 'start after this sequence number', '0')
    .option('--limit <n>', 'at most this many entries', '100')
    .option('--json', 'print one JSON object per line')
    .addHelpText('after', '\nExit codes: 0 success, 1 failure, 2 user error.');
  addStoreOptions(cmd).action(async (opts: StoreOptions & { after: string; limit: string; json?: boolean }) => {
    const afterSeq = nonNegativeInt('--after', opts.after);
    const limit = nonNegativeInt('--limit', opts.limit);
    const entries = await withServices(ctx, opts, (s) => s.audit.list({ afterSeq, limit }));
    for (const e of entries) {
      if (opts.json) printJson(ctx, e);
      else ctx.io.out(`${String(e.seq).padStart(6)}  ${new Date(e.at).toISOString()}  ${e.actor}  ${e.action}  ${e.target}  ${JSON.stringify(e.details)}`);
    }
  });
}

/** Parses a non-negative integer option or throws CLI_ERR_USAGE naming it. */
export function nonNegativeInt(option: string, raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) throw cliErrors.error('CLI_ERR_USAGE', `${option} must be a non-negative integer, got "${raw}"`, { option, value: raw });
  return value;
}
