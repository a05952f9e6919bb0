import { defineConfig, mergeConfig } from "vitest/config";
import { excludeOnPostgresPass, serverTestLimits, sharedConfig } from "./vitest.shared";

// HTTP API and browser tests against the production build (`next build`
// must have run). Each file starts its own server on a temporary database.
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      exclude: excludeOnPostgresPass(["test/api/storage-faults.test.ts"]),
      include: ["test/api/**/*.test.ts", "test/e2e/**/*.test.ts"],
      ...serverTestLimits,
    },
  }),
);
