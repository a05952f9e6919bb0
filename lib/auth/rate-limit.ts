import { AppError } from "../errors";

/**
 * A fixed-window counter per key, in memory, for one instance (SQLite).
 * For the password endpoints that Debrief answers itself (setup, own
 * password change) through attempt-limit.ts, which counts in the database
 * instead when several instances share PostgreSQL.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly opts: { max: number; windowMs: number; maxKeys?: number }) {}

  /** Count one attempt for `key`; throws a 429 AppError once over the limit. */
  consume(key: string, what: string): void {
    const now = Date.now();
    this.prune(now);
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      this.hits.set(key, { count: 1, resetAt: now + this.opts.windowMs });
      return;
    }
    entry.count++;
    if (entry.count > this.opts.max) {
      const seconds = Math.ceil((entry.resetAt - now) / 1000);
      throw new AppError("rate_limited", `Too many ${what}; try again in ${seconds} s`, { details: { retryAfterSeconds: seconds } });
    }
  }

  private prune(now: number): void {
    if (this.hits.size < (this.opts.maxKeys ?? 10_000)) return;
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
    // Still full (a flood of fresh keys): forget the oldest half.
    if (this.hits.size >= (this.opts.maxKeys ?? 10_000)) {
      let drop = Math.floor(this.hits.size / 2);
      for (const key of this.hits.keys()) {
        if (drop-- <= 0) break;
        this.hits.delete(key);
      }
    }
  }
}

/** A limiter that lives once per process, whichever bundle asks for it. */
export function sharedLimiter(name: string, opts: { max: number; windowMs: number }): RateLimiter {
  const g = globalThis as unknown as { __debriefLimiters?: Map<string, RateLimiter> };
  g.__debriefLimiters ??= new Map();
  let limiter = g.__debriefLimiters.get(name);
  if (!limiter) {
    limiter = new RateLimiter(opts);
    g.__debriefLimiters.set(name, limiter);
  }
  return limiter;
}
