/**
 * @module config/static-knobs
 * A KnobsSource whose knobs never change: for tests, and for deployments without a
 * dynamic source.
 */
import type { z } from 'zod';
import { deepFreeze } from './freeze.js';
import { knobsSchema } from './knobs-schema.js';
import type { Knobs } from './knobs-schema.js';
import type { KnobsSource } from './ports.js';

/**
 * Fixed knobs, validated and frozen at construction (throws a ZodError when invalid).
 *
 * @example
 * const source = new StaticKnobsSource({ rules: { extraction: { threshold: 0.9 } } });
 * source.current().inspectors; // {}
 */
export class StaticKnobsSource implements KnobsSource {
  readonly #knobs: Knobs;

  constructor(knobs: z.input<typeof knobsSchema> = {}) {
    this.#knobs = deepFreeze(knobsSchema.parse(knobs)) as Knobs;
  }

  current(): Knobs {
    return this.#knobs;
  }

  subscribe(): () => void {
    return () => undefined;
  }

  async start(): Promise<void> {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
