// npm run bench — every benchmark, each printing its figure beside a
// baseline measured in the same run. Needs the production build
// (`npm run build`); it is made first when missing.
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
import { buildWorkers } from "../build-workers.mjs";

const root = path.resolve(__dirname, "../..");

function ensureBuild(): void {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  if (existsSync(path.join(root, dist, "BUILD_ID"))) return;
  console.log(`No production build in ${dist}/ — running next build first…`);
  execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, stdio: "inherit" });
}

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  ensureBuild();
  await buildWorkers(root);
  console.log(`# Debrief benchmarks — ${new Date().toISOString()}, node ${process.version}`);
  await benchIngest();
  await benchPostmortem();
  await benchActionItems();
  await benchAuth();
  await benchBackup();
  await benchStatusSite();
  await benchMarkdownLoad();
  await benchTimelineScale();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
