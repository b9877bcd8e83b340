/**
 * @module config/watched-file
 * The reload loop shared by the config watcher and the file knobs source: watch the
 * file's folder (so editors that replace the file by rename, and Kubernetes ConfigMap
 * symlink swaps, are seen), debounce, re-read, skip identical content (sha256), parse,
 * and either swap in the new value or keep the old one and report why. Reloads run one at
 * a time; nothing here throws into the event loop.
 */
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { sha256Hex } from '../shared/digest.js';
import { isBulwarkError } from '../shared/errors.js';
import { readConfigText } from './load.js';
import type { ErrorHandler, Timers } from './ports.js';

/** How a WatchedFile reads and reports. */
export interface WatchedFileOptions<T> {
  readonly file: string;
  /** Validates text into a value; throws (a BulwarkError) when invalid. */
  readonly parse: (text: string) => T;
  /** The value to use while the file does not exist; absent means "missing is an error". */
  readonly whenMissing?: () => T;
  readonly debounceMs: number;
  readonly timers: Timers;
  readonly onError: ErrorHandler;
  /** A valid, different value was swapped in. */
  readonly onChange: (next: T, prev: T) => void;
  /** An update was rejected; the previous value stays. */
  readonly onReject: (problems: readonly string[], error: Error) => void;
}

const MISSING = 'missing';

/** The problems of an error: `details.problems` when present, else its message. */
export function problemsOf(error: Error): string[] {
  const problems = isBulwarkError(error) ? error.details['problems'] : undefined;
  return Array.isArray(problems) ? problems.map(String) : [error.message];
}

/**
 * A file whose parsed value is kept current.
 *
 * @example
 * const wf = new WatchedFile({ file, parse, debounceMs: 100, timers: systemTimers, onError, onChange, onReject });
 * const first = await wf.load(); wf.watch(); … await wf.close();
 */
export class WatchedFile<T> {
  readonly #options: WatchedFileOptions<T>;
  #value: T | undefined;
  #appliedHash: string | undefined;
  #seenHash: string | undefined;
  #watcher: FSWatcher | undefined;
  #timer: unknown;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(options: WatchedFileOptions<T>) {
    this.#options = options;
  }

  /** The value in force (undefined before load()). */
  get value(): T | undefined {
    return this.#value;
  }

  /** sha256 of the text in force (`missing` when the file was absent), undefined before load(). */
  get hash(): string | undefined {
    return this.#appliedHash;
  }

  /** Reads and parses the file; throws when it is invalid (or missing without `whenMissing`). */
  async load(): Promise<T> {
    const read = await this.#read();
    const value = this.#parse(read);
    this.#value = value;
    this.#appliedHash = this.#seenHash = read.hash;
    return value;
  }

  /** Starts watching the file's folder; failures go to onError. */
  watch(): void {
    if (this.#closed || this.#watcher !== undefined) return;
    try {
      // Any event in the folder triggers a (debounced) re-read: a rename over the file, a
      // ConfigMap `..data` symlink swap or an unnamed event all look different; the hash
      // check makes the unrelated ones no-ops.
      this.#watcher = watch(dirname(this.#options.file), { persistent: false }, () => this.#schedule());
      this.#watcher.on('error', (err) => this.#options.onError(err));
    } catch (err) {
      this.#options.onError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Cancels the debounce and reloads now; resolves when the reload is applied or rejected. */
  flush(): Promise<void> {
    this.#cancelTimer();
    return this.#run();
  }

  /** Stops watching and waits for a reload in progress; idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#cancelTimer();
    this.#watcher?.close();
    this.#watcher = undefined;
    await this.#running;
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#cancelTimer();
    this.#timer = this.#options.timers.setTimeout(() => {
      this.#timer = undefined;
      void this.#run();
    }, this.#options.debounceMs);
  }

  #cancelTimer(): void {
    if (this.#timer === undefined) return;
    this.#options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #run(): Promise<void> {
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    const loop = async (): Promise<void> => {
      do {
        this.#again = false;
        await this.#reloadOnce();
      } while (this.#again && !this.#closed);
    };
    this.#running = loop().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #reloadOnce(): Promise<void> {
    try {
      const read = await this.#read();
      if (this.#closed || read.hash === this.#seenHash) return;
      this.#seenHash = read.hash;
      if (read.hash === this.#appliedHash) return; // back to the content in force
      const next = this.#parse(read);
      const prev = this.#value as T;
      this.#value = next;
      this.#appliedHash = read.hash;
      this.#options.onChange(next, prev);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.#options.onError(error);
      this.#options.onReject(problemsOf(error), error);
    }
  }

  /** Parses what was read; a missing file is the fallback or a CFG_ERR_FILE_NOT_FOUND. */
  #parse(read: ReadResult): T {
    if (read.text !== undefined) return this.#options.parse(read.text);
    if (this.#options.whenMissing !== undefined) return this.#options.whenMissing();
    throw read.error;
  }

  async #read(): Promise<ReadResult> {
    try {
      const text = await readConfigText(this.#options.file);
      return { text, hash: sha256Hex(text) };
    } catch (err) {
      if (isBulwarkError(err) && err.code === 'CFG_ERR_FILE_NOT_FOUND') return { text: undefined, hash: MISSING, error: err };
      throw err;
    }
  }
}

type ReadResult = { text: string; hash: string } | { text: undefined; hash: string; error: Error };
