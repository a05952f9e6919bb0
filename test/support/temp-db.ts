import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "../../scripts/db.mjs";
import { createScratchDatabase } from "../../scripts/db-postgres.mjs";

export type TestDbProvider = "sqlite" | "postgresql";

/**
 * Which store the tests run on: SQLite unless DEBRIEF_TEST_DB=postgresql,
 * which needs DEBRIEF_TEST_PG_URL — a PostgreSQL server the tests may
 * CREATE DATABASE on (scripts/test.sh runs the suite once on each).
 */
export function testDbProvider(): TestDbProvider {
  const wanted = process.env.DEBRIEF_TEST_DB || "sqlite";
  if (wanted !== "sqlite" && wanted !== "postgresql") throw new Error(`DEBRIEF_TEST_DB must be sqlite or postgresql, not "${wanted}"`);
  return wanted;
}

/** The PostgreSQL server of DEBRIEF_TEST_PG_URL (required when a test needs one). */
export function testPgServerUrl(): string {
  const url = process.env.DEBRIEF_TEST_PG_URL;
  if (!url) throw new Error("Set DEBRIEF_TEST_PG_URL to a PostgreSQL server the tests may create databases on (e.g. postgresql://postgres@127.0.0.1:55432/postgres)");
  return url;
}

export function providerOfTestUrl(url: string): TestDbProvider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/** Sessions on PostgreSQL need a configured secret (lib/auth/secret.ts); tests use this one. */
export const TEST_AUTH_SECRET = "debrief-test-secret-0123456789abcdefghijklmnopqrstuvwxyz";

export type TempDatabase = {
  url: string;
  /** A temporary folder of this database (the SQLite file lives in it); removed by dispose(). */
  dir: string;
  /** Delete the database (a PostgreSQL one is dropped even with connections open). */
  dispose(): Promise<void>;
};

/**
 * A fresh migrated database (no test-runner imports, so scripts can use it):
 * a SQLite file in a temp folder, or a new database on DEBRIEF_TEST_PG_URL.
 */
export async function createTempDatabase(provider: TestDbProvider = testDbProvider()): Promise<TempDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "debrief-test-"));
  if (provider === "sqlite") {
    const url = `file:${path.join(dir, "test.db")}`;
    await migrate(url);
    return { url, dir, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  // An in-process service test signs in through better-auth too.
  process.env.BETTER_AUTH_SECRET ??= TEST_AUTH_SECRET;
  const scratch = await createScratchDatabase(testPgServerUrl(), "debrief_test");
  await migrate(scratch.url);
  return {
    url: scratch.url,
    dir,
    dispose: async () => {
      await scratch.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
