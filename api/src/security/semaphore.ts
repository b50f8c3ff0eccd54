/** The semaphore's queue is full: the caller should back off. */
export class QueueFullError extends Error {
  readonly code = 'QUEUE_FULL';
  constructor() {
    super('Too many tasks waiting');
    this.name = 'QueueFullError';
  }
}

/**
 * Runs at most `limit` tasks at once; up to `maxQueue` more wait in order,
 * and beyond that `run` rejects at once with {@link QueueFullError}. Tasks
 * may name who asked (`key`): one key may hold at most `maxPerKey` places
 * (running or waiting), so a single client cannot fill the queue for all.
 */
export class Semaphore {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  private readonly perKey = new Map<string, number>();

  constructor(private readonly limit: number, private readonly maxQueue: number, private readonly maxPerKey = Infinity) {}

  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>, key?: string): Promise<T> {
    const held = key === undefined ? 0 : this.perKey.get(key) ?? 0;
    if (held >= this.maxPerKey) throw new QueueFullError();
    if (this.active >= this.limit && this.queue.length >= this.maxQueue) throw new QueueFullError();
    if (key !== undefined) this.perKey.set(key, held + 1);
    try {
      if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
      else this.active++;
      try {
        return await task();
      } finally {
        // Hand the slot straight to the next waiter (active stays the same), or free it.
        const next = this.queue.shift();
        if (next) next();
        else this.active--;
      }
    } finally {
      if (key !== undefined) {
        const left = (this.perKey.get(key) ?? 1) - 1;
        if (left > 0) this.perKey.set(key, left);
        else this.perKey.delete(key);
      }
    }
  }
}
