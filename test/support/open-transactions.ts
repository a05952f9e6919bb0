import Database from "better-sqlite3";
import pg from "pg";
import { sqliteFile } from "@/lib/db/url";
import { providerOfTestUrl } from "./temp-db";

/**
 * Whether no write transaction is open on the test database right now (the
 * app holds none while it computes). SQLite: another connection can take
 * the write lock at once. PostgreSQL: no other connection to the database
 * is inside a transaction.
 */
export async function noTransactionOpen(url = process.env.DATABASE_URL ?? ""): Promise<boolean> {
  if (providerOfTestUrl(url) === "sqlite") {
    const raw = new Database(sqliteFile(url), { timeout: 0 });
    try {
      raw.exec("BEGIN IMMEDIATE");
      raw.exec("ROLLBACK");
      return true;
    } catch {
      return false;
    } finally {
      raw.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ open: string }>(
      "SELECT count(*) AS open FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL",
    );
    return rows[0]?.open === "0";
  } finally {
    await client.end();
  }
}
