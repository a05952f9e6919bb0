import { defineConfig } from "vitest/config";
import path from "node:path";

// Unit and service tests: each file gets its own temporary SQLite database
// (test/support/db.ts), so files run in parallel safely.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "lib/server-only-stub.ts"),
    },
  },
  test: {
    include: ["test/unit/**/*.test.ts", "lib/**/*.test.ts"],
    // Services run Markdown in the worker pool, which loads the bundle this builds.
    globalSetup: ["test/support/build-workers.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
