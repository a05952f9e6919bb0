import "server-only";
import { statfs } from "node:fs/promises";
import path from "node:path";
import { getDb } from "./client";
import { databaseUrl, providerOf, sqliteFile } from "./url";
import { describeStorageProblem, storageProblem, type StorageProblem } from "./storage-errors.mjs";

// When the disk fills up or the file turns read-only mid-incident, or
// PostgreSQL goes away, the people using Debrief and the monitor watching it
// must hear so: writes answer 503 with the reason (lib/api/responses.ts) and
// GET /api/health turns not-ok. Every such fault but a damaged SQLite file
// clears by itself once a probe works again (on PostgreSQL the pool opens
// fresh connections), so an instance recovers without a restart.

export type StorageStatus = { ok: true } | { ok: false; problem: string };

type Fault = StorageProblem & { at: number };
type State = { fault: Fault | null; probe: { at: number; result: Promise<StorageStatus> } | null };

// One state per process: the custom server and the Next.js bundles each load this module.
const globalState = globalThis as unknown as { __debriefStorage?: State };
function state(): State {
  globalState.__debriefStorage ??= { fault: null, probe: null };
  return globalState.__debriefStorage;
}

/** Below this much free space on the database's volume, writes are about to fail. */
const MIN_FREE_BYTES = 1024 * 1024;
/** Health probes write to the database; a flood of health checks shares one. */
const PROBE_EVERY_MS = 1000;

/**
 * Remember a storage fault seen by a request, so that health reports it.
 * Returns the problem when `err` is one (null for ordinary errors).
 */
export function noteStorageFault(err: unknown): StorageProblem | null {
  const problem = storageProblem(err, providerOf(databaseUrl()));
  if (problem && problem.kind !== "busy") state().fault = { ...problem, at: Date.now() };
  return problem;
}

/** What a client is told when its request failed on storage. */
export function storageFaultMessage(problem: StorageProblem): string {
  const words = describeStorageProblem(problem);
  if (problem.kind === "busy") return `The database is busy (${words}); nothing was changed, try again in a moment`;
  // A connection that broke mid-request may have broken after the commit:
  // the client is told to retry, which its own ids make safe.
  if (problem.kind === "lost" || problem.kind === "timeout") {
    return `The database is unavailable: ${words}. The change may or may not have been saved; send it again (the same id never makes a duplicate)`;
  }
  if (!problem.code.startsWith("SQLITE")) return `The database is unavailable: ${words}. Nothing was changed; try again shortly`;
  return `The database is unavailable: ${words}. Nothing was changed; try again once the server's operator has fixed it`;
}

async function freeBytes(file: string): Promise<number | null> {
  try {
    const s = await statfs(path.dirname(file));
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/** A fault noted by a request, or by a probe, in words; null when none. */
function failed(err: unknown): StorageStatus {
  const problem = noteStorageFault(err);
  if (!problem) console.error("[debrief] health probe failed:", err);
  return { ok: false, problem: problem ? describeStorageProblem(problem) : "the database did not answer (see the server log)" };
}

/**
 * PostgreSQL: a round trip on the pool (unreachable, restarting, out of
 * connections, refusing us fail here) that also asks whether this
 * connection may write (a standby, or a failover that left us on one).
 */
async function probePostgres(): Promise<StorageStatus> {
  try {
    const db = await getDb();
    const rows = await db.$queryRawUnsafe<Array<{ read_only: unknown }>>("SELECT current_setting('transaction_read_only') AS read_only");
    if (rows[0]?.read_only === "on") {
      const problem: StorageProblem = { kind: "readonly", code: "25006" };
      state().fault = { ...problem, at: Date.now() };
      return { ok: false, problem: describeStorageProblem(problem) };
    }
  } catch (err) {
    return failed(err);
  }
  state().fault = null;
  return { ok: true };
}

async function probe(): Promise<StorageStatus> {
  const url = databaseUrl();
  if (providerOf(url) === "postgresql") return probePostgres();
  const file = sqliteFile(url);
  try {
    const db = await getDb();
    // A read, then a committed write that changes nothing: a read-only file,
    // a failing disk or a damaged header fail here.
    const rows = await db.$queryRawUnsafe<Array<{ user_version: unknown }>>("PRAGMA user_version");
    const version = Number(rows[0]?.user_version ?? 0);
    await db.$executeRawUnsafe(`PRAGMA user_version = ${Number.isSafeInteger(version) ? version : 0}`);
  } catch (err) {
    return failed(err);
  }
  // A small write can succeed in a full disk's reused journal; free space tells.
  const free = await freeBytes(file);
  if (free !== null && free < MIN_FREE_BYTES) {
    return { ok: false, problem: `the disk holding the database is full (${free} bytes free)` };
  }
  const s = state();
  // Damage does not heal; other faults are over once a write works again.
  if (s.fault?.kind === "corrupt") return { ok: false, problem: describeStorageProblem(s.fault) };
  s.fault = null;
  return { ok: true };
}

/** Whether the database can be read and written now, with the reason when not. */
export function checkStorage(): Promise<StorageStatus> {
  const s = state();
  const now = Date.now();
  if (s.probe && now - s.probe.at < PROBE_EVERY_MS && !(s.fault && s.fault.at >= s.probe.at)) return s.probe.result;
  const result = probe();
  s.probe = { at: now, result };
  return result;
}
