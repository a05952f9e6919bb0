import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { migrate } from "../../scripts/db.mjs";
import { closeDb } from "../../lib/db/client";

/** A fresh migrated SQLite file in a temp folder. Returns its URL. */
export async function createTempDatabase(): Promise<{ url: string; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "debrief-test-"));
  const url = `file:${path.join(dir, "test.db")}`;
  await migrate(url);
  return { url, dir };
}

/**
 * Point this test file at its own real, migrated SQLite database for its
 * whole run, and remove it afterwards.
 */
export function useTempDatabase(): void {
  let dir = "";
  beforeAll(async () => {
    const db = await createTempDatabase();
    dir = db.dir;
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    await closeDb();
    rmSync(dir, { recursive: true, force: true });
  });
}
