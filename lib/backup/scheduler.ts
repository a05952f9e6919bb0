// Scheduled backups while the server runs (server.ts starts this): every
// DEBRIEF_BACKUP_EVERY one encrypted backup into DEBRIEF_BACKUP_DIR, written
// atomically by a worker thread; then the oldest beyond DEBRIEF_BACKUP_KEEP
// are removed and DEBRIEF_BACKUP_COMMAND (if any) runs with the new file.
// Runs never overlap; a failure is recorded and the schedule goes on.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { holdLease } from "../db/lease";
import { databaseUrl as configuredDatabaseUrl } from "../db/url";
import { parseRecipients } from "./age";
import { tempNameFor } from "./atomic-file";
import { runBackupCommand } from "./command";
import { backupScheduleFromEnv, formatDuration, type BackupSchedule } from "./config";
import { oneLine } from "./errors";
import { pruneBackups, removeStaleTemporaries } from "./files";
import { backupInWorker } from "./run-in-worker";
import {
  backupFileName,
  readStatusFile,
  setBackupStandby,
  setSharedBackupState,
  STATUS_FILE,
  type BackupAttempt,
  type BackupStatus,
} from "./status";

/** The first run after a start waits this long (or one interval, if shorter), so start-up is not slowed. */
const START_DELAY_MS = 10_000;
const RETRY_AFTER_FAILURE_MS = 10 * 60_000;

export type BackupScheduler = {
  /** Start a backup now unless one is running. */
  runNow(): { started: boolean };
  /** The run in progress, if any (for tests and shutdown). */
  current(): Promise<BackupAttempt> | null;
  stop(): Promise<void>;
};

type Log = Pick<Console, "log" | "error">;

export async function startBackupScheduler({
  schedule,
  databaseUrl,
  log = console,
  now = () => new Date(),
}: {
  schedule: BackupSchedule;
  databaseUrl: string;
  log?: Log;
  now?: () => Date;
}): Promise<BackupScheduler> {
  parseRecipients(schedule.recipients);
  await mkdir(schedule.dir, { recursive: true, mode: 0o700 }).catch((err: unknown) => {
    // Not fatal: the server still serves; every run records the failure and health warns.
    log.error(`[debrief] backups: cannot create ${schedule.dir}: ${oneLine(err)}`);
  });
  await removeStaleTemporaries(schedule.dir);

  const previous = await readStatusFile(schedule.dir);
  const started = now();
  const status: BackupStatus = {
    enabledSince: previous?.enabledSince ?? started.toISOString(),
    nextAt: null,
    running: null,
    last: previous?.last ?? null,
    lastSuccess: previous?.lastSuccess ?? null,
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<BackupAttempt> | null = null;
  let stopped = false;
  let persistWarned = false;

  // Writes run one after another, each with the status as it is when it
  // runs, so the newest state is always the one left on disk.
  let persisting: Promise<void> = Promise.resolve();
  function persist(): Promise<void> {
    persisting = persisting.then(writeStatus);
    return persisting;
  }

  async function writeStatus(): Promise<void> {
    const file = path.join(schedule.dir, STATUS_FILE);
    const temp = tempNameFor(file);
    try {
      await writeFile(temp, `${JSON.stringify(status, null, 2)}\n`, { mode: 0o600 });
      await rename(temp, file);
      persistWarned = false;
    } catch (err) {
      if (!persistWarned) log.error(`[debrief] backups: cannot write ${file}: ${oneLine(err)}`);
      persistWarned = true;
    }
  }

  function scheduleAt(at: number): void {
    if (stopped) return;
    clearTimeout(timer);
    status.nextAt = new Date(at).toISOString();
    timer = setTimeout(() => void runOnce(), Math.max(0, at - now().getTime()));
    timer.unref();
  }

  async function attempt(startedAt: Date): Promise<BackupAttempt> {
    const file = path.join(schedule.dir, backupFileName(startedAt));
    const base = { startedAt: startedAt.toISOString(), pruned: 0, command: null };
    try {
      const summary = await backupInWorker({ databaseUrl, out: file, recipients: schedule.recipients });
      const pruned = await pruneBackups(schedule.dir, schedule.keep).catch((err: unknown) => {
        log.error(`[debrief] backups: could not remove old backups: ${oneLine(err)}`);
        return 0;
      });
      const command = schedule.command ? await runBackupCommand(schedule.command, file, schedule.commandTimeoutMs) : null;
      if (command && !command.ok) {
        const why = command.timedOut ? "timed out" : command.error ? `could not start (${command.error})` : `exited with ${command.exitCode ?? command.signal}`;
        log.error(`[debrief] backups: DEBRIEF_BACKUP_COMMAND ${why}: ${command.output.slice(-300).trim()}`);
      }
      const finished = now();
      return {
        ...base,
        finishedAt: finished.toISOString(),
        ok: true,
        file: path.basename(file),
        bytes: summary.bytes,
        rows: Object.values(summary.rows).reduce((a, b) => a + b, 0),
        durationMs: finished.getTime() - startedAt.getTime(),
        error: null,
        pruned,
        command,
      };
    } catch (err) {
      const finished = now();
      log.error(`[debrief] backups: backup failed: ${oneLine(err)}`);
      return {
        ...base,
        finishedAt: finished.toISOString(),
        ok: false,
        file: null,
        bytes: null,
        rows: null,
        durationMs: finished.getTime() - startedAt.getTime(),
        error: oneLine(err).slice(0, 2000),
      };
    }
  }

  function runOnce(): Promise<BackupAttempt> {
    if (running) return running;
    const startedAt = now();
    clearTimeout(timer);
    status.running = { startedAt: startedAt.toISOString() };
    status.nextAt = null;
    running = (async () => {
      await persist();
      const result = await attempt(startedAt);
      status.last = result;
      if (result.ok) status.lastSuccess = result;
      status.running = null;
      // Free at once: a client that sees `running: null` may start the next run.
      running = null;
      // Anchored on the start, so the interval holds however long a run
      // takes; after a failure, try again sooner (a full disk, an unmounted
      // folder) without hammering.
      const delay = result.ok ? schedule.everyMs : Math.min(schedule.everyMs, RETRY_AFTER_FAILURE_MS);
      scheduleAt(Math.max(startedAt.getTime() + delay, now().getTime() + 1000));
      await persist();
      return result;
    })();
    return running;
  }

  const due = status.lastSuccess ? Date.parse(status.lastSuccess.startedAt) + schedule.everyMs : 0;
  scheduleAt(Math.max(due, started.getTime() + Math.min(START_DELAY_MS, schedule.everyMs)));
  await persist();
  setSharedBackupState({
    status,
    everyMs: schedule.everyMs,
    runNow: () => (running ? { started: false } : (void runOnce(), { started: true })),
  });
  log.log(`[debrief] backups: every ${formatDuration(schedule.everyMs)} into ${schedule.dir} (keeping ${schedule.keep}); next at ${status.nextAt}`);

  return {
    runNow: () => (running ? { started: false } : (void runOnce(), { started: true })),
    current: () => running,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      setSharedBackupState(null);
    },
  };
}

/**
 * server.ts: start scheduled backups when DEBRIEF_BACKUP_DIR is set; throws
 * on bad settings. Several instances on one PostgreSQL database back it up
 * once: only the instance holding the backup lease runs the schedule
 * (lib/db/lease.ts); the others stand by and take over if it goes away.
 */
export async function startBackupsFromEnv(log: Log = console): Promise<{ stop(): Promise<void> } | null> {
  const schedule = backupScheduleFromEnv();
  if (!schedule) return null;
  // Bad settings stop the start here, on every instance, leader or not.
  parseRecipients(schedule.recipients);
  const databaseUrl = configuredDatabaseUrl();
  const current: { scheduler: Promise<BackupScheduler | null> | null } = { scheduler: null };
  setBackupStandby(true);
  const lease = holdLease("backups", {
    onAcquired() {
      setBackupStandby(false);
      current.scheduler = startBackupScheduler({ schedule, databaseUrl, log }).catch((err: unknown) => {
        log.error(`[debrief] backups: could not start the schedule: ${oneLine(err)}`);
        return null;
      });
    },
    async onLost() {
      const running = current.scheduler;
      current.scheduler = null;
      await (await running)?.stop();
      setBackupStandby(true);
    },
  });
  // One instance (SQLite) holds the lease at once: start as before, before serving.
  if (current.scheduler) await current.scheduler;
  else log.log(`[debrief] backups: every ${formatDuration(schedule.everyMs)}, run by whichever instance holds the backup lease; standing by`);
  return {
    async stop() {
      await lease.stop();
      setBackupStandby(false);
    },
  };
}
