import { defineConfig, mergeConfig } from "vitest/config";
import { serverTestLimits, sharedConfig } from "./vitest.shared";

// What only PostgreSQL has: several instances on one database, LISTEN/NOTIFY,
// outages of the database server. Needs DEBRIEF_TEST_PG_URL (a server the
// tests may CREATE DATABASE on), `initdb` on PATH (the outage test runs its
// own server) and the production build. scripts/test.sh runs it in the
// PostgreSQL pass.
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      include: ["test/postgres/**/*.test.ts"],
      ...serverTestLimits,
    },
  }),
);
