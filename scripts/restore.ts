// npm run restore -- FILE [--identity KEYFILE] [--force]
// Restores a backup into the database at DATABASE_URL (migrated first),
// SQLite or PostgreSQL, from a backup of either: with a postgresql:// URL it
// is the move from SQLite to PostgreSQL. Refuses a database that holds data
// unless --force (SQLite: the old file is kept beside it; PostgreSQL: its
// contents are replaced in the same transaction), a backup from a newer
// schema, and any damaged file; on any error nothing is written. Stop the
// server(s) first.
import path from "node:path";
import { parseArgs } from "node:util";
import { runCli } from "./cli-args";
import { BackupError } from "../lib/backup/errors";
import { describeRows } from "../lib/backup/describe";
import { restoreBackup } from "../lib/backup/restore";
import { databaseUrl } from "../lib/db/url";

const USAGE = "usage: npm run restore -- FILE [--identity KEYFILE] [--force]";

runCli(async () => {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: { identity: { type: "string" }, force: { type: "boolean" } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new BackupError("usage", `${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw new BackupError("usage", USAGE);

  const summary = await restoreBackup({
    file: path.resolve(file),
    identityFile: parsed.values.identity ? path.resolve(parsed.values.identity) : null,
    databaseUrl: databaseUrl(),
    force: parsed.values.force ?? false,
  });
  console.log(`restored ${summary.file} (taken ${summary.createdAt}, schema ${summary.schemaVersion}) into ${summary.database}`);
  console.log(describeRows(summary.rows));
  if (summary.replaced) console.log(`the database it replaced was kept as ${summary.replaced}`);
  for (const warning of summary.warnings) console.log(`note: ${warning}`);
});
