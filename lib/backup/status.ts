// What the scheduled backups did last, for Settings, /api/health and the
// next start. The scheduler keeps it in memory (shared with the Next.js
// handlers through globalThis: they run in the same process) and mirrors it
// to a small JSON file in the backup folder so it survives a restart.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

export const STATUS_FILE = ".debrief-backup-status.json";
/** debrief-backup-20261203T101500.123Z.age: sorts by time. */
export const BACKUP_FILE = /^debrief-backup-\d{8}T\d{6}\.\d{3}Z\.age$/;

export function backupFileName(at: Date): string {
  return `debrief-backup-${at.toISOString().replace(/[-:]/g, "")}.age`;
}

const zInstant = z.iso.datetime();

export const ZCommandResult = z.object({
  ok: z.boolean(),
  exitCode: z.number().int().nullable(),
  signal: z.string().max(50).nullable(),
  timedOut: z.boolean(),
  durationMs: z.number().min(0),
  output: z.string().max(10_000),
  error: z.string().max(2000).nullable(),
});

export const ZBackupAttempt = z.object({
  startedAt: zInstant,
  finishedAt: zInstant,
  ok: z.boolean(),
  file: z.string().max(300).nullable(),
  bytes: z.number().int().min(0).nullable(),
  rows: z.number().int().min(0).nullable(),
  durationMs: z.number().min(0),
  error: z.string().max(2000).nullable(),
  /** Older backups removed to keep DEBRIEF_BACKUP_KEEP. */
  pruned: z.number().int().min(0),
  command: ZCommandResult.nullable(),
});
export type BackupAttempt = z.infer<typeof ZBackupAttempt>;

export const ZBackupStatus = z.object({
  /** Since when backups have been scheduled without a success (health counts from here when there is none). */
  enabledSince: zInstant,
  nextAt: zInstant.nullable(),
  running: z.object({ startedAt: zInstant }).nullable(),
  last: ZBackupAttempt.nullable(),
  lastSuccess: ZBackupAttempt.nullable(),
});
export type BackupStatus = z.infer<typeof ZBackupStatus>;

type Shared = { status: BackupStatus; everyMs: number; runNow?: () => { started: boolean } };
const KEY = Symbol.for("debrief.backups");
const holder = globalThis as unknown as { [KEY]?: Shared };

/** The running scheduler's state (null when this process runs none). */
export function sharedBackupState(): Shared | null {
  return holder[KEY] ?? null;
}

export function setSharedBackupState(state: Shared | null): void {
  if (state) holder[KEY] = state;
  else delete holder[KEY];
}

const STANDBY = Symbol.for("debrief.backups.standby");
const standbyHolder = globalThis as unknown as { [STANDBY]?: boolean };

/**
 * Backups are configured here, but another instance on the same PostgreSQL
 * database holds the backup lease and runs them (lib/db/lease.ts).
 */
export function backupStandby(): boolean {
  return standbyHolder[STANDBY] === true;
}

export function setBackupStandby(standby: boolean): void {
  standbyHolder[STANDBY] = standby;
}

/** The status file of `dir`, or null when it is missing or unreadable. */
export async function readStatusFile(dir: string): Promise<BackupStatus | null> {
  try {
    const text = await readFile(path.join(dir, STATUS_FILE), "utf8");
    const parsed = ZBackupStatus.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** This process's scheduler state, else what the status file in `dir` says. */
export async function currentBackupStatus(dir: string): Promise<BackupStatus | null> {
  return sharedBackupState()?.status ?? (await readStatusFile(dir));
}
