/**
 * @module rollback/commands
 * Operator commands as the CLI issues them: checked against the breaker state the store
 * holds (with the breaker's own rules, so the CLI refuses what the gateway would refuse),
 * then queued for the running gateway, which applies them (RollbackOrchestrator polls the
 * queue). `waitForCommand` follows a queued command until it is settled.
 */
import { BREAKER_DEFAULTS, decide, restoreState } from '../breaker/index.js';
import type { BreakerCommand, BreakerState } from '../breaker/index.js';
import type { Clock } from '../shared/clock.js';
import { rollbackErrors } from './errors.js';
import type { AuditPort, BreakerWal, CommandQueue, Timers } from './ports.js';
import type { QueuedCommand } from './types.js';

/** What a command needs from the store. */
export interface CommandStores {
  readonly wal: BreakerWal;
  readonly commands: CommandQueue;
}

/** One operator action. */
export type OperatorCommand = { readonly type: 'approve'; readonly version: string } | { readonly type: 'unfreeze' };

/**
 * The breaker state of `model` as last persisted; RBK_ERR_UNKNOWN_MODEL when there is none.
 *
 * @example
 * (await persistedState(wal, 'fraud')).kind; // 'rolled_back'
 */
export async function persistedState(wal: BreakerWal, model: string): Promise<BreakerState> {
  const latest = await wal.latest(model);
  if (latest === undefined) {
    const known = await wal.models();
    throw rollbackErrors.error('RBK_ERR_UNKNOWN_MODEL', `model "${model}" has no breaker in this store (models with a breaker: ${known.join(', ') || 'none'}; a gateway with rollback rules creates it)`, { model });
  }
  return restoreState(latest.state);
}

/**
 * Checks `command` against the persisted state with the breaker's rules (throws
 * BRK_ERR_NOT_ALLOWED / BRK_ERR_BAD_COMMAND), then queues it.
 *
 * @example
 * const queued = await enqueueCommand(store.rollback, { model: 'fraud', command: { type: 'approve', version: 'v3' }, actor: 'alice', reason: 'retrained', now });
 */
export async function enqueueCommand(stores: CommandStores, request: { readonly model: string; readonly command: OperatorCommand; readonly actor: string; readonly reason: string; readonly now: number }): Promise<QueuedCommand> {
  const { model, command, actor, reason, now } = request;
  if (reason.trim() === '') throw rollbackErrors.error('RBK_ERR_BAD_OPTION', '--reason must not be empty: it goes to the audit log', { option: '--reason' });
  const state = await persistedState(stores.wal, model);
  const breakerCommand: BreakerCommand = command.type === 'approve' ? { type: 'approve', version: command.version, actor, reason } : { type: 'unfreeze', actor, reason };
  decide(BREAKER_DEFAULTS, state, breakerCommand, now); // throws what the gateway would
  return stores.commands.enqueue({ model, command, actor, reason, createdAt: now });
}

/**
 * What an operator's approve/unfreeze request goes through, wherever it comes from (the CLI,
 * the control-plane API): checked and queued by {@link enqueueCommand}, then audit-logged as
 * `breaker.<type>.requested` under the operator's name. The gateway's orchestrator applies it.
 *
 * @example
 * const queued = await requestOperatorCommand({ stores, audit, clock }, { model: 'fraud', command: { type: 'unfreeze' }, actor: 'alice', reason: 'keys revoked' });
 */
export async function requestOperatorCommand(
  deps: { readonly stores: CommandStores; readonly audit: AuditPort; readonly clock: Clock },
  request: { readonly model: string; readonly command: OperatorCommand; readonly actor: string; readonly reason: string },
): Promise<QueuedCommand> {
  const { model, command, actor, reason } = request;
  const queued = await enqueueCommand(deps.stores, { model, command, actor, reason, now: deps.clock.now() });
  await deps.audit.record({ actor, action: `breaker.${command.type}.requested`, target: `model:${model}`, details: { commandId: queued.id, reason, ...(command.type === 'approve' ? { version: command.version } : {}) } });
  return queued;
}

/**
 * Polls the queue every `intervalMs` until command `id` is settled or `timeoutMs` passes
 * (RBK_ERR_COMMAND_TIMEOUT; the command stays queued). A rejected command raises
 * RBK_ERR_COMMAND_REJECTED with the orchestrator's reason.
 *
 * @example
 * const settled = await waitForCommand(queue, queued.id, { timeoutMs: 30_000, intervalMs: 250, timers, clock });
 */
export async function waitForCommand(queue: CommandQueue, id: number, options: { readonly timeoutMs: number; readonly intervalMs: number; readonly timers: Timers; readonly clock: Clock }): Promise<QueuedCommand> {
  const deadline = options.clock.now() + options.timeoutMs;
  for (;;) {
    const command = await queue.get(id);
    if (command === undefined) throw rollbackErrors.error('RBK_ERR_COMMAND_REJECTED', `command ${id} is not in the queue`, { id });
    if (command.status === 'rejected') throw rollbackErrors.error('RBK_ERR_COMMAND_REJECTED', `command ${id} was rejected: ${command.detail ?? 'no reason given'}`, { id, detail: command.detail });
    if (command.status === 'applied') return command;
    if (options.clock.now() >= deadline) throw rollbackErrors.error('RBK_ERR_COMMAND_TIMEOUT', `command ${id} is still pending after ${options.timeoutMs} ms: is a gateway running on this store?`, { id });
    await new Promise<void>((resolve) => void options.timers.setTimeout(resolve, options.intervalMs));
  }
}

/** What applying a queued command needs from the orchestrator. */
export interface QueuedCommandTarget {
  readonly wal: BreakerWal;
  readonly audit?: AuditPort | undefined;
  has(model: string): boolean;
  approve(model: string, version: string, who: { readonly actor: string; readonly reason: string }, commandId?: number): Promise<{ readonly seq: number | null; readonly state: BreakerState }>;
  unfreeze(model: string, who: { readonly actor: string; readonly reason: string }, commandId?: number): Promise<{ readonly seq: number | null; readonly state: BreakerState }>;
}

/**
 * Applies one queued command (the orchestrator's poller calls it); a command already
 * applied before a crash (its id is on the model's latest WAL record) is not applied again.
 * Resolves with what it did; rejects with why the breaker refused it.
 *
 * @example
 * await applyQueuedCommand({ wal, audit, has, approve, unfreeze }, command);
 */
export async function applyQueuedCommand(target: QueuedCommandTarget, command: QueuedCommand): Promise<string> {
  if (!target.has(command.model)) throw rollbackErrors.error('RBK_ERR_UNKNOWN_MODEL', `model "${command.model}" has no breaker in this gateway`, { model: command.model });
  const latest = await target.wal.latest(command.model);
  if (latest?.context.commandId === command.id) return `already applied as decision ${latest.seq}`;
  const who = { actor: command.actor, reason: command.reason };
  const result = command.command.type === 'approve' ? await target.approve(command.model, command.command.version, who, command.id) : await target.unfreeze(command.model, who, command.id);
  await target.audit?.record({
    actor: command.actor,
    action: `breaker.${command.command.type}`,
    target: `model:${command.model}`,
    details: { commandId: command.id, reason: command.reason, seq: result.seq, state: result.state.kind, ...(command.command.type === 'approve' ? { version: command.command.version } : {}) },
  });
  return `decision ${result.seq ?? '-'}: ${result.state.kind}`;
}
