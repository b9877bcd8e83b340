/**
 * @module rollback/lanes
 * One serial lane per model: a model's decisions and their effects run one after another
 * (a decision is made only once the previous one's effects are applied), while different
 * models proceed independently.
 */

/**
 * @example
 * const lanes = new Lanes();
 * await lanes.run('fraud', async () => decideAndApply());
 * await lanes.idle();
 */
export class Lanes {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every task queued before it on `lane`; resolves or rejects with it. */
  run<T>(lane: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(lane) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(lane, tail);
    void tail.then(() => {
      if (this.#tails.get(lane) === tail) this.#tails.delete(lane);
    });
    return result;
  }

  /** Resolves when every lane has drained (including tasks queued while waiting). */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all([...this.#tails.values()]);
  }
}
