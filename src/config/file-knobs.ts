/**
 * @module config/file-knobs
 * The default KnobsSource: a YAML file watched like bulwark.yaml. An absent file means
 * "no knobs" (so deleting it resets every knob); an invalid update is reported to the
 * error handler and the previous knobs stay in force.
 */
import { dirname, resolve } from 'node:path';
import { CONFIG_DEFAULTS } from './defaults.js';
import type { EnvMap } from './env.js';
import { EMPTY_KNOBS, knobsFileSchema } from './knobs-schema.js';
import type { Knobs } from './knobs-schema.js';
import { Listeners } from './listeners.js';
import { parseYamlWith } from './load.js';
import { systemTimers, warnOnError } from './ports.js';
import type { ErrorHandler, KnobsListener, KnobsSource, Timers } from './ports.js';
import type { KnobsSourceConfig } from './schema.js';
import { WatchedFile } from './watched-file.js';

/** Options of a FileKnobsSource. */
export interface FileKnobsSourceOptions {
  /** Absolute path of the knobs file (see `knobsFilePath`). */
  readonly file: string;
  /** Variables for `${VAR}` substitution. Default: none. */
  readonly env?: EnvMap;
  /** Quiet time after the last file event before re-reading, ms. Default 100. */
  readonly debounceMs?: number;
  readonly timers?: Timers;
  /** Receives rejected updates and watch failures. Default: a process warning. */
  readonly onError?: ErrorHandler;
}

/**
 * Where the knobs file of a config lives: `knobs.path` resolved against the folder of the
 * config file (absolute paths stay as they are). Undefined for non-file sources.
 *
 * @example
 * knobsFilePath('/etc/bulwark/bulwark.yaml', { source: 'file', path: 'bulwark.knobs.yaml' }); // '/etc/bulwark/bulwark.knobs.yaml'
 */
export function knobsFilePath(configFile: string, knobs: KnobsSourceConfig): string | undefined {
  return knobs.source === 'file' ? resolve(dirname(configFile), knobs.path) : undefined;
}

/**
 * Parses the text of a knobs file (an empty file is no knobs).
 *
 * @example
 * parseKnobs('rules: { extraction: { threshold: 0.85 } }', { file: 'k.yaml', env: {} }).rules['extraction'];
 */
export function parseKnobs(text: string, options: { readonly file: string; readonly env: EnvMap }): Knobs {
  return parseYamlWith(knobsFileSchema, text, options) as Knobs;
}

/**
 * Knobs from a watched YAML file.
 *
 * @example
 * const knobs = new FileKnobsSource({ file: knobsFilePath('/etc/bulwark/bulwark.yaml', config.knobs) });
 * await knobs.start();
 * knobs.subscribe((next) => detector.retune(next));
 */
export class FileKnobsSource implements KnobsSource {
  readonly #file: WatchedFile<Knobs>;
  readonly #listeners = new Listeners<[Knobs, Knobs]>();
  readonly #onError: ErrorHandler;
  #started = false;

  constructor(options: FileKnobsSourceOptions) {
    const { file } = options;
    const env = options.env ?? {};
    this.#onError = options.onError ?? warnOnError;
    this.#file = new WatchedFile<Knobs>({
      file,
      parse: (text) => parseKnobs(text, { file, env }),
      whenMissing: () => EMPTY_KNOBS,
      debounceMs: options.debounceMs ?? CONFIG_DEFAULTS.reload.debounceMs,
      timers: options.timers ?? systemTimers,
      onError: this.#onError,
      onChange: (next, prev) => this.#listeners.emit(this.#onError, next, prev),
      onReject: () => undefined, // already reported through onError
    });
  }

  current(): Knobs {
    return this.#file.value ?? EMPTY_KNOBS;
  }

  subscribe(listener: KnobsListener): () => void {
    return this.#listeners.add(listener);
  }

  async start(): Promise<void> {
    if (this.#started) return;
    await this.#file.load();
    this.#started = true;
    this.#file.watch();
  }

  forceFlush(): Promise<void> {
    return this.#started ? this.#file.flush() : Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.#file.close();
  }
}
