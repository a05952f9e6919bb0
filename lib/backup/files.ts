// The backup folder: our files, newest first; rotation; leftovers of an
// interrupted run.
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { TEMP_SUFFIX } from "./atomic-file";
import { BACKUP_FILE } from "./status";

export type BackupFileInfo = { name: string; bytes: number; modifiedAt: string };

async function backupNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  // Names carry the time, so name order is time order.
  return entries
    .filter((e) => e.isFile() && BACKUP_FILE.test(e.name))
    .map((e) => e.name)
    .sort()
    .reverse();
}

/** Up to `limit` backups in `dir`, newest first; [] when the folder is missing. */
export async function listBackupFiles(dir: string, limit = 50): Promise<BackupFileInfo[]> {
  let names: string[];
  try {
    names = await backupNames(dir);
  } catch {
    return [];
  }
  const out: BackupFileInfo[] = [];
  for (const name of names.slice(0, limit)) {
    try {
      const info = await stat(path.join(dir, name));
      out.push({ name, bytes: info.size, modifiedAt: info.mtime.toISOString() });
    } catch {
      /* removed meanwhile */
    }
  }
  return out;
}

/** Delete all but the newest `keep` backups (only files named like ours). Returns how many went. */
export async function pruneBackups(dir: string, keep: number): Promise<number> {
  const old = (await backupNames(dir)).slice(keep);
  for (const name of old) await rm(path.join(dir, name), { force: true });
  return old.length;
}

/** Temporary files of a backup that was cut off (the server stopped mid-way). */
export async function removeStaleTemporaries(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const name of entries) {
    if (name.startsWith(".debrief-backup-") && name.endsWith(TEMP_SUFFIX)) await rm(path.join(dir, name), { force: true });
  }
}
