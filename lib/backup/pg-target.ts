// Restore into PostgreSQL: the database is migrated by the app's own
// migrator, then every row goes in through one transaction, inserted in file
// order (parents first) in bound multi-row INSERTs; the transaction commits
// only after the whole backup has been read and verified. Until then no
// other connection sees a single restored row, and any failure rolls it all
// back: the database is left as it was (migrated, when it was empty).
import pg from "pg";
import { describeStorageProblem, storageProblem } from "../db/storage-errors.mjs";
import { describePostgresUrl } from "../../scripts/db-postgres.mjs";
import { BackupError, oneLine, targetNotEmpty } from "./errors";
import { neverRestored } from "./excluded";
import { invalidValue, type ColumnSpec, type PortableValue } from "./format";
import { pgColumns, quoteIdent, valueIn, withoutNul, type PgColumn, type PgValue } from "./pg-types";
import type { OpenTargetOptions, RestoreTarget } from "./store";

/** PostgreSQL binds at most 65,535 parameters a statement. */
const MAX_PARAMS = 60_000;
const MAX_BATCH_ROWS = 1_000;

export type PostgresRestoreTarget = RestoreTarget & { warnings(): string[] };

/** The server and database of a URL, without user or password, for messages. */
export function describePostgresTarget(url: string): string {
  return `postgresql://${describePostgresUrl(url)}`;
}

function unavailable(err: unknown, where: string): BackupError | null {
  const problem = storageProblem(err, "postgresql");
  return problem ? new BackupError("unavailable", `cannot restore into ${where}: ${describeStorageProblem(problem)}; nothing was restored`) : null;
}

async function tableNames(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations' ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
}

/** Tables that hold rows (the migration history aside), with their counts. */
async function tablesWithData(client: pg.ClientBase, names: string[]): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const name of names) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(name)}`);
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) found[name] = n;
  }
  return found;
}

/** Other Debrief connections to this database: a server, a backup, another restore. */
async function otherDebriefConnections(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT DISTINCT application_name AS name FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'debrief%' AND application_name NOT LIKE 'debrief-migrate%'`,
  );
  return rows.map((r) => r.name);
}

/**
 * Prepare a restore into the PostgreSQL database at `url`. Refuses a
 * database that holds data unless `force` (which empties it in the same
 * transaction, so a failure still leaves the old data), and one that a
 * Debrief server (or backup) is connected to. `migrate` is the app's
 * migrator (scripts/db.mjs).
 */
export async function openPostgresTarget({ url, force, migrate }: OpenTargetOptions & { url: string }): Promise<PostgresRestoreTarget> {
  const where = describePostgresTarget(url);
  try {
    await migrate(url);
  } catch (err) {
    throw unavailable(err, where) ?? new BackupError("data", `cannot migrate ${where}: ${oneLine(err)}; nothing was restored`);
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: "debrief-restore" });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (err) {
    throw unavailable(err, where) ?? err;
  }
  let open = true;
  const abort = async () => {
    if (!open) return;
    open = false;
    await client.query("ROLLBACK").catch(() => {});
    await client.end().catch(() => {});
  };

  let migrations: string[];
  try {
    const running = await otherDebriefConnections(client);
    if (running.length) {
      throw new BackupError(
        "target_in_use",
        `${where} is in use (connected: ${running.slice(0, 3).join(", ")}): stop every Debrief server before restoring; nothing was restored`,
      );
    }
    const names = await tableNames(client);
    const existing = await tablesWithData(client, names);
    const hasData = Object.keys(existing).length > 0;
    if (hasData && !force) {
      throw targetNotEmpty(where, existing, "replace its contents (take a backup of it first)");
    }
    migrations = (await client.query<{ name: string }>(`SELECT migration_name AS name FROM "_prisma_migrations" ORDER BY migration_name`)).rows.map((r) => r.name);
    await client.query("BEGIN");
    // Replaced inside the transaction: a failed restore keeps the old rows.
    if (hasData && names.length) await client.query(`TRUNCATE ${names.map(quoteIdent).join(", ")}`);
  } catch (err) {
    await abort();
    if (err instanceof BackupError) throw err;
    throw unavailable(err, where) ?? err;
  }

  let table = "";
  let columns: PgColumn[] = [];
  let pending: PortableValue[][] = [];
  let batchRows = MAX_BATCH_ROWS;
  let nulReplaced = 0;

  async function flush(): Promise<void> {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    const params: PgValue[] = [];
    const tuples = rows.map((row) => {
      const slots = columns.map((column, i) => {
        let value = row[i] ?? null;
        if (typeof value === "string") {
          const clean = withoutNul(value);
          nulReplaced += clean.replaced;
          value = clean.text;
        }
        params.push(valueIn(value, column));
        return `$${params.length}::${quoteIdent(column.udt)}`;
      });
      return `(${slots.join(", ")})`;
    });
    const list = columns.map((c) => quoteIdent(c.name)).join(", ");
    try {
      await client.query(`INSERT INTO ${quoteIdent(table)} (${list}) VALUES ${tuples.join(", ")}`, params);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === "23503") throw new BackupError("data", `the restored rows of ${table} break a foreign key (${oneLine(err)}); nothing was restored`);
      if (code === "23505") throw new BackupError("data", `the backup holds ${table} rows with the same key twice (${oneLine(err)}); nothing was restored`);
      throw unavailable(err, where) ?? new BackupError("data", `cannot restore ${table}: ${oneLine(err)}; nothing was restored`);
    }
  }

  return {
    provider: "postgresql",
    migrations,
    async startTable(name, backupColumns) {
      await flush();
      // The migration history is this build's own; catalogs are PostgreSQL's.
      if (neverRestored(name)) throw new BackupError("data", `the backup holds table ${name}, which a backup never restores; nothing was restored`);
      const targetColumns = new Map((await pgColumns(client, name)).map((c) => [c.name, c]));
      if (targetColumns.size === 0) throw new BackupError("data", `the backup holds table ${name}, which this version of Debrief does not have`);
      columns = backupColumns.map((c: ColumnSpec) => {
        const target = targetColumns.get(c.name);
        if (!target) throw new BackupError("data", `the backup holds column ${name}.${c.name}, which this version of Debrief does not have`);
        if (target.type !== c.type) throw new BackupError("data", `${name}.${c.name} is a ${c.type} in the backup but a ${target.type} here`);
        return { ...c, udt: target.udt };
      });
      table = name;
      batchRows = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMS / columns.length)));
    },
    async insert(row) {
      if (!table) throw new Error("insert() before startTable()");
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i] as PgColumn;
        // The reader checked every value already; this guards direct callers.
        const problem = invalidValue(row[i] ?? null, column);
        if (problem) throw new BackupError("data", `${table}.${column.name} ${problem}`);
      }
      pending.push(row);
      if (pending.length >= batchRows) await flush();
    },
    async commit() {
      try {
        await flush();
        await client.query("COMMIT");
        open = false;
        // Fresh statistics for the planner: the tables went from empty to full.
        await client.query("ANALYZE").catch(() => {});
        await client.end().catch(() => {});
      } catch (err) {
        await abort();
        if (err instanceof BackupError) throw err;
        throw unavailable(err, where) ?? err;
      }
    },
    abort,
    warnings: () =>
      nulReplaced > 0 ? [`${nulReplaced} NUL character(s) in text became U+FFFD: PostgreSQL text cannot hold NUL (U+0000)`] : [],
  };
}
