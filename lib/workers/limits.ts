import { availableParallelism } from "node:os";
import { z } from "zod";

/**
 * How long each kind of Markdown job may run in a worker before the worker
 * is ended, and how much work may wait. Defaults suit the two-core machine
 * Debrief is sized for; the time limits can be raised for slower machines.
 *
 * The save check runs the whole export in every template (plus one pass over
 * the sections to know which are heavy) within `saveMs`, three renders in
 * all, so a postmortem that saved exports in a third of that on a warm
 * worker. A fresh worker is slower: on hostile input remark's first render
 * in a new thread took 2.5× its later ones (1.4 s against 0.57 s, measured
 * here; a warm-up on ordinary Markdown does not help, the slow paths are the
 * input's own). So `exportMs` is kept at least twice `saveMs`: what saved
 * exports with room even on a fresh worker on a loaded machine.
 */
export type MarkdownLimits = { importMs: number; exportMs: number; saveMs: number; digestMs: number };

const DEFAULT_LIMITS: MarkdownLimits = { importMs: 30_000, exportMs: 20_000, saveMs: 8_000, digestMs: 10_000 };

const ENV_NAMES: Record<Exclude<keyof MarkdownLimits, "digestMs">, string> = {
  importMs: "DEBRIEF_MARKDOWN_IMPORT_LIMIT_MS",
  exportMs: "DEBRIEF_MARKDOWN_EXPORT_LIMIT_MS",
  saveMs: "DEBRIEF_MARKDOWN_SAVE_LIMIT_MS",
};

const zLimitMs = z.coerce.number().int().min(100).max(600_000);
const zWorkers = z.coerce.number().int().min(1).max(16);
const warned = new Set<string>();

function fromEnv<T>(name: string, schema: z.ZodType<T>, fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  if (!warned.has(name)) {
    warned.add(name);
    console.warn(`[debrief] ${name}=${JSON.stringify(raw.slice(0, 40))} is not valid (${parsed.error.issues[0]?.message ?? "invalid"}); using ${String(fallback)}`);
  }
  return fallback;
}

/** Read at each use, so a test can set the environment before it calls a service. */
export function markdownLimits(): MarkdownLimits {
  const importMs = fromEnv(ENV_NAMES.importMs, zLimitMs, DEFAULT_LIMITS.importMs);
  const saveMs = fromEnv(ENV_NAMES.saveMs, zLimitMs, DEFAULT_LIMITS.saveMs);
  const exportMs = Math.max(fromEnv(ENV_NAMES.exportMs, zLimitMs, DEFAULT_LIMITS.exportMs), 2 * saveMs);
  return { importMs, exportMs, saveMs, digestMs: DEFAULT_LIMITS.digestMs };
}

/**
 * Worker threads: one fewer than the cores (the request thread keeps one to
 * itself, so health checks and timeline writes are never starved), at least
 * one, at most four.
 */
export function markdownWorkerCount(): number {
  const cores = availableParallelism();
  return fromEnv("DEBRIEF_MARKDOWN_WORKERS", zWorkers, Math.min(4, Math.max(1, cores - 1)));
}

/** What may wait for a worker: beyond this a request gets a 503 (server busy) or 429 (one client's share). */
export const MARKDOWN_QUEUE = {
  /** Jobs waiting for a free worker, across all clients. */
  maxWaiting: 16,
  /** Jobs one client (a user or an API key) may have running or waiting at once. */
  perOwner: 4,
  /** A job not started within this time is given up with a 503 (never less than the longest job plus a worker start, see markdownQueueWaitMs). */
  maxWaitMs: 30_000,
  /** Time a fresh worker may take to load before its job counts as timed out. */
  startAllowanceMs: 10_000,
  /** Heap of one worker: a job that needs more ends with a 422, not the process. */
  workerHeapMb: 1_024,
} as const;

/** How long a job may wait for a worker: long enough to outlast one job ahead of it, however long its limit. */
export function markdownQueueWaitMs(): number {
  const limits = markdownLimits();
  const longest = Math.max(limits.importMs, limits.exportMs, limits.saveMs, limits.digestMs);
  return Math.max(MARKDOWN_QUEUE.maxWaitMs, longest + MARKDOWN_QUEUE.startAllowanceMs);
}
