// npm run restore: a backup file into the database at DATABASE_URL, SQLite
// or PostgreSQL, whichever store the backup was taken from. Restoring a
// SQLite backup into PostgreSQL is how an instance moves to PostgreSQL.
import { migrate } from "../../scripts/db.mjs";
import { providerOf, sqliteFile } from "../db/url";
import { readIdentityFile } from "./age";
import { checkSchemaKnown, knownMigrations } from "./migrations";
import { describePostgresTarget, openPostgresTarget } from "./pg-target";
import { openBackup } from "./reader";
import { openSqliteTarget } from "./sqlite-target";
import type { RestoreTarget } from "./store";

export type RestoreSummary = {
  file: string;
  database: string;
  encrypted: boolean;
  createdAt: string;
  schemaVersion: string;
  rows: Record<string, number>;
  /** The database --force replaced, kept under this name (SQLite). */
  replaced: string | null;
  /** Things the operator should know about the restored data. */
  warnings: string[];
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
  const identities = identityFile ? await readIdentityFile(identityFile) : null;
  const backup = await openBackup(file, { identities, identityFile: identityFile ?? undefined });
  try {
    // The backup names the migrations of the store it came from.
    checkSchemaKnown(backup.header.schema, knownMigrations(backup.header.source.provider), file);
    const onPostgres = providerOf(databaseUrl) === "postgresql";
    const database = onPostgres ? describePostgresTarget(databaseUrl) : sqliteFile(databaseUrl);
    const target: RestoreTarget = onPostgres
      ? await openPostgresTarget({ url: databaseUrl, force, migrate })
      : await openSqliteTarget({ dbFile: database, force, migrate });
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
      replaced: target.replacedBy?.() ?? null,
      warnings: target.warnings?.() ?? [],
    };
  } finally {
    backup.close();
  }
}
