import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Run one benchmark as its own script (`npx tsx … scripts/bench/<name>.ts`):
 * a bench that starts the production server needs a build first, which
 * `npm run bench` makes when missing and a standalone run only asks for.
 */
export function runStandalone(bench: () => Promise<unknown>, { needsBuild = false }: { needsBuild?: boolean } = {}): void {
  if (needsBuild) {
    const dist = process.env.NEXT_DIST_DIR || ".next";
    if (!existsSync(path.resolve(__dirname, "../..", dist, "BUILD_ID"))) {
      console.error(`No production build in ${dist}/: run \`npx next build\` first (or \`npm run bench\`, which builds when needed).`);
      process.exit(1);
    }
    process.env.NEXT_TELEMETRY_DISABLED = "1";
  }
  bench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
