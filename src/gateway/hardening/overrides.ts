/**
 * @module gateway/hardening/overrides
 * Run-time output hardening, switched on by the detection engine's containment action (or
 * an operator) for one API key of a model, or for the whole model, until a deadline. Held
 * in process (they end with it, as containment does); an expired entry is dropped when it
 * is next read, so no timer is needed. Reads on the data path are one map lookup, none
 * when nothing is hardened.
 */
import type { Clock } from '../../shared/clock.js';
import type { OutputHardening } from './settings.js';
import { strictest, validateHardening } from './settings.js';

/** One run-time hardening, as listed. */
export interface HardeningEntry {
  readonly model: string;
  /** The API key it applies to; undefined: every caller of the model. */
  readonly apiKeyId: string | undefined;
  readonly settings: OutputHardening;
  /** Clock ms after which it no longer applies. */
  readonly untilMs: number;
}

const ALL_KEYS = '';
const keyOf = (model: string, apiKeyId: string | undefined): string => `${model}\u0000${apiKeyId ?? ALL_KEYS}`;

/**
 * @example
 * const overrides = new HardeningOverrides(clock);
 * overrides.set('fraud', 'shop', { labelOnly: true }, clock.now() + 3_600_000);
 * overrides.lookup('fraud', 'shop'); // { labelOnly: true }
 */
export class HardeningOverrides {
  readonly #clock: Clock;
  readonly #entries = new Map<string, HardeningEntry>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Number of entries held (expired ones included until read). */
  get size(): number {
    return this.#entries.size;
  }

  /** Sets (or replaces) the hardening of `model` for `apiKeyId` (all callers when undefined). Throws GW_ERR_INVALID_HARDENING. */
  set(model: string, apiKeyId: string | undefined, settings: OutputHardening, untilMs: number): void {
    validateHardening(settings);
    this.#entries.set(keyOf(model, apiKeyId), { model, apiKeyId, settings: { ...settings }, untilMs });
  }

  /** Removes it; true when there was one. */
  clear(model: string, apiKeyId: string | undefined): boolean {
    return this.#entries.delete(keyOf(model, apiKeyId));
  }

  /** The strictest run-time hardening for a request of `apiKeyId` to `model`, or undefined. */
  lookup(model: string, apiKeyId: string | undefined): OutputHardening | undefined {
    if (this.#entries.size === 0) return undefined;
    const now = this.#clock.now();
    const whole = this.#live(keyOf(model, undefined), now);
    return apiKeyId === undefined ? whole : strictest(whole, this.#live(keyOf(model, apiKeyId), now));
  }

  /** Entries in force. */
  list(): HardeningEntry[] {
    const now = this.#clock.now();
    const live: HardeningEntry[] = [];
    for (const [key, entry] of this.#entries) {
      if (now > entry.untilMs) this.#entries.delete(key);
      else live.push(entry);
    }
    return live;
  }

  #live(key: string, now: number): OutputHardening | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (now > entry.untilMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.settings;
  }
}
