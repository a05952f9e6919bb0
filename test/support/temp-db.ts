import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "../../scripts/db.mjs";

/** A fresh migrated SQLite file in a temp folder (no test-runner imports, so scripts can use it). */
export async function createTempDatabase(): Promise<{ url: string; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "debrief-test-"));
  const url = `file:${path.join(dir, "test.db")}`;
  await migrate(url);
  return { url, dir };
}
