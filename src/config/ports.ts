/**
 * @module config/ports
 * Ports of the config context: where knobs come from (`KnobsSource`: a watched file by
 * default, Redis or etcd for fleets), how background errors are reported, and timers
 * (injected so that reload loops stay testable and never call setTimeout directly).
 */
import type { Knobs } from './knobs-schema.js';

/** Receives every error a background loop hits; the loop itself never throws. */
export type ErrorHandler = (error: Error) => void;

/** Called with the new and the previous knobs after a valid change. */
export type KnobsListener = (next: Knobs, prev: Knobs) => void;

/**
 * A dynamic source of knobs. Implementations validate every update and keep the previous
 * knobs when an update is invalid (reporting it to their error handler).
 *
 * @example
 * const source: KnobsSource = new FileKnobsSource({ file: 'bulwark.knobs.yaml' });
 * await source.start();
 * const stop = source.subscribe((next) => engine.retune(next));
 * source.current().rules['extraction']?.threshold;
 */
export interface KnobsSource {
  /** The knobs in force; `EMPTY_KNOBS` before start(). */
  current(): Knobs;
  /** Registers a listener; returns a function that unregisters it. */
  subscribe(listener: KnobsListener): () => void;
  /** Loads the initial knobs (rejects when they are invalid) and starts watching. */
  start(): Promise<void>;
  /** Applies any pending update now and resolves once it is applied or rejected. */
  forceFlush(): Promise<void>;
  /** Stops watching; idempotent. */
  shutdown(): Promise<void>;
}

/** The two timer functions a debounced loop needs. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Node's timers, unref'd so that a pending debounce never keeps the process alive.
 * For the composition root and defaults.
 */
export const systemTimers: Timers = Object.freeze({
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout(handle: unknown): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
});

/** The default error handler: a process warning (messages name files and paths, never secret values). */
export const warnOnError: ErrorHandler = (error) => {
  process.emitWarning(error.message, { code: (error as { code?: string }).code ?? 'BULWARK_CONFIG' });
};
