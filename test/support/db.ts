import { afterAll, beforeAll } from "vitest";
import { closeDb } from "../../lib/db/client";
import { closeLiveBus } from "../../lib/live/bus";
import { createTempDatabase, type TempDatabase, type TestDbProvider } from "./temp-db";

export { createTempDatabase };

/**
 * Point this test file at its own real, migrated database for its whole run
 * (SQLite, or PostgreSQL when DEBRIEF_TEST_DB=postgresql), and delete it
 * afterwards. A file that tests one store's own mechanics (SQLite files,
 * say) names it and runs on it in both passes.
 */
export function useTempDatabase(provider?: TestDbProvider): void {
  let db: TempDatabase | undefined;
  beforeAll(async () => {
    db = await createTempDatabase(provider);
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    await closeLiveBus();
    await closeDb();
    await db?.dispose();
  });
}
