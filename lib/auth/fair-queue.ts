/**
 * At most `concurrency` jobs at once; waiting jobs are kept per key and the
 * keys take turns, so a flood under one key (or a burst of new keys, see
 * the password hasher) cannot make another key wait behind all of it.
 * Each key holds at most `maxWaitingPerKey` waiting jobs and the queue
 * `maxWaiting` in all; beyond that `run` fails at once with QueueFullError
 * rather than letting memory and latency grow without bound.
 */
export class QueueFullError extends Error {
  constructor() {
    super("Too much work is waiting");
    this.name = "QueueFullError";
  }
}

type Waiter = () => void;

export class FairQueue {
  private active = 0;
  private waiting = 0;
  // Insertion order is the turn order; a key goes to the back after its turn.
  private readonly queues = new Map<string, Waiter[]>();

  constructor(
    private readonly opts: { concurrency: number; maxWaitingPerKey: number; maxWaiting: number },
  ) {}

  get stats(): { active: number; waiting: number; keys: number } {
    return { active: this.active, waiting: this.waiting, keys: this.queues.size };
  }

  async run<T>(key: string, job: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  private acquire(key: string): Promise<void> {
    if (this.active < this.opts.concurrency && this.waiting === 0) {
      this.active++;
      return Promise.resolve();
    }
    const queue = this.queues.get(key) ?? [];
    if (queue.length >= this.opts.maxWaitingPerKey || this.waiting >= this.opts.maxWaiting) {
      return Promise.reject(new QueueFullError());
    }
    return new Promise<void>((resolve) => {
      queue.push(resolve);
      this.waiting++;
      if (!this.queues.has(key)) this.queues.set(key, queue);
    });
  }

  private release(): void {
    const next = this.queues.entries().next();
    if (next.done) {
      this.active--;
      return;
    }
    const [key, queue] = next.value;
    const waiter = queue.shift();
    // Rotate: this key's remaining jobs wait for every other key's turn.
    this.queues.delete(key);
    if (queue.length > 0) this.queues.set(key, queue);
    this.waiting--;
    // The slot passes straight to the waiter; `active` is unchanged.
    waiter?.();
  }
}
