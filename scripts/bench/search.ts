// Full-text search at scale: 50,000 timeline entries over 200 incidents,
// seeded through SQL into a temporary SQLite database (the search triggers
// index every row as it is inserted), then GET /api/v1/search on the
// production server for several query shapes, beside baselines from the
// same run: the HTTP floor (GET /api/health), a plain primary-key lookup,
// and the LIKE scan the incident list's `q` uses today, run on the entries.
// Also the cost of the triggers on writes: the same inserts into a copy
// without them.
//
//   npm run bench                                             (with the others)
//   npx tsx --tsconfig tsconfig.server.json scripts/bench/search.ts   (alone; needs `next build`)
import { randomUUID } from "node:crypto";
import { copyFileSync, rmSync } from "node:fs";
import { runStandalone } from "./standalone";
import Database from "better-sqlite3";
import { getDb } from "../../lib/db/client";
import { sqliteFile } from "../../lib/db/url";
import { SEVERITIES } from "../../lib/incidents/schemas";
import { fmt, fmtInt, heading, summarize } from "./stats";
import { getWithKey, sampleMs, seededRandom, withServer, withTempDatabase } from "./harness";

const INCIDENTS = 200;
const ENTRIES = 50_000;
const REQUESTS = 200;
const WARMUP = 20;

const COMMON = "error"; // in about 40% of entries
const RARE = "kestrel"; // in 12 entries
const WORDS = [
  "checkout", "payments", "latency", "spike", "database", "primary", "replica", "failover", "deploy", "deployed",
  "deployment", "rollback", "rolled", "back", "canary", "traffic", "shifted", "region", "cache", "miss", "eviction",
  "queue", "backlog", "consumer", "lag", "timeout", "timeouts", "retry", "storm", "dns", "resolver", "certificate",
  "expired", "renewed", "alert", "fired", "paged", "oncall", "acknowledged", "investigating", "identified", "mitigated",
  "resolved", "customers", "reported", "status", "page", "updated", "memory", "leak", "cpu", "saturation", "disk",
  "full", "throttled", "rate", "limit", "increased", "decreased", "connection", "pool", "exhausted", "restarted",
  "pods", "nodes", "cluster", "kubernetes", "load", "balancer", "health", "checks", "failing", "passing", "config",
  "change", "reverted", "feature", "flag", "disabled", "enabled", "metrics", "dashboard", "logs", "show", "spikes",
];

type Seed = { incidents: unknown[][]; events: unknown[][] };

function seedRows(): Seed {
  const rand = seededRandom(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const day = 86_400_000;
  const base = Date.UTC(2026, 0, 1);
  const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
  const incidents = Array.from({ length: INCIDENTS }, (_, i) => {
    const started = base + i * day;
    return [randomUUID(), i + 1, `Incident ${i + 1}: ${pick(WORDS)} ${pick(WORDS)}`, pick(SEVERITIES), iso(started), iso(started), iso(started), iso(started), ENTRIES / INCIDENTS];
  });
  const rareAt = new Set(Array.from({ length: 12 }, (_, i) => Math.floor(((i + 0.5) * ENTRIES) / 12)));
  const events = Array.from({ length: ENTRIES }, (_, i) => {
    const incident = incidents[i % INCIDENTS] as unknown[];
    const words = Array.from({ length: 10 + Math.floor(rand() * 20) }, () => pick(WORDS));
    // Identifiers make the vocabulary large, as real logs do.
    words.push(`req-${Math.floor(rand() * 1e9).toString(36)}`, `host-${Math.floor(rand() * 5000)}`);
    if (rand() < 0.4) words.splice(Math.floor(rand() * words.length), 0, COMMON);
    if (rareAt.has(i)) words.push(RARE);
    const at = iso(Date.parse(String(incident[4])) + (i / INCIDENTS) * 1000);
    return [randomUUID(), incident[0], at, at, at, "bench", "Bench", "note", words.join(" ")];
  });
  return { incidents, events };
}

/** Insert the rows with plain SQL in one transaction; returns entries per second. */
function insertRows(file: string, rows: Seed): number {
  const db = new Database(file);
  try {
    const incident = db.prepare(
      `INSERT INTO "Incident" ("id", "number", "title", "severity", "declaredStartedAt", "startedAt", "createdAt", "updatedAt", "eventCount", "createdById") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench')`,
    );
    const event = db.prepare(
      `INSERT INTO "TimelineEvent" ("id", "incidentId", "occurredAt", "recordedAt", "updatedAt", "authorId", "authorName", "kind", "body") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (const r of rows.incidents) incident.run(...r);
    })();
    const start = performance.now();
    db.transaction(() => {
      for (const r of rows.events) event.run(...r);
    })();
    return rows.events.length / ((performance.now() - start) / 1000);
  } finally {
    db.close();
  }
}

/** The same inserts into a copy of the empty database without the search triggers. */
function insertRateWithoutTriggers(emptyFile: string, rows: Seed): number {
  const copy = `${emptyFile}.no-triggers`;
  copyFileSync(emptyFile, copy);
  try {
    const db = new Database(copy);
    const triggers = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'search_%'`).pluck().all() as string[];
    for (const t of triggers) db.exec(`DROP TRIGGER "${t}"`);
    db.close();
    return insertRows(copy, rows);
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(copy + suffix, { force: true });
  }
}

async function timeHttp(url: string, key: string): Promise<{ samples: number[]; results: number }> {
  let results = 0;
  const samples = await sampleMs(REQUESTS, WARMUP, async (i) => {
    const res = await getWithKey(url, key);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
    // Counted on the first answer, a warm-up that is not in the samples.
    if (i === 0 && body.startsWith('{"results"')) results = (JSON.parse(body) as { results: unknown[] }).results.length;
  });
  return { samples, results };
}

const timeLocal = (run: () => Promise<unknown>) => sampleMs(REQUESTS, WARMUP, run);

const SHAPES: Record<string, Record<string, string>> = {
  [`common word ("${COMMON}", ~40% of entries)`]: { q: COMMON },
  [`rare word ("${RARE}", 12 entries)`]: { q: RARE },
  ['prefix while typing ("deplo")']: { q: "deplo" },
  ['two words ("database timeout")']: { q: "database timeout" },
  ['no match ("xylophonezz")']: { q: "xylophonezz" },
  [`common word, SEV1 entries only`]: { q: COMMON, severity: "SEV1", type: "event" },
  [`common word, page 5 (cursor)`]: { q: COMMON },
};

export async function benchSearch(): Promise<void> {
  heading(`Search (${fmtInt(ENTRIES)} timeline entries over ${INCIDENTS} incidents)`);
  await withTempDatabase(async ({ url: databaseUrl }) => {
    const file = sqliteFile(databaseUrl);
    const rows = seedRows();
    const without = insertRateWithoutTriggers(file, rows);
    const withTriggers = insertRows(file, rows);
    console.log(
      `seeding through SQL, one transaction: ${fmtInt(withTriggers)} entries/s with the search triggers, ` +
        `${fmtInt(without)} entries/s without (indexing costs ${fmt(1000 / withTriggers - 1000 / without, 3)} ms per entry)`,
    );
    await withServer({ databaseUrl }, async (server) => {
      const key = server.keys.viewer;
      const floor = summarize((await timeHttp(`${server.url}/api/health`, key)).samples);

      for (const [name, query] of Object.entries(SHAPES)) {
        let params = new URLSearchParams({ ...query, limit: "20" });
        if (name.includes("page 5")) {
          // Follow the cursor four times, then time the fifth page.
          for (let i = 0; i < 4; i++) {
            const page = (await (await getWithKey(`${server.url}/api/v1/search?${params}`, key)).json()) as { nextCursor: string | null };
            if (!page.nextCursor) throw new Error("expected more pages");
            params = new URLSearchParams({ ...query, limit: "20", cursor: page.nextCursor });
          }
        }
        const { samples, results } = await timeHttp(`${server.url}/api/v1/search?${params}`, key);
        const s = summarize(samples);
        console.log(`search, ${name}: p50 ${fmt(s.p50)} ms p95 ${fmt(s.p95)} ms (${results} results on the page)`);
      }

      const db = await getDb();
      const someId = String((rows.events[Math.floor(ENTRIES / 2)] as unknown[])[0]);
      const byId = summarize(await timeLocal(() => db.timelineEvent.findUnique({ where: { id: someId } })));
      const like = summarize(await timeLocal(() => db.timelineEvent.findMany({ where: { body: { contains: RARE }, deletedAt: null }, take: 21 })));
      const likeNone = summarize(await timeLocal(() => db.timelineEvent.findMany({ where: { body: { contains: "xylophonezz" }, deletedAt: null }, take: 21 })));
      console.log(`baseline, GET /api/health on the same server (HTTP floor): p50 ${fmt(floor.p50)} ms p95 ${fmt(floor.p95)} ms`);
      console.log(`baseline, one entry by primary key through Prisma (no HTTP): p50 ${fmt(byId.p50)} ms p95 ${fmt(byId.p95)} ms`);
      console.log(`baseline, LIKE '%${RARE}%' over the entries through Prisma (no HTTP, the list's q today): p50 ${fmt(like.p50)} ms p95 ${fmt(like.p95)} ms`);
      console.log(`baseline, LIKE with no match (a full scan): p50 ${fmt(likeNone.p50)} ms p95 ${fmt(likeNone.p95)} ms`);
      console.log(`target: search p95 < 100 ms over HTTP (${REQUESTS} sequential requests per shape after ${WARMUP} warm-up)`);
    });
  });
}

if (require.main === module) runStandalone(benchSearch, { needsBuild: true });
