import { rmSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "../../lib/db/client";
import { createTempDatabase } from "./temp-db";

export { createTempDatabase };

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
