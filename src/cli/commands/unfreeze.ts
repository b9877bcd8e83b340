/**
 * @module cli/commands/unfreeze
 * `bulwark unfreeze --model M --reason TEXT`: lifts a loop-guard freeze. Routes stay where
 * they were pinned; automation resumes; the API keys the freeze contained are released.
 * Checked, audit-logged and queued for the running gateway like `bulwark approve`.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addActorOption, addStoreOptions } from '../shared-options.js';
import { OPERATOR_EXIT_HELP, queueOperatorCommand } from './approve.js';
import type { OperatorOptions } from './approve.js';

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('unfreeze')
    .description('Lift a frozen breaker (loop guard): routes stay pinned, automation resumes, contained keys are released; audit-logged.')
    .requiredOption('--model <name>', 'the frozen model')
    .requiredOption('--reason <text>', 'why (goes to the audit log)')
    .option('--wait [seconds]', 'wait until the gateway applied it (default 30 s)')
    .option('--json', 'print the queued (or applied) command as JSON')
    .addHelpText('after', OPERATOR_EXIT_HELP);
  addStoreOptions(addActorOption(cmd)).action(async (opts: OperatorOptions) => queueOperatorCommand(ctx, opts, { type: 'unfreeze' }));
}
