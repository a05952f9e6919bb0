import path from "node:path";
import { defineConfig } from "vitest/config";

// What the three test configs share (vitest.config.ts: unit and service
// tests; vitest.e2e.config.ts: HTTP API and Chromium; vitest.postgres.config.ts:
// several instances on PostgreSQL): the project's import aliases and Node.
export const sharedConfig = defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "lib/server-only-stub.ts"),
    },
  },
  test: {
    environment: "node",
    setupFiles: [path.resolve(__dirname, "test/support/fast-check-seed.ts")],
  },
});

/** Files that start production servers (and Chromium): long waits, and on two cores two files at a time. */
export const serverTestLimits = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  maxWorkers: 2,
  fileParallelism: true,
};

/**
 * Files about SQLite's own files (snapshot and restore files, owner-only
 * modes, busy locks, full and read-only disks) open SQLite whatever store the
 * suite runs on, so the PostgreSQL pass (DEBRIEF_TEST_DB=postgresql,
 * scripts/test.sh) leaves them to the SQLite pass instead of running them twice.
 */
export function excludeOnPostgresPass(sqliteOnly: string[]): string[] {
  return ["**/node_modules/**", ...(process.env.DEBRIEF_TEST_DB === "postgresql" ? sqliteOnly : [])];
}
