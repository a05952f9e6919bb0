// Two production instances on one PostgreSQL database (a temporary cluster
// with PostgreSQL's durable defaults: fsync and synchronous_commit on):
// ingest by 32 clients spread over both, beside raw inserts through `pg` in
// the same run and the one-instance SQLite figure; then how fast an entry
// posted on one instance reaches a viewer of the other, alone and under load.
import { randomUUID } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { migrate } from "../db.mjs";
import { createScratchDatabase } from "../db-postgres.mjs";
import { hasPostgresBinaries, startTempPostgres } from "../pg-temp.mjs";
import { seedIdentities } from "../../test/support/identities";
import { startTestServer, type TestServer } from "../../test/support/server";
import { openEventStream, type SseStream } from "../../test/support/sse";
import { cpuSeconds, postmasterPid } from "./cpu";
import { fmt, fmtInt, heading, summarize } from "./stats";

const CLIENTS = 32;
const EVENTS_PER_CLIENT = 250; // 8,000 events in all, as in the SQLite run
const WARMUP_EVENTS = 200;
const LOADED_EVENTS_PER_CLIENT = 60;
const DELIVERY_SAMPLES = 200;
const RAW_INSERTS = 5_000;

type Poster = { post(path: string, body: unknown): Promise<{ status: number; text: string }>; close(): void };

function poster(server: TestServer): Poster {
  // node:http with keep-alive: a lighter client than fetch (the load
  // generator shares the two cores with both servers and PostgreSQL).
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const post = (path: string, body: unknown): Promise<{ status: number; text: string }> => {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${server.url}${path}`,
        {
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), authorization: `Bearer ${server.keys.responder}` },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  };
  return { post, close: () => agent.destroy() };
}

/** Raw single-row INSERTs through `pg`, each its own commit: one connection in sequence, then 32 connections at once. */
async function rawPgInsertRates(url: string): Promise<{ sequential: number; parallel: number }> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`CREATE TABLE ev (id TEXT PRIMARY KEY, "incidentId" TEXT NOT NULL, "occurredAt" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL, body TEXT NOT NULL, kind TEXT NOT NULL);
    CREATE INDEX ev_order ON ev ("incidentId", "occurredAt", "recordedAt")`);
  const incidentId = randomUUID();
  const insert = (client: pg.Client | pg.Pool, i: number) =>
    client.query("INSERT INTO ev VALUES ($1, $2, $3, $3, $4, 'note')", [randomUUID(), incidentId, new Date(), `raw insert ${i}`]);
  let start = performance.now();
  for (let i = 0; i < RAW_INSERTS; i++) await insert(setup, i);
  const sequential = RAW_INSERTS / ((performance.now() - start) / 1000);
  await setup.end();

  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  try {
    start = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < RAW_INSERTS) await insert(pool, next++);
      }),
    );
    return { sequential, parallel: RAW_INSERTS / ((performance.now() - start) / 1000) };
  } finally {
    await pool.end();
  }
}

/** `clients` clients, half on each instance, each posting `perClient` entries one after another. */
async function burst(posters: Poster[], path: string, perClient: number, sent?: Map<string, number>) {
  const latencies: number[] = [];
  let failures = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const target = c % posters.length;
      for (let i = 0; i < perClient; i++) {
        const id = randomUUID();
        const t0 = performance.now();
        if (target === 0) sent?.set(id, t0);
        const { status } = await posters[target]!.post(path, { id, body: `client ${c} line ${i}: checkout 503s rising`, kind: "note" });
        latencies.push(performance.now() - t0);
        if (status !== 201) failures++;
      }
    }),
  );
  return { seconds: (performance.now() - start) / 1000, latencies, failures };
}

/** A viewer that records, for every entry in `sent`, how long after its POST began it arrived. */
async function timedViewer(server: TestServer, incidentId: string, sent: Map<string, number>): Promise<{ stream: SseStream; delays: number[] }> {
  const delays: number[] = [];
  const stream = await openEventStream(server, incidentId, {
    onFrame: (f, at) => {
      const t0 = f.event === "event" && f.data.action === "created" ? sent.get(f.data.event.id) : undefined;
      if (t0 !== undefined) delays.push(at - t0);
    },
  });
  await stream.waitFor((f) => f.event === "incident", 10_000, "the stream to open");
  return { stream, delays };
}

export async function benchPostgres(sqliteIngestRate: number): Promise<void> {
  heading("Two instances on PostgreSQL");
  if (!hasPostgresBinaries()) {
    console.log("skipped: PostgreSQL's server is not installed here (initdb is not on PATH; apt-get install postgresql-15)");
    return;
  }
  const cluster = await startTempPostgres({ durable: true });
  const servers: TestServer[] = [];
  const posters: Poster[] = [];
  try {
    const database = await createScratchDatabase(cluster.url, "debrief_bench");
    await migrate(database.url);
    const identities = await seedIdentities(database.url);
    for (let i = 0; i < 2; i++) servers.push(await startTestServer({ databaseUrl: database.url, identities }));
    const [a, b] = servers as [TestServer, TestServer];
    posters.push(poster(a), poster(b));
    const created = await posters[0]!.post("/api/v1/incidents", { title: "Ingest benchmark", severity: "SEV2" });
    const { id } = JSON.parse(created.text) as { id: string };
    const eventsPath = `/api/v1/incidents/${id}/events`;
    for (let i = 0; i < WARMUP_EVENTS; i++) await posters[i % 2]!.post(eventsPath, { id: randomUUID(), body: `warm-up ${i}` });

    // 1. Ingest, as the SQLite run measures it (no viewer).
    const pids = { servers: servers.flatMap((s) => s.pid() ?? []), postgres: [postmasterPid(cluster.dataDir) ?? -1] };
    const cpu0 = { servers: cpuSeconds(pids.servers), postgres: cpuSeconds(pids.postgres), generator: process.cpuUsage() };
    const ingest = await burst(posters, eventsPath, EVENTS_PER_CLIENT);
    const generatorCpu = process.cpuUsage(cpu0.generator);
    const cpu = {
      servers: cpuSeconds(pids.servers) - cpu0.servers,
      postgres: cpuSeconds(pids.postgres) - cpu0.postgres,
      generator: (generatorCpu.user + generatorCpu.system) / 1e6,
    };
    const total = CLIENTS * EVENTS_PER_CLIENT;
    const s = summarize(ingest.latencies);

    // 2. Delivery under load: a viewer on B times what clients post on A during a second burst.
    const sentUnderLoad = new Map<string, number>();
    const loaded = await timedViewer(b, id, sentUnderLoad);
    await burst(posters, eventsPath, LOADED_EVENTS_PER_CLIENT, sentUnderLoad);
    for (const deadline = Date.now() + 10_000; loaded.delays.length < sentUnderLoad.size && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    loaded.stream.close();

    // 3. Delivery alone: one entry at a time, posted on A, watched on B.
    const sentQuiet = new Map<string, number>();
    const quiet = await timedViewer(b, id, sentQuiet);
    for (let i = 0; i < DELIVERY_SAMPLES; i++) {
      const eventId = randomUUID();
      sentQuiet.set(eventId, performance.now());
      await posters[0]!.post(eventsPath, { id: eventId, body: `delivery ${i}` });
      await quiet.stream.waitFor((f) => f.event === "event" && f.data.event.id === eventId, 10_000, "the entry on the other instance");
    }
    quiet.stream.close();

    const raw = await rawPgInsertRates(database.url);
    const dq = summarize(quiet.delays);
    const dl = summarize(loaded.delays);
    console.log(`clients: ${CLIENTS} (half on each instance), events: ${fmtInt(total)}, failed: ${ingest.failures}`);
    console.log(`HTTP ingest, 2 instances:  ${fmtInt(total / ingest.seconds)} events/s   p50 ${fmt(s.p50)} ms   p99 ${fmt(s.p99)} ms   max ${fmt(s.max)} ms`);
    console.log(`one instance on SQLite:    ${fmtInt(sqliteIngestRate)} events/s (above, this run)`);
    console.log(`raw pg inserts:            ${fmtInt(raw.sequential)} /s in sequence on one connection, ${fmtInt(raw.parallel)} /s over ${CLIENTS} connections (each its own commit)`);
    if (Number.isFinite(cpu.servers)) {
      const cores = (cpu.servers + cpu.postgres + cpu.generator) / ingest.seconds;
      console.log(
        `CPU during the ingest:     both servers ${fmt(cpu.servers)} s, PostgreSQL ${fmt(cpu.postgres)} s, load generator ${fmt(cpu.generator)} s ` +
          `in ${fmt(ingest.seconds)} s = ${fmt(cores)} of the machine's cores busy; ${fmt((cpu.servers * 1000) / total, 2)} ms of server CPU per entry`,
      );
    }
    console.log(`post on A → viewer on B:   p50 ${fmt(dq.p50)} ms   p95 ${fmt(dq.p95)} ms   max ${fmt(dq.max)} ms (one at a time, ${dq.n} entries)`);
    console.log(`  under load:              p50 ${fmt(dl.p50)} ms   p95 ${fmt(dl.p95)} ms   max ${fmt(dl.max)} ms (${dl.n} of ${sentUnderLoad.size} entries posted on A while ${CLIENTS} clients write)`);
    console.log(`PostgreSQL 15, a temporary cluster on loopback with its defaults (fsync, synchronous_commit on)`);
    console.log(`target:                    2 instances >= 1 SQLite instance with p99 < 100 ms; A → B p95 < 250 ms`);
  } catch (err) {
    for (const server of servers) console.error(server.output().slice(-3000));
    throw err;
  } finally {
    posters.forEach((p) => p.close());
    await Promise.all(servers.map((server) => server.stop()));
    cluster.stop();
  }
}
