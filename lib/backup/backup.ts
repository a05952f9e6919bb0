// npm run backup and the scheduled backups: a snapshot of the database at
// DATABASE_URL, written to one file.
import { providerOf, sqliteFile } from "../db/url";
import { BackupError } from "./errors";
import { openSqliteSnapshot } from "./sqlite-source";
import { writeBackup, type BackupSummary } from "./writer";

export type { BackupSummary };

/**
 * Back up the database at `databaseUrl` into `out`, encrypted to
 * `recipients` (null: in the clear, only when the operator asked for it).
 */
export async function backupDatabase({
  databaseUrl,
  out,
  recipients,
}: {
  databaseUrl: string;
  out: string;
  recipients: string[] | null;
}): Promise<BackupSummary> {
  if (providerOf(databaseUrl) !== "sqlite") {
    throw new BackupError("config", "backing up PostgreSQL is not available in this build yet (the backup format is ready for it)");
  }
  const source = await openSqliteSnapshot(sqliteFile(databaseUrl));
  try {
    return await writeBackup({ source, out, recipients });
  } finally {
    await source.close();
  }
}
