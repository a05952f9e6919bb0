import { defineConfig, mergeConfig } from "vitest/config";
import { excludeOnPostgresPass, sharedConfig } from "./vitest.shared";

// Unit and service tests: each file gets its own temporary database (SQLite,
// or PostgreSQL in the second pass) (test/support/db.ts), so files run in
// parallel safely.
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      exclude: excludeOnPostgresPass(["test/unit/backup.test.ts", "test/unit/database-files.test.ts", "test/unit/search-schema.test.ts"]),
      include: ["test/unit/**/*.test.ts", "lib/**/*.test.ts"],
      // Services run Markdown in the worker pool, which loads the bundle this builds.
      globalSetup: ["test/support/build-workers.ts"],
      testTimeout: 20_000,
      hookTimeout: 60_000,
    },
  }),
);
