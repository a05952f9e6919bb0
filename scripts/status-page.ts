// npm run status-page -- --out DIR
// Writes the public status site (index.html, one page per incident,
// feed.atom, status.json) into DIR from the configured DATABASE_URL. DIR is
// replaced as a whole, and only when it is empty or was written by this
// command before. While serving, DEBRIEF_STATUS_DIR keeps a copy current.
import { parseArgs } from "node:util";
import path from "node:path";
import { migrate } from "./db.mjs";
import { ensureWorkers } from "./build-workers.mjs";
import { runCli } from "./cli-args";
import { closeDb, getDb } from "../lib/db/client";
import { startMarkdownPool, stopMarkdownPool } from "../lib/workers/pool";
import { buildStatusSite } from "../lib/status-site/build";
import { statusSiteConfig } from "../lib/status-site/config";
import { writeSiteAtomically } from "../lib/status-site/write";

const USAGE = "usage: npm run status-page -- --out DIR";

runCli(async () => {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { out: { type: "string" } }, strict: true, allowPositionals: false });
  const out = values.out?.trim();
  if (!out) throw new Error(USAGE);
  const config = statusSiteConfig();
  await migrate(process.env.DATABASE_URL || undefined);
  // Markdown is rendered in the worker pool, as on the server.
  const root = path.resolve(__dirname, "..");
  await ensureWorkers(root);
  startMarkdownPool(root);
  const started = Date.now();
  const site = await buildStatusSite({ db: await getDb(), now: new Date(), options: { title: config.title, baseUrl: config.baseUrl } }).finally(() =>
    stopMarkdownPool(),
  );
  await closeDb();
  await writeSiteAtomically(out, site.files, site.hash);
  const bytes = [...site.files.values()].reduce((n, f) => n + Buffer.byteLength(f), 0);
  console.log(`wrote ${site.files.size} files (${(bytes / 1024).toFixed(1)} KB; ${site.incidents} incidents, ${site.updates} public updates) to ${out} in ${Date.now() - started} ms`);
});
