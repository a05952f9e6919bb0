// Settings → Backups and GET/POST /api/v1/backups (admins).
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { backupScheduleFromEnv, formatDuration } from "./config";
import { listBackupFiles, type BackupFileInfo } from "./files";
import { backupStandby, currentBackupStatus, sharedBackupState, type BackupStatus } from "./status";

export type BackupOverview =
  | { enabled: false; problem: string | null }
  | {
      enabled: true;
      dir: string;
      every: string;
      keep: number;
      recipients: string[];
      /** The program DEBRIEF_BACKUP_COMMAND runs (its arguments may hold secrets, so only this). */
      commandProgram: string | null;
      commandTimeout: string;
      /** False when this process is not running the schedule (e.g. `next dev`, or standing by). */
      running: boolean;
      /** Another instance on the same PostgreSQL database holds the backup lease and runs them. */
      standby: boolean;
      status: BackupStatus | null;
      files: BackupFileInfo[];
    };

export async function getBackupOverview({ actor }: { actor: Actor }): Promise<BackupOverview> {
  authorize(actor, "backups.manage");
  let schedule;
  try {
    schedule = backupScheduleFromEnv();
  } catch (err) {
    return { enabled: false, problem: err instanceof Error ? err.message : String(err) };
  }
  if (!schedule) return { enabled: false, problem: null };
  return {
    enabled: true,
    dir: schedule.dir,
    every: formatDuration(schedule.everyMs),
    keep: schedule.keep,
    recipients: schedule.recipients,
    commandProgram: schedule.command?.[0] ?? null,
    commandTimeout: formatDuration(schedule.commandTimeoutMs),
    running: sharedBackupState() !== null,
    standby: backupStandby(),
    status: await currentBackupStatus(schedule.dir),
    files: await listBackupFiles(schedule.dir, 50),
  };
}

/** Start a scheduled-style backup now (it runs in the background). */
export function startBackupNow({ actor }: { actor: Actor }): { started: true } {
  authorize(actor, "backups.manage");
  const scheduler = sharedBackupState();
  if (backupStandby()) {
    throw new AppError("conflict", "Scheduled backups run on another instance (the one holding the backup lease): start it there, or run npm run backup from a shell");
  }
  if (!scheduler?.runNow) {
    throw new AppError("conflict", "Scheduled backups are off on this server: set DEBRIEF_BACKUP_DIR and DEBRIEF_BACKUP_RECIPIENT (or run npm run backup from a shell)");
  }
  if (!scheduler.runNow().started) throw new AppError("conflict", "A backup is already running");
  return { started: true };
}
