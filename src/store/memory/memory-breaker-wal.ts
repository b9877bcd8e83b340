/**
 * @module store/memory/memory-breaker-wal
 * In-memory BreakerWal: records per model in seq order, marks in a map. Copies cross the
 * boundary (a JSON round trip, as the SQLite adapter stores JSON).
 */
import type { BreakerWal } from '../../rollback/ports.js';
import type { WalRecord } from '../../rollback/types.js';
import { storeErrors } from '../errors.js';
import type { OpenGuard } from '../open-guard.js';

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * @example
 * const wal = new MemoryBreakerWal(new OpenGuard('memory store'));
 */
export class MemoryBreakerWal implements BreakerWal {
  readonly #guard: OpenGuard;
  readonly #records = new Map<string, WalRecord[]>();
  readonly #marks = new Map<string, Map<string, unknown>>();

  constructor(guard: OpenGuard) {
    this.#guard = guard;
  }

  async append(record: Omit<WalRecord, 'completedAt'>): Promise<void> {
    this.#guard.assertOpen();
    const list = this.#records.get(record.model) ?? [];
    if (list.some((r) => r.seq === record.seq)) throw storeErrors.error('STO_ERR_CONFLICT', `breaker WAL of "${record.model}" already has record ${record.seq}`, { model: record.model, seq: record.seq });
    list.push({ ...copy(record), prev: copy(record.prev ?? null), completedAt: null });
    list.sort((a, b) => a.seq - b.seq);
    this.#records.set(record.model, list);
  }

  async latest(model: string): Promise<WalRecord | undefined> {
    this.#guard.assertOpen();
    const last = this.#records.get(model)?.at(-1);
    return last === undefined ? undefined : copy(last);
  }

  async list(model: string, options: { readonly afterSeq?: number; readonly limit?: number } = {}): Promise<WalRecord[]> {
    this.#guard.assertOpen();
    const after = (this.#records.get(model) ?? []).filter((r) => r.seq > (options.afterSeq ?? 0));
    return copy(options.limit === undefined || options.limit < 0 ? after : after.slice(0, options.limit));
  }

  async models(): Promise<string[]> {
    this.#guard.assertOpen();
    return [...this.#records.keys()].sort();
  }

  async incomplete(): Promise<WalRecord[]> {
    this.#guard.assertOpen();
    return copy([...this.#records.keys()].sort().flatMap((m) => (this.#records.get(m) ?? []).filter((r) => r.completedAt === null)));
  }

  async mark(model: string, seq: number, step: string, result: unknown): Promise<void> {
    this.#guard.assertOpen();
    if (!(this.#records.get(model) ?? []).some((r) => r.seq === seq)) throw new Error(`breaker WAL of "${model}" has no record ${seq} to mark`);
    const key = `${model}\u0000${seq}`;
    const marks = this.#marks.get(key) ?? new Map<string, unknown>();
    marks.set(step, copy(result ?? null));
    this.#marks.set(key, marks);
  }

  async marks(model: string, seq: number): Promise<Map<string, unknown>> {
    this.#guard.assertOpen();
    return new Map([...(this.#marks.get(`${model}\u0000${seq}`) ?? new Map<string, unknown>())].map(([k, v]) => [k, copy(v)]));
  }

  async complete(model: string, seq: number, at: number): Promise<void> {
    this.#guard.assertOpen();
    const list = this.#records.get(model) ?? [];
    const i = list.findIndex((r) => r.seq === seq);
    const found = list[i];
    if (found !== undefined && found.completedAt === null) list[i] = { ...found, completedAt: at };
  }
}
