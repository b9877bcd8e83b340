/**
 * @module rollback/command-poller
 * The store-backed command queue's consumer: the gateway process polls the queue every
 * `commandPollMs` and applies pending approvals and unfreezes (the CLI enqueues them; the
 * control plane of issue 8 will call the orchestrator directly). A background loop: it
 * never throws, errors go to the handler, and it also retries decisions whose effects failed.
 */
import { isBulwarkError } from '../shared/errors.js';
import type { CommandQueue, ErrorHandler, Timers } from './ports.js';
import type { QueuedCommand } from './types.js';

/** What the poller drives. */
export interface CommandPollerDeps {
  readonly queue: CommandQueue;
  readonly timers: Timers;
  readonly onError: ErrorHandler;
  readonly intervalMs: number;
  /** Applies one command; resolves with what it did, rejects with why it was refused. */
  readonly apply: (command: QueuedCommand) => Promise<string>;
  /** Called on every tick after the commands (retries of failed effects). */
  readonly tick?: () => Promise<void>;
  readonly now: () => number;
}

/**
 * @example
 * const poller = new CommandPoller({ queue, timers, onError, intervalMs: 1_000, apply, now: () => clock.now() });
 * poller.start();
 * await poller.shutdown();
 */
export class CommandPoller {
  readonly #deps: CommandPollerDeps;
  #timer: unknown;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(deps: CommandPollerDeps) {
    this.#deps = deps;
  }

  start(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.#schedule();
  }

  /** Polls once now (tests, and the CLI's `--wait` in-process). */
  pollNow(): Promise<void> {
    this.#running ??= this.#poll().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async shutdown(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#deps.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  #schedule(): void {
    this.#timer = this.#deps.timers.setTimeout(() => {
      this.#timer = undefined;
      void this.pollNow().then(() => {
        if (!this.#stopped) this.#schedule();
      });
    }, this.#deps.intervalMs);
  }

  async #poll(): Promise<void> {
    const { queue, onError } = this.#deps;
    try {
      for (const command of await queue.pending()) await this.#applyOne(command);
      await this.#deps.tick?.();
    } catch (err) {
      onError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  async #applyOne(command: QueuedCommand): Promise<void> {
    const { queue, now } = this.#deps;
    let outcome: { status: 'applied' | 'rejected'; detail: string };
    try {
      outcome = { status: 'applied', detail: await this.#deps.apply(command) };
    } catch (err) {
      // A refusal (not allowed in this state, bad command) settles it; a failure (the store)
      // leaves it pending for the next poll.
      if (!(isBulwarkError(err) && err.kind === 'user')) return this.#deps.onError(err instanceof Error ? err : new Error(String(err)));
      outcome = { status: 'rejected', detail: `${err.code}: ${err.message}` };
    }
    await queue.settle(command.id, { ...outcome, at: now() });
  }
}
