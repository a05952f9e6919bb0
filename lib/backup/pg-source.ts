// A consistent snapshot of a live PostgreSQL database: one REPEATABLE READ,
// READ ONLY transaction sees the database as of its first query, whatever
// the instances commit meanwhile (and holds no lock that would stop them).
// Row counts and rows are read in that one snapshot, each table through a
// server-side cursor in primary-key order, a page at a time, so memory stays
// flat whatever the database holds.
import pg from "pg";
import { describeStorageProblem, storageProblem } from "../db/storage-errors.mjs";
import { BackupError, oneLine } from "./errors";
import type { PortableValue, TableSpec } from "./format";
import { pgColumns, quoteIdent, RAW_TEXT_TYPES, rowOut } from "./pg-types";
import type { SnapshotSource } from "./store";
import { backupTables } from "./table-order";

/** Rows fetched from the cursor at a time. */
const PAGE_ROWS = 2_000;

async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  const { rows: found } = await client.query<{ present: string | null }>(`SELECT to_regclass(quote_ident(current_schema()) || '._prisma_migrations')::text AS present`);
  const names = found[0]?.present
    ? (await client.query<{ name: string }>(`SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`)).rows.map((r) => r.name)
    : [];
  if (names.length === 0) throw new BackupError("data", "the database has no applied migrations: it is not a Debrief database (or was never migrated)");
  return names;
}

async function primaryKeyOrder(client: pg.ClientBase, table: string): Promise<string> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT a.attname AS name
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE c.relname = $1 AND i.indisprimary
      ORDER BY k.position`,
    [table],
  );
  // Every Debrief table has a primary key; without one, the order of all columns is stable enough.
  return rows.map((r) => quoteIdent(r.name)).join(", ") || "1";
}

/** Take a snapshot of the PostgreSQL database at `url` and open it for reading. */
export async function openPostgresSnapshot(url: string): Promise<SnapshotSource> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: "debrief-backup", types: RAW_TEXT_TYPES });
  // A dropped connection surfaces as the failed query; the event must have a handler.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (err) {
    const problem = storageProblem(err, "postgresql");
    throw new BackupError(problem ? "unavailable" : "data", `cannot back up: ${problem ? describeStorageProblem(problem) : oneLine(err)}`);
  }
  let open = true;
  const close = async () => {
    if (!open) return;
    open = false;
    await client.query("ROLLBACK").catch(() => {});
    await client.end().catch(() => {});
  };
  try {
    // Dates in UTC, bytes in hex: what pg-types expects, whatever the server's defaults.
    await client.query("SET TIME ZONE 'UTC'; SET bytea_output = 'hex'; SET statement_timeout = 0");
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const migrations = await appliedMigrations(client);
    const { rows: listed } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
    );
    const { rows: references } = await client.query<{ child: string; parent: string }>(
      `SELECT child.relname AS child, parent.relname AS parent
         FROM pg_constraint k
         JOIN pg_class child ON child.oid = k.conrelid
         JOIN pg_class parent ON parent.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = child.relnamespace AND n.nspname = current_schema()
        WHERE k.contype = 'f'`,
    );
    const { tables: names, excluded } = backupTables(
      listed.map((t) => t.name),
      references,
    );
    const tables: TableSpec[] = [];
    for (const name of names) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(name)}`);
      // The portable columns only: the store's own type names stay out of the file.
      const columns = (await pgColumns(client, name)).map(({ name: column, type, nullable }) => ({ name: column, type, nullable }));
      tables.push({ name, columns, rows: Number(rows[0]?.n ?? 0) });
    }

    let cursors = 0;
    async function* readRows(table: TableSpec): AsyncGenerator<PortableValue[]> {
      const cursor = `debrief_backup_${++cursors}`;
      const list = table.columns.map((c) => quoteIdent(c.name)).join(", ");
      const order = await primaryKeyOrder(client, table.name);
      await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${list} FROM ${quoteIdent(table.name)} ORDER BY ${order}`);
      try {
        for (;;) {
          const page = await client.query<string[]>({ text: `FETCH ${PAGE_ROWS} FROM ${cursor}`, rowMode: "array" });
          for (const raw of page.rows) yield rowOut(table.name, table.columns, raw);
          if (page.rows.length < PAGE_ROWS) break;
        }
      } finally {
        if (open) await client.query(`CLOSE ${cursor}`).catch(() => {});
      }
    }

    return {
      provider: "postgresql",
      migrations,
      tables,
      excluded,
      rows: (table) => readRows(table),
      close,
    };
  } catch (err) {
    await close();
    if (err instanceof BackupError) throw err;
    const problem = storageProblem(err, "postgresql");
    throw new BackupError(problem ? "unavailable" : "data", `cannot back up: ${problem ? describeStorageProblem(problem) : oneLine(err)}`);
  }
}
