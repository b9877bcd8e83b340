/**
 * @module cli/commands/approve
 * `bulwark approve --model M --version V --reason TEXT`: a human approves a roll-forward
 * of a rolled-back model. Checked against the breaker state in the store, audit-logged,
 * then queued for the running gateway, which polls the store's command queue and starts a
 * canary roll-forward (5% → 25% → 100%, verified at each step). Nothing rolls forward
 * without this. Also the queueing shared with `bulwark unfreeze`.
 */
import type { Command } from 'commander';
import { rollbackServices } from '../../app/rollback-services.js';
import { requestOperatorCommand, rollbackErrors, waitForCommand } from '../../rollback/index.js';
import type { OperatorCommand, QueuedCommand } from '../../rollback/index.js';
import type { CliContext } from '../context.js';
import { addActorOption, addStoreOptions, printJson, resolveActor, withServices } from '../shared-options.js';
import type { StoreOptions } from '../shared-options.js';

/** Options shared by approve and unfreeze. */
export interface OperatorOptions extends StoreOptions {
  model: string;
  reason: string;
  actor?: string;
  wait?: string | boolean;
  json?: boolean;
}

/** Exit codes of approve and unfreeze. */
export const OPERATOR_EXIT_HELP =
  '\nThe command is queued in the store; a running `bulwark gateway` on the same store applies it within a second (it polls the queue).\n' +
  'Exit codes: 0 queued (or applied, with --wait), 1 failure (store; --wait timed out), 2 user error (not allowed in the breaker state, unknown model, rejected).';

/** Real, referenced timers: the CLI process must stay alive while it waits (the gateway's are unref'd). */
const WAIT_TIMERS = {
  setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clearTimeout: (handle: unknown): void => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setImmediate: (fn: () => void): void => void setImmediate(fn),
};

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('approve')
    .description('Approve a roll-forward of a rolled-back model to a version (canary 5% → 25% → 100%, verified); audit-logged.')
    .requiredOption('--model <name>', 'the rolled-back model')
    .requiredOption('--version <v>', 'the version to roll forward to (declared in bulwark.yaml; not the LKG)')
    .requiredOption('--reason <text>', 'why (goes to the audit log)')
    .option('--wait [seconds]', 'wait until the gateway applied it (default 30 s)')
    .option('--json', 'print the queued (or applied) command as JSON')
    .addHelpText('after', OPERATOR_EXIT_HELP);
  addStoreOptions(addActorOption(cmd)).action(async (opts: OperatorOptions & { version: string }) => queueOperatorCommand(ctx, opts, { type: 'approve', version: opts.version }));
}

/**
 * Checks, audits and queues an operator command; with `--wait`, follows it until settled.
 *
 * @example
 * await queueOperatorCommand(ctx, opts, { type: 'unfreeze' });
 */
export async function queueOperatorCommand(ctx: CliContext, opts: OperatorOptions, command: OperatorCommand): Promise<void> {
  const actor = resolveActor(ctx, opts.actor);
  const waitMs = waitOption(opts.wait);
  const result = await withServices(ctx, opts, async (services) => {
    const rb = rollbackServices(services);
    const queued = await requestOperatorCommand(rb, { model: opts.model, command, actor, reason: opts.reason });
    if (waitMs === undefined) return queued;
    return waitForCommand(rb.stores.commands, queued.id, { timeoutMs: waitMs, intervalMs: 200, timers: WAIT_TIMERS, clock: rb.clock });
  });
  if (opts.json) return printJson(ctx, result);
  ctx.io.out(describe(result));
}

function describe(c: QueuedCommand): string {
  const what = c.command.type === 'approve' ? `approve ${c.model} → ${c.command.version}` : `unfreeze ${c.model}`;
  if (c.status === 'applied') return `applied command #${c.id} (${what}): ${c.detail ?? ''}`;
  return `queued command #${c.id} (${what}) by ${c.actor}; a running gateway on this store applies it within a second (see \`bulwark incidents list\`)`;
}

function waitOption(raw: string | boolean | undefined): number | undefined {
  if (raw === undefined || raw === false) return undefined;
  if (raw === true) return 30_000;
  const seconds = Number(raw);
  if (!(Number.isFinite(seconds) && seconds > 0)) throw rollbackErrors.error('RBK_ERR_BAD_OPTION', `--wait must be a number of seconds > 0, got "${raw}"`, { option: '--wait', value: raw });
  return seconds * 1_000;
}
