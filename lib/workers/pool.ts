import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { MessageChannel } from "node:worker_threads";
import Piscina from "piscina";
import { AppError } from "../errors";
import { MARKDOWN_QUEUE, markdownQueueWaitMs, markdownWorkerCount } from "./limits";
import type { MarkdownTaskInput, MarkdownTaskName, MarkdownTaskOutput } from "./markdown-tasks";
import type { WorkerMessage, WorkerReply } from "./markdown-worker";

/**
 * The Markdown worker pool. remark has inputs that take quadratic time or
 * recurse until the stack overflows (100,000 `>`, runs of `*_\`[`); run on
 * the request thread, one such document stalled the whole server, health
 * checks and timeline writes included. Every Markdown job runs here instead,
 * on worker threads, and a job that outlives its limit has its worker ended
 * (Worker.terminate interrupts even a tight loop); piscina starts a fresh one.
 *
 * Where the worker code comes from: the job functions are TypeScript in
 * lib/, but this module also runs inside the Next.js server bundles, where
 * lib/ files do not exist as loadable modules, and under tsx and vitest,
 * where they do. A worker thread needs a plain file it can `require`, so
 * scripts/build-workers.mjs bundles lib/workers/markdown-worker.ts with
 * esbuild (installed with tsx) into dist/markdown-worker.cjs: one
 * self-contained file, no TypeScript loader in the worker (which took about
 * a second to start a worker, against 0.2 s), the same file in every
 * runtime. `npm run build`, `npm run dev`, server.ts at start and the test
 * set-up all build it, so it is never older than the source it runs.
 *
 * One pool per process: server.ts loads lib/ once for its fast lane and the
 * Next.js bundles load it again, so the pool lives on globalThis (as the
 * database client does) and server.ts creates it, with its own directory,
 * before Next.js loads.
 */

export const MARKDOWN_WORKER_BUNDLE = "dist/markdown-worker.cjs";

export type MarkdownFailure = "timeout" | "nested" | "memory";
/** How long each named part of a job ran (the one still running when it was ended included). */
export type PartTimes = { part: string; ms: number; unfinished: boolean }[];
export type MarkdownOutcome<T> = { ok: true; value: T } | { ok: false; failure: MarkdownFailure; limitMs: number; parts: PartTimes };
export type RunOptions = { limitMs: number; /** a user or API key id: one client's share of the queue is bounded */ owner?: string };

function busy(): AppError {
  return new AppError("busy", "The server is busy with other Markdown work (imports, exports and postmortem saves); try again in a few seconds");
}

class PartLog {
  private readonly started = new Map<string, number>();
  private readonly finished: PartTimes = [];

  record(message: Extract<WorkerMessage, { type: "part" }>): void {
    if (message.phase === "start") this.started.set(message.part, performance.now());
    else {
      this.started.delete(message.part);
      this.finished.push({ part: message.part, ms: message.ms, unfinished: false });
    }
  }

  snapshot(): PartTimes {
    const now = performance.now();
    return [...this.finished, ...[...this.started].map(([part, at]) => ({ part, ms: now - at, unfinished: true }))];
  }
}

function isReply(value: unknown): value is WorkerReply {
  return typeof value === "object" && value !== null && "ok" in value && typeof value.ok === "boolean";
}

function errorCode(err: unknown): unknown {
  return typeof err === "object" && err !== null && "code" in err ? err.code : undefined;
}

type Waiter = { start: () => void; fail: (err: AppError) => void; timer: NodeJS.Timeout };

export class MarkdownPool {
  private readonly piscina: Piscina;
  private readonly threads: number;
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private readonly perOwner = new Map<string, number>();

  constructor(file: string, threads: number) {
    if (!existsSync(file)) {
      throw new Error(`The Markdown worker bundle ${file} is missing: run \`npm run build\` (or node scripts/build-workers.mjs)`);
    }
    this.threads = threads;
    this.piscina = new Piscina({
      filename: file,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
      resourceLimits: { maxOldGenerationSizeMb: MARKDOWN_QUEUE.workerHeapMb },
    });
  }

  /** Jobs running and waiting now (for benchmarks and tests). */
  stats(): { threads: number; running: number; waiting: number } {
    return { threads: this.threads, running: this.running, waiting: this.waiting.length };
  }

  /**
   * Run one job in a worker. Expected failures of the job itself (an
   * AppError, such as an unreadable import) are thrown as they were; a job
   * over its limit, too deep for the stack or out of memory comes back as a
   * failure for the caller to word (it knows what the input was).
   */
  async run<K extends MarkdownTaskName>(task: K, input: MarkdownTaskInput<K>, options: RunOptions): Promise<MarkdownOutcome<MarkdownTaskOutput<K>>> {
    const owner = options.owner;
    if (owner !== undefined) {
      const mine = this.perOwner.get(owner) ?? 0;
      if (mine >= MARKDOWN_QUEUE.perOwner) {
        throw new AppError("rate_limited", `You have ${mine} Markdown jobs running or waiting already; wait for them to finish`);
      }
      this.perOwner.set(owner, mine + 1);
    }
    try {
      await this.acquire();
      try {
        return await this.execute(task, input, options.limitMs);
      } finally {
        this.release();
      }
    } finally {
      if (owner !== undefined) {
        const left = (this.perOwner.get(owner) ?? 1) - 1;
        if (left > 0) this.perOwner.set(owner, left);
        else this.perOwner.delete(owner);
      }
    }
  }

  /** A worker slot: at once when one is free, else after the jobs ahead (bounded in number and in waiting time). */
  private acquire(): Promise<void> {
    if (this.running < this.threads) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= MARKDOWN_QUEUE.maxWaiting) return Promise.reject(busy());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: resolve,
        fail: reject,
        timer: setTimeout(() => {
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(busy());
        }, markdownQueueWaitMs()),
      };
      this.waiting.push(waiter);
    });
  }

  /** The slot passes straight to the next waiter, so `running` never drops below what is really running. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.start();
    } else {
      this.running--;
    }
  }

  private async execute<K extends MarkdownTaskName>(
    task: K,
    input: MarkdownTaskInput<K>,
    limitMs: number,
  ): Promise<MarkdownOutcome<MarkdownTaskOutput<K>>> {
    const { port1, port2 } = new MessageChannel();
    const abort = new AbortController();
    const parts = new PartLog();
    let timedOut = false;
    let done = false;
    const endJob = () => {
      timedOut = true;
      abort.abort(new Error("Markdown job over its time limit"));
    };
    // The limit counts from when the worker starts the job, not from when it
    // was handed over (a replacement worker may still be loading); a worker
    // that never starts it is given up after a start-up allowance.
    let limitTimer = setTimeout(endJob, limitMs + MARKDOWN_QUEUE.startAllowanceMs);
    port1.on("message", (message: WorkerMessage) => {
      if (done) return;
      if (message.type === "started") {
        clearTimeout(limitTimer);
        limitTimer = setTimeout(endJob, limitMs);
      } else if (message.type === "part") {
        parts.record(message);
      }
    });
    try {
      const reply: unknown = await this.piscina.run({ task, input, port: port2 }, { transferList: [port2], signal: abort.signal });
      if (!isReply(reply)) throw new Error("The Markdown worker answered with something that is not a reply");
      if (reply.ok) {
        // Safe: the worker ran MARKDOWN_TASKS[task] on this input; its return value is that task's output.
        return { ok: true, value: reply.value as MarkdownTaskOutput<K> };
      }
      if (reply.failure === "app") throw new AppError(reply.error.code, reply.error.message, { issues: reply.error.issues });
      const snapshot = parts.snapshot();
      // The part the stack overflowed in is the one to blame, even when its start message is still on its way.
      if (reply.part && !snapshot.some((p) => p.part === reply.part)) snapshot.push({ part: reply.part, ms: 0, unfinished: true });
      return { ok: false, failure: "nested", limitMs, parts: snapshot };
    } catch (err) {
      if (timedOut) return { ok: false, failure: "timeout", limitMs, parts: parts.snapshot() };
      if (errorCode(err) === "ERR_WORKER_OUT_OF_MEMORY") return { ok: false, failure: "memory", limitMs, parts: parts.snapshot() };
      throw err;
    } finally {
      done = true;
      clearTimeout(limitTimer);
      port1.close();
    }
  }

  async close(): Promise<void> {
    for (const waiter of this.waiting.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.fail(busy());
    }
    await this.piscina.destroy();
  }
}

type Holder = { pool: MarkdownPool; file: string };
const globalForPool = globalThis as unknown as { __debriefMarkdownPool?: Holder };

/**
 * Create the process's pool with the worker bundle under `appDir` (server.ts,
 * before Next.js loads, so the bundles' own copy of this module finds it).
 */
export function startMarkdownPool(appDir: string): MarkdownPool {
  const file = path.join(appDir, MARKDOWN_WORKER_BUNDLE);
  const current = globalForPool.__debriefMarkdownPool;
  if (current?.file === file) return current.pool;
  const pool = new MarkdownPool(file, markdownWorkerCount());
  globalForPool.__debriefMarkdownPool = { pool, file };
  return pool;
}

/** The process's pool; made on first use from the working directory when server.ts did not make it (next dev, tests, scripts). */
export function markdownPool(): MarkdownPool {
  return globalForPool.__debriefMarkdownPool?.pool ?? startMarkdownPool(process.cwd());
}

export async function stopMarkdownPool(): Promise<void> {
  const current = globalForPool.__debriefMarkdownPool;
  globalForPool.__debriefMarkdownPool = undefined;
  await current?.pool.close();
}

/** What a job was given, to name it in the 422 when it is too complex. */
export type MarkdownSubject = { path: string; label: string };

const HINT = "look for lists or quotes nested very deeply, or long runs of * _ or `";

function why(failure: MarkdownFailure, limitMs: number): string {
  if (failure === "timeout") return `over ${limitMs / 1000} s`;
  if (failure === "nested") return "nested too deeply";
  return "too large to hold in memory";
}

/** The 422 for input the worker could not finish: names every part to blame, by path. */
export function tooComplex(subjects: MarkdownSubject[], failure: MarkdownFailure, limitMs: number, together = false): AppError {
  const reason = `${why(failure, limitMs)}${together && subjects.length > 1 ? " together" : ""}`;
  const message = `too complex to process as Markdown (${reason}): ${HINT}`;
  const labels = subjects.map((s) => s.label).join(", ");
  return new AppError("validation_failed", `${labels} ${subjects.length > 1 ? "are" : "is"} ${message}`, {
    issues: subjects.map((s) => ({ path: s.path, message: `is ${message}` })),
  });
}

/** Run a job whose input is one thing; over its limit it is a 422 naming that thing. */
export async function runMarkdownTask<K extends MarkdownTaskName>(
  task: K,
  input: MarkdownTaskInput<K>,
  options: RunOptions & { subject: MarkdownSubject },
): Promise<MarkdownTaskOutput<K>> {
  const outcome = await markdownPool().run(task, input, options);
  if (!outcome.ok) throw tooComplex([options.subject], outcome.failure, outcome.limitMs);
  return outcome.value;
}

/** Refuse at once, before a large body is read, when the queue is full (the job itself is admitted later). */
export function assertMarkdownCapacity(): void {
  const { running, threads, waiting } = markdownPool().stats();
  if (running >= threads && waiting >= MARKDOWN_QUEUE.maxWaiting) throw busy();
}
