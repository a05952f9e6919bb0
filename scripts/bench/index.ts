// npm run bench — every benchmark, each printing its figure beside a
// baseline measured in the same run. Needs the production build
// (`npm run build`); it is made first when missing.
// `npm run bench -- postmortem backup` runs only the named ones.
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { benchIngest } from "./ingest";
import { benchPostmortem } from "./postmortem";
import { benchActionItems } from "./action-items";
import { benchAuth } from "./auth";
import { benchBackup } from "./backup";
import { benchStatusSite } from "./status-site";
import { benchMarkdownLoad } from "./markdown-load";
import { benchTimelineScale } from "./timeline-scale";
import { benchPeople } from "./people";
import { buildWorkers } from "../build-workers.mjs";
import { benchSearch } from "./search";

const root = path.resolve(__dirname, "../..");

function ensureBuild(): void {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  if (existsSync(path.join(root, dist, "BUILD_ID"))) return;
  console.log(`No production build in ${dist}/ — running next build first…`);
  execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, stdio: "inherit" });
}

const BENCHES: Record<string, () => Promise<void>> = {
  ingest: benchIngest,
  postmortem: benchPostmortem,
  actionItems: benchActionItems,
  auth: benchAuth,
  backup: benchBackup,
  statusSite: benchStatusSite,
  markdownLoad: benchMarkdownLoad,
  search: benchSearch,
  timelineScale: benchTimelineScale,
  people: benchPeople,
};

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  ensureBuild();
  await buildWorkers(root);
  console.log(`# Debrief benchmarks — ${new Date().toISOString()}, node ${process.version}`);
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in BENCHES));
  if (unknown.length) throw new Error(`Unknown benchmark ${unknown.join(", ")}; there are: ${Object.keys(BENCHES).join(", ")}`);
  for (const [name, run] of Object.entries(BENCHES)) if (asked.length === 0 || asked.includes(name)) await run();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
