// The status site's rebuild at scale: 900 incidents (40 open, 160 resolved in
// the last 90 days, 700 older), 50 public updates each, 30 published
// postmortems, timed cold (nothing rendered yet) and warm (the rebuild after a
// change), beside the same data plus 100,000 internal entries on one open
// incident: a rebuild reads only the window and the public updates, so the
// internal entries must not change the figure. "Longest stall" is the
// longest the event loop waited for a turn during a build: how long a
// request to the server could be held up by it.
//
//   npm run bench                                                (with the others)
//   npx tsx --tsconfig tsconfig.server.json scripts/bench/status-site.ts   (alone)
import { randomUUID } from "node:crypto";
import { getDb } from "../../lib/db/client";
import { buildStatusSite } from "../../lib/status-site/build";
import { RenderCache } from "../../lib/status-site/content";
import { fmt, fmtInt, heading, summarize } from "./stats";
import { longestStall, withTempDatabase } from "./harness";
import { runStandalone } from "./standalone";

const OPEN = 40;
const RECENT = 160;
const OLD = 700;
const UPDATES = 50;
const PUBLISHED = 30;
const INTERNAL = 100_000;
const WARM_RUNS = 10;
const DAY = 86_400_000;

export async function seed(): Promise<string> {
  const db = await getDb();
  const now = Date.now();
  const incidents = Array.from({ length: OPEN + RECENT + OLD }, (_, i) => {
    const open = i < OPEN;
    const recent = !open && i < OPEN + RECENT;
    const startedAt = new Date(now - (open ? i / 10 : recent ? 1 + (i - OPEN) / 2 : 100 + i) * DAY);
    return {
      id: randomUUID(),
      number: i + 1,
      title: `Incident ${i + 1}: elevated errors`,
      severity: ["SEV1", "SEV2", "SEV3", "SEV4"][i % 4] ?? "SEV2",
      status: open ? "investigating" : "resolved",
      postmortemStatus: !open && i < OPEN + PUBLISHED ? "published" : "draft",
      declaredStartedAt: startedAt,
      startedAt,
      resolvedAt: open ? null : new Date(startedAt.getTime() + 3_600_000),
      services: JSON.stringify([`Service ${i % 12}`, `Service ${(i + 5) % 12}`]),
      createdById: "bench",
      eventCount: UPDATES,
    };
  });
  await db.incident.createMany({ data: incidents });
  const events = incidents.flatMap((inc) =>
    Array.from({ length: UPDATES }, (_, j) => ({
      id: randomUUID(),
      incidentId: inc.id,
      occurredAt: new Date(inc.startedAt.getTime() + j * 60_000),
      recordedAt: new Date(inc.startedAt.getTime() + j * 60_000),
      authorId: "bench",
      authorName: "Bench",
      body: `Update ${j + 1}: we are **still** working on it. ${"Details follow. ".repeat(20)}`,
      statusLabel: ["Investigating", "Identified", "Monitoring", null][j % 4] ?? null,
      visibility: "public",
    })),
  );
  for (let i = 0; i < events.length; i += 2_000) await db.timelineEvent.createMany({ data: events.slice(i, i + 2_000) });
  const section = "The load balancer pool drained after a config push. ".repeat(40);
  await db.postmortem.createMany({
    data: incidents.slice(OPEN, OPEN + PUBLISHED).map((inc) => ({ incidentId: inc.id, summary: section, rootCause: section, resolution: section, impact: section })),
  });
  return incidents[0]?.id ?? "";
}

async function addInternal(incidentId: string): Promise<void> {
  const db = await getDb();
  const start = Date.now() - DAY;
  for (let i = 0; i < INTERNAL; i += 5_000) {
    await db.timelineEvent.createMany({
      data: Array.from({ length: 5_000 }, (_, j) => ({
        id: randomUUID(),
        incidentId,
        occurredAt: new Date(start + (i + j) * 500),
        recordedAt: new Date(start + (i + j) * 500),
        authorId: "bench",
        authorName: "Bench",
        body: `internal note ${i + j}`,
      })),
    });
  }
}

async function timeBuilds() {
  const db = await getDb();
  const cache = new RenderCache();
  const options = { title: "Bench status", baseUrl: null };
  const t0 = performance.now();
  const { result: site, stallMs: coldStall } = await longestStall(() => buildStatusSite({ db, now: new Date(), options, cache }), 1);
  const cold = performance.now() - t0;
  const samples: number[] = [];
  let warmStall = 0;
  for (let i = 0; i < WARM_RUNS; i++) {
    const t = performance.now();
    const { stallMs } = await longestStall(() => buildStatusSite({ db, now: new Date(), options, cache }), 1);
    samples.push(performance.now() - t);
    warmStall = Math.max(warmStall, stallMs);
  }
  const sizes = [...site.files].map(([, text]) => Buffer.byteLength(text));
  const pages = [...site.files].filter(([p]) => p.endsWith(".html")).map(([, text]) => Buffer.byteLength(text));
  return { cold, coldStall, warm: summarize(samples), warmStall, files: site.files.size, bytes: sizes.reduce((a, b) => a + b, 0), maxPage: Math.max(...pages) };
}

export async function benchStatusSite(): Promise<void> {
  heading(`Status site rebuild (${OPEN + RECENT + OLD} incidents, ${UPDATES} public updates each, ${PUBLISHED} published postmortems)`);
  await withTempDatabase(async () => {
    const openId = await seed();
    const report = (name: string, r: Awaited<ReturnType<typeof timeBuilds>>) =>
      console.log(
        `${name.padEnd(52)} cold ${fmt(r.cold, 0).padStart(6)} ms (longest stall ${fmt(r.coldStall, 0)} ms)   warm p50 ${fmt(r.warm.p50, 0).padStart(4)} ms  p95 ${fmt(r.warm.p95, 0).padStart(4)} ms (longest stall ${fmt(r.warmStall, 0)} ms)   ${r.files} files, ${fmtInt(r.bytes / 1024)} KB, largest page ${fmt(r.maxPage / 1024)} KB`,
      );
    report("baseline (public updates only)", await timeBuilds());
    await addInternal(openId);
    report(`+ ${INTERNAL.toLocaleString("en-US")} internal entries on an open incident`, await timeBuilds());
  });
}

if (require.main === module) runStandalone(benchStatusSite);
