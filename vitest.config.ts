import { defineConfig } from "vitest/config";
import path from "node:path";

// Files about SQLite's own files (snapshot and restore files, owner-only
// modes, busy locks, full and read-only disks): they open SQLite whatever
// store the suite runs on, so the PostgreSQL pass (DEBRIEF_TEST_DB=postgresql,
// scripts/test.sh) leaves them to the SQLite pass instead of running them twice.
const SQLITE_ONLY = ["test/unit/backup.test.ts", "test/unit/database-files.test.ts", "test/unit/search-schema.test.ts"];

// Unit and service tests: each file gets its own temporary database (SQLite,
// or PostgreSQL in the second pass)
// (test/support/db.ts), so files run in parallel safely.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "lib/server-only-stub.ts"),
    },
  },
  test: {
    exclude: ["**/node_modules/**", ...(process.env.DEBRIEF_TEST_DB === "postgresql" ? SQLITE_ONLY : [])],
    include: ["test/unit/**/*.test.ts", "lib/**/*.test.ts"],
    // Services run Markdown in the worker pool, which loads the bundle this builds.
    globalSetup: ["test/support/build-workers.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
