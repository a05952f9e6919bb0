// Every backed-up row of a database, SQLite or PostgreSQL, in one neutral
// shape (objects by column name, instants as ISO strings, booleans as
// booleans, 64-bit integers as strings), ordered by primary key: two
// databases hold the same data exactly when their dumps are equal. Read
// straight from each store, independently of lib/backup.
import Database from "better-sqlite3";
import pg from "pg";
import { sqliteFile } from "@/lib/db/url";
import { providerOfTestUrl } from "./temp-db";
import { SEARCH_TABLES } from "../../scripts/search-tables.mjs";

/**
 * Tables a backup leaves out (lib/backup/excluded.ts gives the reasons), and
 * the search index, which each store builds its own way from the rows
 * (test/unit/search-* check it after a restore).
 */
export const NOT_BACKED_UP = new Set(["session", "verification", "_prisma_migrations", "rateLimit", "live_stream", ...SEARCH_TABLES]);

export type Dump = Record<string, Record<string, unknown>[]>;

function isoFromSqlite(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const utc = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:Z|\+00:00)?$/.exec(value);
  return utc ? new Date(`${utc[1]}T${utc[2]}Z`).toISOString() : value;
}

function dumpSqlite(file: string): Dump {
  const db = new Database(file, { fileMustExist: true });
  db.pragma("query_only = ON");
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    const out: Dump = {};
    for (const table of tables.filter((t) => !NOT_BACKED_UP.has(t))) {
      const info = db.prepare(`SELECT name, type, pk FROM pragma_table_info(?)`).all(table) as { name: string; type: string; pk: number }[];
      const order = info.filter((c) => c.pk > 0).sort((x, y) => x.pk - y.pk).map((c) => `"${c.name}"`).join(", ") || "rowid";
      const statement = db.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`);
      statement.safeIntegers(true);
      out[table] = (statement.all() as Record<string, unknown>[]).map((row) =>
        Object.fromEntries(
          info.map(({ name, type }) => {
            const value = row[name];
            const upper = type.toUpperCase();
            if (value === null || value === undefined) return [name, null];
            if (upper.startsWith("DATETIME")) return [name, isoFromSqlite(value)];
            if (upper.startsWith("BOOLEAN")) return [name, value === 1n];
            if (upper.startsWith("BIGINT")) return [name, String(value)];
            if (typeof value === "bigint") return [name, Number(value)];
            return [name, value];
          }),
        ),
      );
    }
    return out;
  } finally {
    db.close();
  }
}

async function dumpPostgres(url: string): Promise<Dump> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET TIME ZONE 'UTC'");
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname COLLATE "C"`,
    );
    const out: Dump = {};
    for (const { name: table } of tables.filter((t) => !NOT_BACKED_UP.has(t.name))) {
      const { rows: pk } = await client.query<{ name: string }>(
        `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
        [`"${table}"`],
      );
      const { rows: columns } = await client.query<{ name: string; udt: string }>(
        `SELECT column_name AS name, udt_name AS udt FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      // Text keys in byte order (as SQLite sorts them); numbers have no collation.
      const textual = new Set(columns.filter((c) => ["text", "varchar", "bpchar"].includes(c.udt)).map((c) => c.name));
      const order = pk.map((c) => (textual.has(c.name) ? `"${c.name}" COLLATE "C"` : `"${c.name}"`)).join(", ");
      const { rows } = await client.query<Record<string, unknown>>(`SELECT * FROM "${table}" ORDER BY ${order}`);
      out[table] = rows.map((row) =>
        Object.fromEntries(
          // SQLite's column order: sorted by name on both sides.
          columns.map(({ name, udt }) => {
            const value = row[name];
            if (value === null || value === undefined) return [name, null];
            // node-postgres reads timestamp without time zone as local time: take the wall time as UTC.
            if (udt === "timestamp" && value instanceof Date) {
              return [name, new Date(Date.UTC(value.getFullYear(), value.getMonth(), value.getDate(), value.getHours(), value.getMinutes(), value.getSeconds(), value.getMilliseconds())).toISOString()];
            }
            return [name, value];
          }),
        ),
      );
    }
    return out;
  } finally {
    await client.end();
  }
}

/** The dump of the database at `url`, with the columns of each row in name order (stores order them differently). */
export async function dumpDatabase(url: string): Promise<Dump> {
  const dump = providerOfTestUrl(url) === "sqlite" ? dumpSqlite(sqliteFile(url)) : await dumpPostgres(url);
  for (const table of Object.keys(dump)) {
    dump[table] = (dump[table] ?? []).map((row) => Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  }
  return dump;
}
