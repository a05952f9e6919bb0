// Bundles the Markdown worker (lib/workers/markdown-worker.ts and what it
// imports: remark, zod, yaml …) into one CommonJS file a worker thread can
// load in any runtime: the Next.js production server, server.ts under tsx,
// vitest and the benchmarks. lib/workers/pool.ts explains why a bundle.
//
//   node scripts/build-workers.mjs      (npm run build and npm run dev do it)
//
// esbuild comes with tsx (a dependency); it bundles in about 0.2 s, so
// server.ts and the test set-up simply build again and are never stale.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
export const WORKER_BUNDLE = "dist/markdown-worker.cjs"; // the same path as MARKDOWN_WORKER_BUNDLE in lib/workers/pool.ts

/** Build the worker bundle under `root` (written whole, then renamed, so a server starting meanwhile never loads half a file). */
export async function buildWorkers(root = path.resolve(here, "..")) {
  const outfile = path.join(root, WORKER_BUNDLE);
  const result = await build({
    entryPoints: [path.join(root, "lib/workers/markdown-worker.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile,
    write: false,
    logLevel: "warning",
    legalComments: "none",
    // lib/ imports this guard in server modules; a worker is server code.
    alias: { "server-only": path.join(root, "lib/server-only-stub.ts") },
  });
  const output = result.outputFiles.find((f) => f.path === outfile) ?? result.outputFiles[0];
  if (!output) throw new Error("esbuild produced no worker bundle");
  mkdirSync(path.dirname(outfile), { recursive: true });
  const temp = `${outfile}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temp, output.contents);
    renameSync(temp, outfile);
  } finally {
    rmSync(temp, { force: true });
  }
  return outfile;
}

/**
 * Build at server start; on a read-only install keep the bundle `npm run build`
 * made (with one warning line), since a server that cannot start helps nobody.
 */
export async function ensureWorkers(root = path.resolve(here, "..")) {
  try {
    return await buildWorkers(root);
  } catch (err) {
    const outfile = path.join(root, WORKER_BUNDLE);
    if (!existsSync(outfile)) throw err;
    console.warn(`[debrief] could not rebuild ${WORKER_BUNDLE} (${err instanceof Error ? err.message.split("\n")[0] : String(err)}); using the one from the last build`);
    return outfile;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWorkers().then(
    (file) => console.log(`Markdown worker bundle: ${path.relative(process.cwd(), file)}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
