// Writes straight into a test database, SQLite or PostgreSQL, past every
// service: to make data an older version of Debrief could have stored.
import Database from "better-sqlite3";
import pg from "pg";
import { sqliteFile } from "@/lib/db/url";
import { providerOfTestUrl } from "./temp-db";

type Value = string | number | null;

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** UPDATE `table` SET the columns of `set` WHERE the columns of `where` match; returns the rows changed. */
export async function rawUpdate(url: string, table: string, set: Record<string, Value>, where: Record<string, Value>): Promise<number> {
  const sets = Object.keys(set);
  const wheres = Object.keys(where);
  const values = [...sets.map((k) => set[k] ?? null), ...wheres.map((k) => where[k] ?? null)];
  if (providerOfTestUrl(url) === "sqlite") {
    const db = new Database(sqliteFile(url), { timeout: 5000 });
    try {
      const sql = `UPDATE ${ident(table)} SET ${sets.map((k) => `${ident(k)} = ?`).join(", ")} WHERE ${wheres.map((k) => `${ident(k)} = ?`).join(" AND ")}`;
      return db.prepare(sql).run(...values).changes;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let n = 0;
    const sql = `UPDATE ${ident(table)} SET ${sets.map((k) => `${ident(k)} = $${++n}`).join(", ")} WHERE ${wheres.map((k) => `${ident(k)} = $${++n}`).join(" AND ")}`;
    return (await client.query(sql, values)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}
