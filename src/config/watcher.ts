/**
 * @module config/watcher
 * Hot reload of `bulwark.yaml`. `ConfigWatcher` loads the file at start (an invalid file
 * fails the start), then re-validates it on every change: a valid change is swapped in
 * atomically and announced with `reload`; an invalid one is announced with `rejected`
 * (every problem, with its path) while the previous config stays in force.
 */
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import { CONFIG_DEFAULTS } from './defaults.js';
import type { EnvMap } from './env.js';
import { Listeners } from './listeners.js';
import { parseConfig } from './load.js';
import { systemTimers, warnOnError } from './ports.js';
import type { ErrorHandler, Timers } from './ports.js';
import type { BulwarkConfig } from './schema.js';
import { WatchedFile } from './watched-file.js';

/** Options of a ConfigWatcher. */
export interface ConfigWatcherOptions {
  /** Absolute path of bulwark.yaml. */
  readonly file: string;
  /** Variables for `${VAR}` substitution (read once; a reload does not re-read the process env). */
  readonly env: EnvMap;
  /** Quiet time after the last file event before re-reading, ms. Default 100. */
  readonly debounceMs?: number;
  /** Stamps `loadedAtMs`. Default: the system clock. */
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Receives every background error, rejections included. Default: a process warning. */
  readonly onError?: ErrorHandler;
}

/** Listener signatures by event. */
export interface ConfigWatcherEvents {
  /** A valid, changed config is now in force. */
  reload: (next: BulwarkConfig, prev: BulwarkConfig) => void;
  /** A change was invalid: `problems` are `path: message` lines; the previous config stays. */
  rejected: (problems: readonly string[], error: Error) => void;
}

/**
 * Keeps a validated config current while the file changes.
 *
 * @example
 * const watcher = new ConfigWatcher({ file: '/etc/bulwark/bulwark.yaml', env: process.env, onError: log.warn });
 * const config = await watcher.start();
 * watcher.on('reload', (next) => gateway.apply(next));
 * watcher.on('rejected', (problems) => log.warn({ problems }, 'config rejected'));
 * await watcher.shutdown();
 */
export class ConfigWatcher {
  readonly #file: WatchedFile<BulwarkConfig>;
  readonly #clock: Clock;
  readonly #onError: ErrorHandler;
  readonly #reload = new Listeners<[BulwarkConfig, BulwarkConfig]>();
  readonly #rejected = new Listeners<[readonly string[], Error]>();
  #loadedAtMs: number | undefined;
  #started = false;

  constructor(options: ConfigWatcherOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#onError = options.onError ?? warnOnError;
    const { file, env } = options;
    this.#file = new WatchedFile<BulwarkConfig>({
      file,
      parse: (text) => parseConfig(text, { file, env }),
      debounceMs: options.debounceMs ?? CONFIG_DEFAULTS.reload.debounceMs,
      timers: options.timers ?? systemTimers,
      onError: this.#onError,
      onChange: (next, prev) => {
        this.#loadedAtMs = this.#clock.now();
        this.#reload.emit(this.#onError, next, prev);
      },
      onReject: (problems, error) => this.#rejected.emit(this.#onError, problems, error),
    });
  }

  /** Loads the file (rejecting with its CFG error when invalid) and starts watching. */
  async start(): Promise<BulwarkConfig> {
    if (this.#started) return this.current();
    const config = await this.#file.load();
    this.#loadedAtMs = this.#clock.now();
    this.#started = true;
    this.#file.watch();
    return config;
  }

  /** The config in force. Throws before start(). */
  current(): BulwarkConfig {
    const value = this.#file.value;
    if (value === undefined) throw new Error('ConfigWatcher.current() called before start()');
    return value;
  }

  /** sha256 of the file content in force and when it was loaded (clock ms). */
  status(): { readonly hash: string | undefined; readonly loadedAtMs: number | undefined } {
    return { hash: this.#file.hash, loadedAtMs: this.#loadedAtMs };
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on<E extends keyof ConfigWatcherEvents>(event: E, listener: ConfigWatcherEvents[E]): () => void {
    if (event === 'reload') return this.#reload.add(listener as ConfigWatcherEvents['reload']);
    return this.#rejected.add(listener as ConfigWatcherEvents['rejected']);
  }

  /** Re-reads the file now (skipping the debounce); resolves once applied or rejected. */
  forceFlush(): Promise<void> {
    return this.#started ? this.#file.flush() : Promise.resolve();
  }

  /** Stops watching; idempotent. current() keeps returning the last config. */
  shutdown(): Promise<void> {
    return this.#file.close();
  }
}
