import { defineConfig } from "vitest/config";
import path from "node:path";

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
    include: ["test/api/**/*.test.ts", "test/e2e/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: a server plus Chromium per file is enough at once.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
