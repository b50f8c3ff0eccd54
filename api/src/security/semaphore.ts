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
 * and beyond that `run` rejects at once with {@link QueueFullError}.
 */
export class Semaphore {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number, private readonly maxQueue: number) {}

  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.queue.length >= this.maxQueue) throw new QueueFullError();
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}
