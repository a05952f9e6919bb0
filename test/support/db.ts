import { afterAll, beforeAll } from "vitest";
import { closeDb } from "../../lib/db/client";
import { closeLiveBus } from "../../lib/timeline/live-bus";
import { createTempDatabase, type TempDatabase } from "./temp-db";

export { createTempDatabase };

/**
 * Point this test file at its own real, migrated database for its whole run
 * (SQLite, or PostgreSQL when DEBRIEF_TEST_DB=postgresql), and delete it
 * afterwards.
 */
export function useTempDatabase(): void {
  let db: TempDatabase | undefined;
  beforeAll(async () => {
    db = await createTempDatabase();
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    await closeLiveBus();
    await closeDb();
    await db?.dispose();
  });
}
