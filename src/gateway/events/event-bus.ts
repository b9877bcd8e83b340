/**
 * @module gateway/events/event-bus
 * An in-process event bus that never blocks or breaks its publisher. `publish` only copies
 * a reference into each subscriber's bounded queue; delivery happens later (after pending
 * I/O), one event at a time per subscriber, awaiting a listener that returns a promise.
 * A full queue drops the new event and counts it; a throwing listener is reported to the
 * error handler and keeps its subscription.
 */
import { GATEWAY_DEFAULTS } from '../defaults.js';
import type { ErrorHandler, Timers } from '../ports.js';

/** A listener; returning a promise makes the bus wait for it before the next event. */
export type EventListener<T> = (event: T) => void | Promise<unknown>;

/** Options of one subscription. */
export interface SubscribeOptions {
  /** Shown in stats and the drop metric. Default `subscriber-<n>`. */
  readonly name?: string;
  /** Events held before new ones are dropped. Default GATEWAY_DEFAULTS.subscriberQueue. */
  readonly queue?: number;
}

/** Per-subscriber counters. */
export interface SubscriberStats {
  readonly name: string;
  readonly queued: number;
  readonly delivered: number;
  readonly dropped: number;
}

/** Events handled per subscriber per turn before yielding back to I/O. */
const BATCH = 256;

class Subscriber<T> {
  readonly name: string;
  readonly listener: EventListener<T>;
  readonly #ring: (T | undefined)[];
  #head = 0;
  #size = 0;
  delivered = 0;
  dropped = 0;
  scheduled = false;
  busy: Promise<void> | undefined;
  closed = false;

  constructor(name: string, listener: EventListener<T>, capacity: number) {
    this.name = name;
    this.listener = listener;
    this.#ring = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  offer(event: T): boolean {
    const capacity = this.#ring.length;
    if (this.#size === capacity) return false;
    this.#ring[(this.#head + this.#size) % capacity] = event;
    this.#size++;
    return true;
  }

  poll(): T | undefined {
    if (this.#size === 0) return undefined;
    const event = this.#ring[this.#head];
    this.#ring[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#ring.length;
    this.#size--;
    return event;
  }
}

/**
 * @example
 * const bus = new EventBus<RequestEvent>({ timers, onError });
 * const off = bus.subscribe((event) => engine.push(event), { name: 'detect', queue: 50_000 });
 * bus.publish(event); // returns at once
 */
export class EventBus<T> {
  readonly #timers: Pick<Timers, 'setImmediate'>;
  readonly #onError: ErrorHandler;
  readonly #onDrop: ((name: string) => void) | undefined;
  #subscribers: Subscriber<T>[] = [];
  #count = 0;

  constructor(deps: { readonly timers: Pick<Timers, 'setImmediate'>; readonly onError: ErrorHandler; readonly onDrop?: (subscriber: string) => void }) {
    this.#timers = deps.timers;
    this.#onError = deps.onError;
    this.#onDrop = deps.onDrop;
  }

  /** True when someone listens: publishers may skip building an event otherwise. */
  get hasSubscribers(): boolean {
    return this.#subscribers.length > 0;
  }

  /** Subscribes `listener`; returns a function that unsubscribes it (queued events are discarded). */
  subscribe(listener: EventListener<T>, options: SubscribeOptions = {}): () => void {
    this.#count++;
    const capacity = Math.max(1, Math.floor(options.queue ?? GATEWAY_DEFAULTS.subscriberQueue));
    const subscriber = new Subscriber(options.name ?? `subscriber-${this.#count}`, listener, capacity);
    this.#subscribers = [...this.#subscribers, subscriber];
    return () => {
      subscriber.closed = true;
      this.#subscribers = this.#subscribers.filter((s) => s !== subscriber);
    };
  }

  /** Queues `event` for every subscriber; never throws, never waits. */
  publish(event: T): void {
    const subscribers = this.#subscribers;
    for (let i = 0; i < subscribers.length; i++) {
      const subscriber = subscribers[i] as Subscriber<T>;
      if (!subscriber.offer(event)) {
        subscriber.dropped++;
        this.#onDrop?.(subscriber.name);
        continue;
      }
      if (!subscriber.scheduled && subscriber.busy === undefined) this.#schedule(subscriber);
    }
  }

  /** Counters per subscriber. */
  stats(): SubscriberStats[] {
    return this.#subscribers.map((s) => ({ name: s.name, queued: s.size, delivered: s.delivered, dropped: s.dropped }));
  }

  /** Resolves once every queued event has been delivered (listeners' promises included). */
  async forceFlush(): Promise<void> {
    for (;;) {
      const pending = this.#subscribers.filter((s) => s.size > 0 || s.busy !== undefined);
      if (pending.length === 0) return;
      for (const subscriber of pending) {
        if (subscriber.busy !== undefined) await subscriber.busy;
        else this.#drain(subscriber, Number.POSITIVE_INFINITY);
      }
    }
  }

  /** Delivers what is queued, then drops every subscription; idempotent. */
  async shutdown(): Promise<void> {
    await this.forceFlush();
    for (const subscriber of this.#subscribers) subscriber.closed = true;
    this.#subscribers = [];
  }

  #schedule(subscriber: Subscriber<T>): void {
    subscriber.scheduled = true;
    this.#timers.setImmediate(() => {
      subscriber.scheduled = false;
      if (subscriber.busy === undefined) this.#drain(subscriber, BATCH);
    });
  }

  #drain(subscriber: Subscriber<T>, limit: number): void {
    for (let n = 0; n < limit && !subscriber.closed; n++) {
      const event = subscriber.poll();
      if (event === undefined) return;
      const result = this.#deliver(subscriber, event);
      if (result !== undefined) {
        subscriber.busy = result.then(
          () => this.#resume(subscriber),
          (err: unknown) => {
            this.#report(err);
            this.#resume(subscriber);
          },
        );
        return;
      }
    }
    if (subscriber.size > 0 && !subscriber.closed) this.#schedule(subscriber);
  }

  #resume(subscriber: Subscriber<T>): void {
    subscriber.busy = undefined;
    if (subscriber.size > 0 && !subscriber.scheduled && !subscriber.closed) this.#schedule(subscriber);
  }

  #deliver(subscriber: Subscriber<T>, event: T): Promise<unknown> | undefined {
    subscriber.delivered++;
    try {
      const result = subscriber.listener(event);
      return result !== undefined && typeof (result as Promise<unknown>).then === 'function' ? (result as Promise<unknown>) : undefined;
    } catch (err) {
      this.#report(err);
      return undefined;
    }
  }

  #report(err: unknown): void {
    try {
      this.#onError(err instanceof Error ? err : new Error(String(err)));
    } catch {
      // the error handler itself failed: nothing more we can do without risking the data plane
    }
  }
}
