/**
 * Entry point of a Markdown worker thread (piscina calls the default
 * export with each job). It is bundled into one file by
 * scripts/build-workers.mjs; see lib/workers/pool.ts for why.
 */
import type { MessagePort } from "node:worker_threads";
import { AppError, type ErrorCode, type ErrorIssue } from "../errors";
import { MARKDOWN_TASKS, type MarkdownTaskName } from "./markdown-tasks";

export type WorkerJob = { task: MarkdownTaskName; input: unknown; port: MessagePort };

/** What a job sends on its port while it runs: that it started, and which part it is in. */
export type WorkerMessage = { type: "started" } | { type: "part"; part: string; phase: "start" | "end"; ms: number };

/** Expected failures come back as data: an Error crossing threads loses its class and fields. */
export type WorkerReply =
  | { ok: true; value: unknown }
  | { ok: false; failure: "app"; error: { code: ErrorCode; message: string; issues: ErrorIssue[] } }
  | { ok: false; failure: "nested"; part: string | null };

function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

export default function runMarkdownJob(job: WorkerJob): WorkerReply {
  const { port } = job;
  const send = (message: WorkerMessage) => port.postMessage(message);
  const open = new Map<string, number>();
  let current: string | null = null;
  send({ type: "started" });
  try {
    const task = MARKDOWN_TASKS[job.task];
    if (typeof task !== "function") throw new Error(`unknown Markdown task ${String(job.task)}`);
    const progress = (part: string, phase: "start" | "end") => {
      const now = performance.now();
      if (phase === "start") {
        open.set(part, now);
        current = part;
      } else {
        current = null;
      }
      send({ type: "part", part, phase, ms: phase === "end" ? now - (open.get(part) ?? now) : 0 });
    };
    // Safe: the pool types each task's input (MarkdownTaskInput) and sends it to this thread only.
    const value: unknown = (task as (input: unknown, progress: (part: string, phase: "start" | "end") => void) => unknown)(job.input, progress);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, failure: "app", error: { code: err.code, message: err.message, issues: err.issues } };
    if (isStackOverflow(err)) return { ok: false, failure: "nested", part: current };
    throw err;
  } finally {
    port.close();
  }
}
