// Event ingest over real HTTP: the production server on a temporary SQLite
// database, 32 concurrent clients each posting timeline events one after
// another, beside the raw better-sqlite3 insert rate on the same machine.
import { randomUUID } from "node:crypto";
import http from "node:http";
import { rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { startTestServer } from "../../test/support/server";
import { createTempDatabase } from "../../test/support/temp-db";
import { fmt, fmtInt, heading, summarize } from "./stats";

const CLIENTS = 32;
const EVENTS_PER_CLIENT = 250; // 8,000 events in all
const WARMUP_EVENTS = 200;

/** Sequential single-row inserts, each its own commit, WAL + synchronous=NORMAL. */
function rawSqliteInsertRate(count: number): number {
  const dir = path.join(process.env.TMPDIR || "/tmp", `debrief-raw-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const file = `${dir}.db`;
  const raw = new Database(file);
  try {
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = NORMAL");
    raw.exec(`CREATE TABLE ev (id TEXT PRIMARY KEY, incidentId TEXT NOT NULL, occurredAt INTEGER NOT NULL,
      recordedAt INTEGER NOT NULL, body TEXT NOT NULL, kind TEXT NOT NULL);
      CREATE INDEX ev_order ON ev (incidentId, occurredAt, recordedAt);`);
    const insert = raw.prepare("INSERT INTO ev VALUES (?, ?, ?, ?, ?, ?)");
    const incidentId = randomUUID();
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const now = Date.now();
      insert.run(randomUUID(), incidentId, now, now, `raw insert ${i}`, "note");
    }
    return count / ((performance.now() - start) / 1000);
  } finally {
    raw.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  }
}

// node:http with keep-alive: a lighter client than fetch, so the load
// generator (on the same two cores) takes less CPU from the server.
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

function post(url: string, body: unknown, key: string): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), authorization: `Bearer ${key}` },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** One instance on SQLite; returns its ingest rate (events/s) for the PostgreSQL comparison. */
export async function benchIngest(): Promise<number> {
  heading("Timeline event ingest over HTTP (one instance, SQLite)");
  const { url: databaseUrl, dir } = await createTempDatabase("sqlite");
  const server = await startTestServer({ databaseUrl });
  try {
    const created = await fetch(`${server.url}/api/v1/incidents`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${server.keys.responder}` },
      body: JSON.stringify({ title: "Ingest benchmark", severity: "SEV2" }),
    });
    const { id } = (await created.json()) as { id: string };
    const eventsUrl = `${server.url}/api/v1/incidents/${id}/events`;
    for (let i = 0; i < WARMUP_EVENTS; i++) await post(eventsUrl, { id: randomUUID(), body: `warm-up ${i}` }, server.keys.responder);

    const latencies: number[] = [];
    let failures = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = 0; i < EVENTS_PER_CLIENT; i++) {
          const t0 = performance.now();
          const status = await post(eventsUrl, { id: randomUUID(), body: `client ${client} line ${i}: checkout 503s rising`, kind: "note" }, server.keys.responder);
          latencies.push(performance.now() - t0);
          if (status !== 201) failures++;
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const total = CLIENTS * EVENTS_PER_CLIENT;
    const s = summarize(latencies);
    const rawRate = rawSqliteInsertRate(20_000);
    console.log(`clients: ${CLIENTS}, events: ${fmtInt(total)}, failed: ${failures}`);
    console.log(`HTTP ingest:            ${fmtInt(total / seconds)} events/s   p50 ${fmt(s.p50)} ms   p99 ${fmt(s.p99)} ms   max ${fmt(s.max)} ms`);
    console.log(`raw better-sqlite3:     ${fmtInt(rawRate)} inserts/s (sequential, WAL, synchronous=NORMAL)`);
    console.log(`target:                 >= 1,000 events/s with p99 < 100 ms`);
    return total / seconds;
  } finally {
    agent.destroy();
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
