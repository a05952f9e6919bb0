// A consistent snapshot of a live SQLite database. `VACUUM INTO` copies the
// database as of one read transaction into a private file next to it; it
// runs on its own connection, and in WAL mode a reader blocks no writer, so
// the server keeps committing while it runs. Every write committed before
// it starts is in the copy (committed pages still in the WAL included,
// which a plain file copy would miss). The copy is then read table by table
// at leisure and removed.
import { closeSync, existsSync, openSync, readdirSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { BackupError } from "./errors";
import type { ColumnSpec, PortableValue, TableSpec } from "./format";
import type { SnapshotSource } from "./store";
import { backupTables } from "./table-order";
import { quoteIdent, rowOut, sqliteColumns } from "./sqlite-types";

const SNAPSHOT_PREFIX = ".debrief-snapshot-";

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Remove snapshot copies left by a backup process that died mid-way. */
function removeStaleSnapshots(dir: string): void {
  for (const name of readdirSync(dir)) {
    const match = new RegExp(`^${SNAPSHOT_PREFIX.replaceAll(".", "\\.")}(\\d+)-[0-9a-f]+\\.db(-wal|-shm|-journal)?$`).exec(name);
    if (match && !pidAlive(Number(match[1]))) rmSync(path.join(dir, name), { force: true });
  }
}

type TableListRow = { name: string; type: string; wr: number };

/** Each table's foreign keys, child → parent. */
function references(db: Database.Database, names: string[]): Array<{ child: string; parent: string }> {
  return names.flatMap((child) =>
    (db.prepare(`SELECT "table" FROM pragma_foreign_key_list(?)`).all(child) as { table: string }[]).map((r) => ({ child, parent: r.table })),
  );
}

function appliedMigrations(db: Database.Database): string[] {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '_prisma_migrations'`).get();
  const names = hasTable
    ? (db
        .prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`)
        .pluck()
        .all() as string[])
    : [];
  if (names.length === 0) throw new BackupError("data", "the database has no applied migrations: it is not a Debrief database (or was never migrated)");
  return names;
}

/** Take a snapshot of the SQLite database in `dbFile` and open it for reading. */
export async function openSqliteSnapshot(dbFile: string): Promise<SnapshotSource> {
  if (!existsSync(dbFile)) throw new BackupError("not_found", `no database at ${dbFile}`);
  const dir = path.dirname(dbFile);
  removeStaleSnapshots(dir);
  const snapshotFile = path.join(dir, `${SNAPSHOT_PREFIX}${process.pid}-${randomBytes(6).toString("hex")}.db`);
  // Created empty first so that the plaintext copy is private (0600) from
  // its first byte; VACUUM INTO accepts an empty file.
  closeSync(openSync(snapshotFile, "wx", 0o600));
  const removeSnapshot = () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(snapshotFile + suffix, { force: true });
  };

  let snapshot: Database.Database | undefined;
  try {
    // Not read-only: a read-only connection cannot remove the -wal and -shm
    // files when it is the last one to close. VACUUM INTO only reads it.
    const live = new Database(dbFile, { fileMustExist: true, timeout: 10_000 });
    try {
      live.prepare("VACUUM INTO ?").run(snapshotFile);
    } finally {
      live.close();
    }
    const db = new Database(snapshotFile, { readonly: true, fileMustExist: true });
    snapshot = db;
    const migrations = appliedMigrations(db);
    const listed = db.prepare(`SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main'`).all() as TableListRow[];
    const candidates = listed.filter((t) => t.type === "table" && !t.name.startsWith("sqlite_"));
    const withoutRowid = new Set(candidates.filter((t) => t.wr === 1).map((t) => t.name));
    const candidateNames = candidates.map((t) => t.name);
    const { tables: names, excluded } = backupTables(candidateNames, references(db, candidateNames));
    const tables: TableSpec[] = names.map((name) => ({
      name,
      columns: sqliteColumns(db, name),
      rows: Number(db.prepare(`SELECT COUNT(*) FROM ${quoteIdent(name)}`).pluck().get()),
    }));

    return {
      provider: "sqlite",
      migrations,
      tables,
      excluded,
      rows: (table) => readRows(db, table, withoutRowid.has(table.name)),
      async close() {
        db.close();
        removeSnapshot();
      },
    };
  } catch (err) {
    snapshot?.close();
    removeSnapshot();
    throw err;
  }
}

function* readRows(db: Database.Database, table: TableSpec, withoutRowid: boolean): Generator<PortableValue[]> {
  const columns: ColumnSpec[] = table.columns;
  const list = columns.map((c) => quoteIdent(c.name)).join(", ");
  // Stored order keeps timeline entries with equal times in the order the
  // app shows them (its index breaks ties by rowid).
  const order = withoutRowid ? primaryKeyOrder(db, table.name) : "rowid";
  const statement = db.prepare(`SELECT ${list} FROM ${quoteIdent(table.name)} ORDER BY ${order}`).raw(true);
  if (columns.some((c) => c.type === "bigint")) statement.safeIntegers(true);
  for (const raw of statement.iterate() as IterableIterator<unknown[]>) yield rowOut(table.name, columns, raw);
}

function primaryKeyOrder(db: Database.Database, table: string): string {
  const pk = db.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).pluck().all(table) as string[];
  return pk.map(quoteIdent).join(", ") || "1";
}
