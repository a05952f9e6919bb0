import { defineConfig } from "vitest/config";
import path from "node:path";

// Files about SQLite's own files (snapshot and restore files, owner-only
// modes, busy locks, full and read-only disks): they open SQLite whatever
// store the suite runs on, so the PostgreSQL pass (DEBRIEF_TEST_DB=postgresql,
// scripts/test.sh) leaves them to the SQLite pass instead of running them twice.
const SQLITE_ONLY = ["test/api/storage-faults.test.ts"];

// HTTP API and browser tests against the production build (`next build`
// must have run). Each file starts its own server on a temporary database.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "lib/server-only-stub.ts"),
    },
  },
  test: {
    exclude: ["**/node_modules/**", ...(process.env.DEBRIEF_TEST_DB === "postgresql" ? SQLITE_ONLY : [])],
    include: ["test/api/**/*.test.ts", "test/e2e/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: a server plus Chromium per file is enough at once.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
