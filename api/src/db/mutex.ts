/**
 * A promise-chain mutex: `run` executes callbacks one at a time, in order.
 *
 * Why: TypeORM's SQLite driver shares one connection, so two interleaved
 * transactions would corrupt each other. Serializing writes in-process is
 * cheap (SQLite allows one writer anyway) and removes SQLITE_BUSY entirely.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` after every previously queued callback has settled. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
