// The cross-incident action-item table at scale: 10,000 items over 200
// incidents in a temporary SQLite database, a filtered and sorted page
// fetched from GET /api/v1/action-items on the production server, beside
// the same query through Prisma alone (findMany + count, no HTTP, no JSON).
//
//   npm run bench                                                  (with the others)
//   npx tsx --conditions=react-server scripts/bench/action-items.ts   (alone; needs `next build`)
import { randomUUID } from "node:crypto";
import { runStandalone } from "./standalone";
import { getDb } from "../../lib/db/client";
import { ACTION_STATUSES, ACTION_TYPES, PRIORITIES, ZListActionItems } from "../../lib/action-items/schemas";
import { SEVERITIES } from "../../lib/incidents/schemas";
import { findActionItemPage, pageRequest } from "../../lib/action-items/query";
import { fmt, heading, summarize } from "./stats";
import { getWithKey, sampleMs, seededRandom, withServer, withTempDatabase } from "./harness";

const INCIDENTS = 200;
const ITEMS = 10_000;
const REQUESTS = 200;
const WARMUP = 20;
const OWNERS = ["Alice", "Bob", "Cara", "Dev", "Eve", "Farid", "Gita", "Hugo", "Ines", "Jon", null];

// Open, SEV1/SEV2, soonest due first, third page: what an on-call lead looks at.
const QUERIES: Record<string, Record<string, string>> = {
  "filtered+sorted": { status: "open,in_progress,blocked", severity: "SEV1,SEV2", sort: "dueDate", dir: "asc", page: "3", pageSize: "50" },
  "overdue, by priority": { overdue: "true", sort: "priority", dir: "desc", page: "2", pageSize: "50" },
};

async function seed(): Promise<void> {
  const db = await getDb();
  const rand = seededRandom(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const now = Date.now();
  const day = 86_400_000;
  const incidents = Array.from({ length: INCIDENTS }, (_, i) => {
    const startedAt = new Date(now - (INCIDENTS - i) * day);
    return { id: randomUUID(), number: i + 1, title: `Incident ${i + 1}`, severity: pick(SEVERITIES), declaredStartedAt: startedAt, startedAt, createdById: "bench" };
  });
  await db.incident.createMany({ data: incidents });
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const status = pick(ACTION_STATUSES);
    const due = rand() < 0.85 ? new Date(Math.floor((now + (rand() * 120 - 60) * day) / day) * day) : null;
    return {
      id: randomUUID(),
      incidentId: pick(incidents).id,
      title: `Remediation ${i + 1}: ${pick(["add alert", "cap retries", "runbook", "load test", "circuit breaker"])}`,
      owner: pick(OWNERS),
      dueDate: due,
      priority: pick(PRIORITIES),
      type: pick(ACTION_TYPES),
      status,
      wontDoReason: status === "wont_do" ? "Superseded" : null,
      closedAt: status === "done" || status === "wont_do" ? new Date(now) : null,
      createdById: "bench",
      createdAt: new Date(now - rand() * 200 * day),
    };
  });
  // SQLite caps bound parameters per statement; insert in slices.
  for (let i = 0; i < items.length; i += 500) await db.actionItem.createMany({ data: items.slice(i, i + 500) });
}

async function timeHttp(url: string, key: string): Promise<number[]> {
  return sampleMs(REQUESTS, WARMUP, async () => {
    const res = await getWithKey(url, key);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  });
}

async function timePrisma(query: Record<string, string>): Promise<{ samples: number[]; total: number }> {
  const db = await getDb();
  const parsed = ZListActionItems.parse(query);
  let total = 0;
  const samples = await sampleMs(REQUESTS, WARMUP, async () => {
    total = (await findActionItemPage(db, pageRequest(parsed, new Date()))).total;
  });
  return { samples, total };
}

export async function benchActionItems(): Promise<void> {
  heading(`Action-item table (${ITEMS.toLocaleString("en-US")} items over ${INCIDENTS} incidents)`);
  await withTempDatabase(async ({ url: databaseUrl }) => {
    await seed();
    await withServer({ databaseUrl }, async (server) => {
      const baseline = summarize(await timeHttp(`${server.url}/api/health`, server.keys.viewer));
      for (const [name, query] of Object.entries(QUERIES)) {
        const http = summarize(await timeHttp(`${server.url}/api/v1/action-items?${new URLSearchParams(query)}`, server.keys.viewer));
        const prisma = await timePrisma(query);
        const p = summarize(prisma.samples);
        console.log(
          `action items page (10,000 items, ${name}; ${prisma.total.toLocaleString("en-US")} match): ` +
            `p50 ${fmt(http.p50)} ms p95 ${fmt(http.p95)} ms | Prisma alone: p50 ${fmt(p.p50)} ms p95 ${fmt(p.p95)} ms`,
        );
      }
      console.log(`GET /api/health on the same server (HTTP floor): p50 ${fmt(baseline.p50)} ms p95 ${fmt(baseline.p95)} ms`);
      console.log(`target: p95 < 100 ms over HTTP (${REQUESTS} sequential requests per query after ${WARMUP} warm-up)`);
    });
  }, "sqlite");
}

if (require.main === module) runStandalone(benchActionItems, { needsBuild: true });
