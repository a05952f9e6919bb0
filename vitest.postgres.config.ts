import { defineConfig } from "vitest/config";
import path from "node:path";

// What only PostgreSQL has: several instances on one database, LISTEN/NOTIFY,
// outages of the database server. Needs DEBRIEF_TEST_PG_URL (a server the
// tests may CREATE DATABASE on), `initdb` on PATH (the outage test runs its
// own server) and the production build. scripts/test.sh runs it in the
// PostgreSQL pass.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "lib/server-only-stub.ts"),
    },
  },
  test: {
    include: ["test/postgres/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    fileParallelism: true,
  },
});
