import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { BackupSummary } from "./writer";

const root = path.resolve(__dirname, "../..");

/**
 * Run one backup in a worker thread. The server runs TypeScript through
 * tsx, whose loader does not reach worker threads by itself: the worker
 * registers it first, then loads worker.ts.
 */
export function backupInWorker(job: { databaseUrl: string; out: string; recipients: string[] }): Promise<BackupSummary> {
  const tsx = createRequire(path.join(root, "package.json")).resolve("tsx/cjs/api");
  const entry = path.join(__dirname, "worker.ts");
  const bootstrap = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: job });
    let done = false;
    worker.once("message", (message: { ok: boolean; summary?: BackupSummary; error?: string }) => {
      done = true;
      if (message.ok && message.summary) resolve(message.summary);
      else reject(new Error(message.error ?? "the backup worker failed"));
      void worker.terminate();
    });
    worker.once("error", (err) => {
      done = true;
      reject(err);
    });
    worker.once("exit", (code) => {
      if (!done) reject(new Error(`the backup worker stopped (exit code ${code})`));
    });
  });
}
