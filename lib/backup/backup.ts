// npm run backup and the scheduled backups: a snapshot of the database at
// DATABASE_URL, written to one file.
import { providerOf, sqliteFile } from "../db/url";
import { openPostgresSnapshot } from "./pg-source";
import { openSqliteSnapshot } from "./sqlite-source";
import { writeBackup, type BackupSummary } from "./writer";

export type { BackupSummary };

/**
 * Back up the database at `databaseUrl` into `out`, encrypted to
 * `recipients` (null: in the clear, only when the operator asked for it).
 * SQLite: a VACUUM INTO copy; PostgreSQL: one REPEATABLE READ transaction.
 * Both write the same portable format, which restores into either.
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
  const source = providerOf(databaseUrl) === "postgresql" ? await openPostgresSnapshot(databaseUrl) : await openSqliteSnapshot(sqliteFile(databaseUrl));
  try {
    return await writeBackup({ source, out, recipients });
  } finally {
    await source.close();
  }
}
