// Restore into SQLite: the rows go into a private temporary file next to the
// target, migrated first by the app's own migrator; only when the whole
// backup has been read and verified (and foreign keys check out) is that
// file renamed over the target. A failure at any point deletes the
// temporary file and leaves the target exactly as it was.
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { SEARCH_TABLES } from "../../scripts/search-tables.mjs";
import { fsyncDir } from "./atomic-file";
import { neverRestored } from "./excluded";
import { BackupError, oneLine, targetNotEmpty } from "./errors";
import { invalidValue, type ColumnSpec, type PortableValue } from "./format";
import { quoteIdent, sqliteColumns, valueIn, type SqliteValue } from "./sqlite-types";
import type { OpenTargetOptions, RestoreTarget } from "./store";

const SIDE_FILES = ["-wal", "-shm", "-journal"];

function removeDatabaseFiles(file: string): void {
  for (const suffix of ["", ...SIDE_FILES]) rmSync(file + suffix, { force: true });
}

/** Tables of `file` that hold rows (the migration history and the search index aside), with their counts. */
export function tablesWithData(file: string): Record<string, number> {
  if (!existsSync(file)) return {};
  // Read-write only so that closing the last connection removes the -wal
  // and -shm files a read-only one would leave behind; nothing is written.
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 10_000 });
    db.prepare("SELECT count(*) FROM sqlite_schema").get();
  } catch (err) {
    throw new BackupError("data", `cannot open the target database ${file}: ${oneLine(err)}; nothing was restored`);
  }
  try {
    const names = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`)
      .pluck()
      .all() as string[];
    const found: Record<string, number> = {};
    // FTS5 keeps bookkeeping rows even when empty; the index is derived from the other tables anyway.
    for (const name of names.filter((n) => !SEARCH_TABLES.includes(n))) {
      const n = Number(db.prepare(`SELECT COUNT(*) FROM ${quoteIdent(name)}`).pluck().get());
      if (n > 0) found[name] = n;
    }
    return found;
  } finally {
    db.close();
  }
}

/**
 * Fold the target's WAL into it and leave rollback-journal mode, so that no
 * -wal file of the old database can be replayed into the new one. SQLite
 * only allows leaving WAL mode when no other connection has the file open,
 * which is also how a running server is detected.
 */
function quiesce(file: string): void {
  const db = new Database(file, { fileMustExist: true, timeout: 2_000 });
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
    const mode = db.pragma("journal_mode = DELETE", { simple: true });
    if (mode !== "delete") throw new Error(`journal mode stayed ${String(mode)}`);
  } catch (err) {
    throw new BackupError("target_in_use", `${file} is in use (${oneLine(err)}): stop the Debrief server before restoring; nothing was restored`);
  } finally {
    db.close();
  }
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

export type SqliteRestoreTarget = RestoreTarget & { replacedBy(): string | null };

/**
 * Prepare a restore into the SQLite file `dbFile`. Refuses a target that
 * holds data unless `force` (which keeps the old file beside it).
 * `migrate` is the app's migrator (scripts/db.mjs), run on the temporary file.
 */
export async function openSqliteTarget({ dbFile, force, migrate }: OpenTargetOptions & { dbFile: string }): Promise<SqliteRestoreTarget> {
  const existing = tablesWithData(dbFile);
  const hasData = Object.keys(existing).length > 0;
  if (hasData && !force) {
    throw targetNotEmpty(dbFile, existing, "replace it (the current file is kept beside it)");
  }

  const dir = path.dirname(dbFile);
  mkdirSync(dir, { recursive: true });
  const tempPrefix = `.${path.basename(dbFile)}.restore-`;
  // Left by a restore that was killed: never visible to the app, safe to drop.
  for (const name of readdirSync(dir)) if (name.startsWith(tempPrefix)) rmSync(path.join(dir, name), { force: true });
  const temp = path.join(dir, `${tempPrefix}${randomBytes(6).toString("hex")}.tmp`);
  closeSync(openSync(temp, "wx", 0o600));
  let db: Database.Database | undefined;
  let replaced: string | null = null;
  const abort = async () => {
    db?.close();
    db = undefined;
    removeDatabaseFiles(temp);
  };

  try {
    await migrate(`file:${temp}`);
    db = new Database(temp, { fileMustExist: true });
    // A private file nobody reads until it is complete: no journal, no
    // syncs while loading; one fsync before it is published.
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.pragma("foreign_keys = OFF");
    db.exec("BEGIN");
  } catch (err) {
    await abort();
    throw err;
  }
  const migrations = db.prepare(`SELECT migration_name FROM _prisma_migrations ORDER BY migration_name`).pluck().all() as string[];

  let insertRow: ((row: PortableValue[]) => void) | undefined;
  const connection = () => {
    if (!db) throw new Error("the restore target is closed");
    return db;
  };

  return {
    provider: "sqlite",
    migrations,
    async startTable(table, backupColumns) {
      const conn = connection();
      // The migration history is this build's own; SQLite's tables are SQLite's.
      if (neverRestored(table)) {
        throw new BackupError("data", `the backup holds table ${table}, which a backup never restores; nothing was restored`);
      }
      const targetColumns = new Map(sqliteColumns(conn, table).map((c) => [c.name, c]));
      if (targetColumns.size === 0) throw new BackupError("data", `the backup holds table ${table}, which this version of Debrief does not have`);
      for (const c of backupColumns) {
        const target = targetColumns.get(c.name);
        if (!target) throw new BackupError("data", `the backup holds column ${table}.${c.name}, which this version of Debrief does not have`);
        if (target.type !== c.type) throw new BackupError("data", `${table}.${c.name} is a ${c.type} in the backup but a ${target.type} here`);
      }
      const list = backupColumns.map((c) => quoteIdent(c.name)).join(", ");
      const statement = conn.prepare(`INSERT INTO ${quoteIdent(table)} (${list}) VALUES (${backupColumns.map(() => "?").join(", ")})`);
      const columns: ColumnSpec[] = backupColumns;
      const values = new Array<SqliteValue>(columns.length);
      insertRow = (row) => {
        for (let i = 0; i < columns.length; i++) {
          const column = columns[i] as ColumnSpec;
          const value = row[i] ?? null;
          // The reader checked every value already; this guards direct callers.
          const problem = invalidValue(value, column);
          if (problem) throw new BackupError("data", `${table}.${column.name} ${problem}`);
          values[i] = valueIn(value, column.type);
        }
        statement.run(values);
      };
    },
    insert(row) {
      if (!insertRow) throw new Error("insert() before startTable()");
      insertRow(row);
    },
    async commit() {
      const conn = connection();
      try {
        const broken = conn.prepare("SELECT * FROM pragma_foreign_key_check").all() as { table: string; parent: string }[];
        if (broken.length) {
          const first = broken[0];
          throw new BackupError("data", `the restored rows break ${broken.length} foreign key(s) (first: ${first?.table} → ${first?.parent}); nothing was restored`);
        }
        conn.exec("COMMIT");
        // The mode the app runs in (it is stored in the file).
        conn.pragma("journal_mode = WAL");
        conn.pragma("wal_checkpoint(TRUNCATE)");
        conn.close();
        db = undefined;
        const handle = openSync(temp, "r+");
        try {
          // fsync through a fresh descriptor: the data reaches the disk before the rename.
          fsyncSync(handle);
        } finally {
          closeSync(handle);
        }

        if (existsSync(dbFile)) {
          quiesce(dbFile);
          if (hasData) {
            // A hard link keeps the old database reachable with no moment
            // where the target name is missing.
            replaced = `${dbFile}.replaced-${stamp(new Date())}`;
            linkSync(dbFile, replaced);
          }
        }
        for (const suffix of SIDE_FILES) rmSync(dbFile + suffix, { force: true });
        renameSync(temp, dbFile);
        for (const suffix of SIDE_FILES) rmSync(temp + suffix, { force: true });
        await fsyncDir(dir);
      } catch (err) {
        await abort();
        throw err;
      }
    },
    abort,
    replacedBy: () => replaced,
  };
}
