/**
 * At most `concurrency` jobs at once, and at most `maxRunningPerKey` of
 * them for any one key, so that a flood under one key always leaves a slot
 * for everyone else. Waiting jobs are kept per key; when a slot frees, the
 * key whose last turn is longest ago goes next, so a newcomer never waits
 * behind a flood's backlog.
 *
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
type KeyState = { running: number; waiters: Waiter[]; lastTurn: number };

export type FairQueueOptions = { concurrency: number; maxRunningPerKey: number; maxWaitingPerKey: number; maxWaiting: number };

export class FairQueue {
  private running = 0;
  private waiting = 0;
  private turn = 0;
  private started = 0;
  // Keys with a running or waiting job.
  private readonly keys = new Map<string, KeyState>();
  // When keys last had a turn, kept a while after they went idle so that a
  // flood arriving in bursts does not count as a newcomer each time.
  private readonly recentTurns = new Map<string, number>();

  constructor(private readonly opts: FairQueueOptions) {}

  /** Jobs running and waiting now, keys with either, and jobs started so far. */
  get stats(): { running: number; waiting: number; keys: number; started: number } {
    return { running: this.running, waiting: this.waiting, keys: this.keys.size, started: this.started };
  }

  async run<T>(key: string, job: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    try {
      return await job();
    } finally {
      this.release(key);
    }
  }

  private state(key: string): KeyState {
    let s = this.keys.get(key);
    if (!s) {
      s = { running: 0, waiters: [], lastTurn: this.recentTurns.get(key) ?? 0 };
      this.keys.set(key, s);
    }
    return s;
  }

  private acquire(key: string): Promise<void> {
    const s = this.state(key);
    if (this.running < this.opts.concurrency && s.running < this.opts.maxRunningPerKey && s.waiters.length === 0) {
      this.start(key, s);
      return Promise.resolve();
    }
    if (s.waiters.length >= this.opts.maxWaitingPerKey || this.waiting >= this.opts.maxWaiting) {
      this.dropIfIdle(key, s);
      return Promise.reject(new QueueFullError());
    }
    return new Promise<void>((resolve) => {
      s.waiters.push(resolve);
      this.waiting++;
    });
  }

  private start(key: string, s: KeyState): void {
    this.started++;
    this.running++;
    s.running++;
    s.lastTurn = ++this.turn;
    this.recentTurns.delete(key);
    this.recentTurns.set(key, s.lastTurn);
    if (this.recentTurns.size > 4096) {
      for (const old of this.recentTurns.keys()) {
        this.recentTurns.delete(old);
        if (this.recentTurns.size <= 2048) break;
      }
    }
  }

  private release(key: string): void {
    const s = this.keys.get(key);
    this.running--;
    if (s) {
      s.running--;
      this.dropIfIdle(key, s);
    }
    this.dispatch();
  }

  /** Hand free slots to the waiting keys whose turn is longest ago. */
  private dispatch(): void {
    while (this.running < this.opts.concurrency && this.waiting > 0) {
      let nextKey: string | null = null;
      let next: KeyState | null = null;
      for (const [key, s] of this.keys) {
        if (s.waiters.length === 0 || s.running >= this.opts.maxRunningPerKey) continue;
        if (!next || s.lastTurn < next.lastTurn) {
          nextKey = key;
          next = s;
        }
      }
      if (nextKey === null || !next) return;
      const waiter = next.waiters.shift();
      this.waiting--;
      this.start(nextKey, next);
      waiter?.();
    }
  }

  private dropIfIdle(key: string, s: KeyState): void {
    if (s.running === 0 && s.waiters.length === 0) this.keys.delete(key);
  }
}
