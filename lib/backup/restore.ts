// npm run restore: a backup file into the database at DATABASE_URL.
import { migrate } from "../../scripts/db.mjs";
import { providerOf, sqliteFile } from "../db/url";
import { readIdentityFile } from "./age";
import { BackupError } from "./errors";
import { checkSchemaKnown, knownMigrations } from "./migrations";
import { openBackup } from "./reader";
import { openSqliteTarget } from "./sqlite-target";

export type RestoreSummary = {
  file: string;
  database: string;
  encrypted: boolean;
  createdAt: string;
  schemaVersion: string;
  rows: Record<string, number>;
  /** The database --force replaced, kept under this name. */
  replaced: string | null;
};

export async function restoreBackup({
  file,
  identityFile,
  databaseUrl,
  force = false,
}: {
  file: string;
  identityFile: string | null;
  databaseUrl: string;
  force?: boolean;
}): Promise<RestoreSummary> {
  if (providerOf(databaseUrl) !== "sqlite") {
    throw new BackupError("config", "restoring into PostgreSQL is not available in this build yet (the backup format is ready for it); use a file: DATABASE_URL");
  }
  const identities = identityFile ? await readIdentityFile(identityFile) : null;
  const backup = await openBackup(file, { identities, identityFile: identityFile ?? undefined });
  try {
    checkSchemaKnown(backup.header.schema, knownMigrations(), file);
    const database = sqliteFile(databaseUrl);
    const target = await openSqliteTarget({ dbFile: database, force, migrate });
    const rows: Record<string, number> = {};
    let table = "";
    try {
      for await (const item of backup.items) {
        if (item.kind === "table") {
          table = item.table;
          rows[table] = 0;
          await target.startTable(item.table, item.columns);
        } else {
          await target.insert(item.values);
          rows[table] = (rows[table] ?? 0) + 1;
        }
      }
      // The item stream ended normally: every check passed.
      await target.commit();
    } catch (err) {
      await target.abort();
      throw err;
    }
    return {
      file,
      database,
      encrypted: backup.encrypted,
      createdAt: backup.header.createdAt,
      schemaVersion: backup.header.schema.version,
      rows,
      replaced: target.replacedBy(),
    };
  } finally {
    backup.close();
  }
}
