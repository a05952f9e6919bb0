// What GET /api/health says about backups. Health stays `ok` (the app
// serves), but a monitor should hear when backups have stopped: the
// response then carries `warnings`, one line each, and a `backup` object.
// Details (paths, error text) stay in Settings, for admins only.
import { backupScheduleFromEnv, formatDuration } from "./config";
import { backupStandby, currentBackupStatus } from "./status";

export type BackupHealth = {
  backup?: {
    every: string;
    lastSuccessAt: string | null;
    lastAttemptOk: boolean | null;
    nextAt: string | null;
    stale: boolean;
    /** Another instance on the same PostgreSQL database runs the backups; its health reports them. */
    standby?: true;
  };
  warnings: string[];
};

export async function backupHealth(now = new Date()): Promise<BackupHealth> {
  try {
    return await backupHealthAt(now);
  } catch (err) {
    console.error("[debrief] backup health:", err);
    return { warnings: ["backup_status: the backup status could not be read"] };
  }
}

async function backupHealthAt(now: Date): Promise<BackupHealth> {
  let schedule;
  try {
    schedule = backupScheduleFromEnv();
  } catch {
    return { warnings: ["backup_config: the DEBRIEF_BACKUP_* settings are invalid; scheduled backups are not running"] };
  }
  if (!schedule) return { warnings: [] };
  const every = formatDuration(schedule.everyMs);
  if (backupStandby()) return { backup: { every, lastSuccessAt: null, lastAttemptOk: null, nextAt: null, stale: false, standby: true }, warnings: [] };
  const status = await currentBackupStatus(schedule.dir);
  const lastSuccessAt = status?.lastSuccess?.finishedAt ?? null;
  // Without any success, count from when backups were turned on.
  const since = lastSuccessAt ?? status?.enabledSince ?? null;
  const stale = since === null || now.getTime() - Date.parse(since) > 2 * schedule.everyMs;
  const warnings: string[] = [];
  if (stale) {
    warnings.push(
      lastSuccessAt
        ? `backup_stale: the last successful backup finished at ${lastSuccessAt}, more than twice DEBRIEF_BACKUP_EVERY (${every}) ago`
        : since
          ? `backup_stale: no backup has succeeded since backups were turned on at ${since} (DEBRIEF_BACKUP_EVERY is ${every})`
          : "backup_stale: scheduled backups are configured but this server is not running them",
    );
  }
  if (status?.last && !status.last.ok) warnings.push("backup_failed: the last scheduled backup failed (see Settings → Backups)");
  if (status?.last?.ok && status.last.command && !status.last.command.ok) {
    warnings.push("backup_command_failed: DEBRIEF_BACKUP_COMMAND failed after the last backup (see Settings → Backups)");
  }
  return {
    backup: { every, lastSuccessAt, lastAttemptOk: status?.last?.ok ?? null, nextAt: status?.nextAt ?? null, stale },
    warnings,
  };
}
