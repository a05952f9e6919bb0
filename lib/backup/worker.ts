// Worker thread entry for a scheduled backup: snapshot, serialisation,
// gzip and encryption all run here, at a lower CPU priority, so the
// server's thread keeps answering requests meanwhile.
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { backupDatabase } from "./backup";
import { oneLine } from "./errors";

type Job = { databaseUrl: string; out: string; recipients: string[] };

try {
  // On Linux this lowers only this thread (the server's threads keep theirs).
  os.setPriority(10);
} catch {
  /* not permitted: run at normal priority */
}

const job = workerData as Job;
backupDatabase(job).then(
  (summary) => parentPort?.postMessage({ ok: true, summary }),
  (err: unknown) => parentPort?.postMessage({ ok: false, error: oneLine(err) }),
);
