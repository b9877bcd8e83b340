/**
 * @module app/demo/traffic
 * The demo's clients: an open-loop stream of OIP v2 infer requests at a fixed rate, with
 * its own API key, over keep-alive loopback connections. Every response is recorded: when
 * it was sent and answered (monotonic ms), status, `x-model-version`, `x-request-id` and
 * the fraud probability the model returned. Requests in flight are bounded; a stream that
 * cannot keep up skips the sends it is late for (counted) instead of queueing them.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { Checkout } from '../../models/demo/index.js';
import { encodeCheckouts } from '../../models/demo/index.js';
import { TRAIN_DEFAULTS } from '../../models/train/index.js';

/** One answered (or failed) request. */
export interface TrafficRecord {
  readonly stream: string;
  readonly seq: number;
  /** performance.now() when sent and when the response was complete. */
  readonly sentAt: number;
  readonly doneAt: number;
  /** HTTP status; 0 when the request failed without one. */
  readonly status: number;
  readonly version: string | null;
  readonly requestId: string | null;
  /** P(fraud) from the model's output, when the answer had one. */
  readonly pFraud: number | null;
  readonly error?: string;
}

/** Options of {@link TrafficStream}. */
export interface TrafficStreamOptions {
  readonly name: string;
  /** The gateway's data plane, `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string;
  readonly perSecond: number;
  readonly maxInFlight: number;
  /** Checkouts sent in turn (cycled). */
  readonly checkouts: readonly Checkout[];
  /** Called for every record, in completion order. */
  readonly onRecord?: (record: TrafficRecord) => void;
  /** Shared connection pool (default: a pool of this stream's own). */
  readonly pool?: Pool;
}

const TICK_MS = 5;

/**
 * OIP v2 request bodies for `checkouts`, one per row (FP32 [1, 13], input `features`).
 *
 * @example
 * inferBodies(attackerCheckouts({ seed: 1, n: 3 }))[0]; // '{"inputs":[{"name":"features",…}]}'
 */
export function inferBodies(checkouts: readonly Checkout[]): string[] {
  const x = encodeCheckouts(checkouts);
  const width = x.length / Math.max(1, checkouts.length);
  return checkouts.map((_, i) => JSON.stringify({ inputs: [{ name: TRAIN_DEFAULTS.tabularInput, shape: [1, width], datatype: 'FP32', data: Array.from(x.subarray(i * width, (i + 1) * width)) }] }));
}

function fraudProbability(body: string): number | null {
  try {
    const parsed = JSON.parse(body) as { outputs?: { data?: unknown[] }[] };
    const p = parsed.outputs?.[0]?.data?.[1];
    return typeof p === 'number' ? p : null;
  } catch {
    return null;
  }
}

/**
 * A paced request stream.
 *
 * @example
 * const s = new TrafficStream({ name: 'benign', baseUrl, model: 'fraud', apiKey, perSecond: 100, maxInFlight: 64, checkouts });
 * s.start(); await sleep(1000); await s.stop(); s.records.length; // ≈ 100
 */
export class TrafficStream {
  readonly records: TrafficRecord[] = [];
  readonly #o: TrafficStreamOptions;
  readonly #bodies: string[];
  readonly #pool: Pool;
  readonly #ownPool: boolean;
  readonly #path: string;
  readonly #inFlight = new Set<Promise<void>>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #startedAt = 0;
  #sent = 0;
  #skipped = 0;

  constructor(options: TrafficStreamOptions) {
    if (!(options.perSecond > 0) || options.checkouts.length === 0) throw new RangeError(`TrafficStream ${options.name}: perSecond must be > 0 and checkouts non-empty`);
    this.#o = options;
    this.#bodies = inferBodies(options.checkouts);
    this.#ownPool = options.pool === undefined;
    this.#pool = options.pool ?? new Pool(options.baseUrl, { connections: options.maxInFlight, pipelining: 1 });
    this.#path = `/v2/models/${encodeURIComponent(options.model)}/infer`;
  }

  /** Requests sent so far. */
  get sent(): number {
    return this.#sent;
  }

  /** Sends skipped because `maxInFlight` requests were still open. */
  get skipped(): number {
    return this.#skipped;
  }

  /** Starts sending (idempotent while running). */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#startedAt = performance.now();
    this.#sent = 0;
    this.#skipped = 0;
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  /** Stops sending and waits for the requests in flight; closes its own pool. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await Promise.all([...this.#inFlight]);
    if (this.#ownPool) await this.#pool.close();
  }

  #tick(): void {
    const due = Math.floor(((performance.now() - this.#startedAt) * this.#o.perSecond) / 1000) - this.#sent - this.#skipped;
    for (let i = 0; i < due; i++) {
      if (this.#inFlight.size >= this.#o.maxInFlight) {
        this.#skipped += due - i;
        return;
      }
      this.#send();
    }
  }

  #send(): void {
    const seq = this.#sent++;
    const body = this.#bodies[seq % this.#bodies.length] as string;
    const sentAt = performance.now();
    const done = this.#pool
      .request({ method: 'POST', path: this.#path, headers: { 'content-type': 'application/json', authorization: `Bearer ${this.#o.apiKey}` }, body })
      .then(async (res) => {
        const text = await res.body.text();
        const header = (name: string): string | null => {
          const v = res.headers[name];
          return typeof v === 'string' ? v : null;
        };
        return { stream: this.#o.name, seq, sentAt, doneAt: performance.now(), status: res.statusCode, version: header('x-model-version'), requestId: header('x-request-id'), pFraud: res.statusCode === 200 ? fraudProbability(text) : null };
      })
      .catch((err: unknown) => ({ stream: this.#o.name, seq, sentAt, doneAt: performance.now(), status: 0, version: null, requestId: null, pFraud: null, error: (err as Error).message }))
      .then((record: TrafficRecord) => {
        this.records.push(record);
        this.#o.onRecord?.(record);
      });
    this.#inFlight.add(done);
    void done.finally(() => this.#inFlight.delete(done));
  }
}
