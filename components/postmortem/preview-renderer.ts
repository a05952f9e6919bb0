"use client";

import type { PreviewReply } from "./preview.worker";

/**
 * Renders previews in one Web Worker shared by every Markdown field of the
 * page, one at a time, the newest text of each field only. A render that
 * runs longer than the limit has its worker terminated (the only way to stop
 * remark mid-render) and the field shows "preview unavailable: too
 * complex"; the next render gets a fresh worker. The editor's own thread
 * never runs remark, so typing stays responsive whatever the text.
 */

export const PREVIEW_LIMIT_MS = 2_000;
/** A worker that has not loaded in this time is not coming (blocked, offline build): previews are unavailable. */
const LOAD_LIMIT_MS = 15_000;

export type PreviewResult = { kind: "html"; html: string } | { kind: "too-complex" } | { kind: "unavailable" } | { kind: "superseded" };

type Job = { id: number; field: string; markdown: string; resolve: (result: PreviewResult) => void };

function isReply(data: unknown): data is PreviewReply {
  return typeof data === "object" && data !== null && "type" in data && typeof data.type === "string";
}

class PreviewRenderer {
  private worker: Worker | null = null;
  private ready = false;
  private running: (Job & { timer: ReturnType<typeof setTimeout> }) | null = null;
  private readonly queued = new Map<string, Job>();
  private nextId = 1;
  private loadTimer: ReturnType<typeof setTimeout> | null = null;

  render(field: string, markdown: string): Promise<PreviewResult> {
    return new Promise((resolve) => {
      this.queued.get(field)?.resolve({ kind: "superseded" });
      this.queued.delete(field);
      this.queued.set(field, { id: this.nextId++, field, markdown, resolve });
      this.pump();
    });
  }

  private start(): Worker | null {
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(new URL("./preview.worker.ts", import.meta.url), { name: "markdown-preview" });
    } catch {
      this.failAll({ kind: "unavailable" });
      return null;
    }
    this.worker = worker;
    this.ready = false;
    worker.onmessage = (event: MessageEvent<unknown>) => this.onReply(worker, event.data);
    worker.onerror = () => this.onBroken(worker);
    this.loadTimer = setTimeout(() => this.onBroken(worker), LOAD_LIMIT_MS);
    return worker;
  }

  private onReply(worker: Worker, data: unknown): void {
    if (worker !== this.worker || !isReply(data)) return;
    if (data.type === "ready") {
      this.ready = true;
      if (this.loadTimer) clearTimeout(this.loadTimer);
      this.pump();
      return;
    }
    const job = this.running;
    if (!job || job.id !== data.id) return;
    clearTimeout(job.timer);
    this.running = null;
    job.resolve(data.type === "rendered" ? { kind: "html", html: data.html } : { kind: "too-complex" });
    this.pump();
  }

  /** The worker failed to load or crashed: nothing can be previewed now. */
  private onBroken(worker: Worker): void {
    if (worker !== this.worker) return;
    worker.terminate();
    this.worker = null;
    if (this.loadTimer) clearTimeout(this.loadTimer);
    if (this.running) clearTimeout(this.running.timer);
    this.running?.resolve({ kind: "unavailable" });
    this.running = null;
    this.failAll({ kind: "unavailable" });
  }

  private failAll(result: PreviewResult): void {
    for (const job of this.queued.values()) job.resolve(result);
    this.queued.clear();
  }

  private pump(): void {
    if (this.running) return;
    const next = this.queued.values().next();
    if (next.done) return;
    const worker = this.start();
    if (!worker || !this.ready) return;
    const job = next.value;
    this.queued.delete(job.field);
    const timer = setTimeout(() => {
      // Too long: end the worker (remark cannot be interrupted otherwise) and move on with a fresh one.
      worker.terminate();
      if (this.worker === worker) this.worker = null;
      this.running = null;
      job.resolve({ kind: "too-complex" });
      this.pump();
    }, PREVIEW_LIMIT_MS);
    this.running = { ...job, timer };
    worker.postMessage({ id: job.id, markdown: job.markdown });
  }
}

let shared: PreviewRenderer | null = null;

/** The page's preview renderer (browser only). */
export function previewRenderer(): PreviewRenderer {
  shared ??= new PreviewRenderer();
  return shared;
}
