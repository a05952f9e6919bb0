import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { migrate } from "../../scripts/db.mjs";
import { createScratchDatabase } from "../../scripts/db-postgres.mjs";
import { startTempPostgres } from "../../scripts/pg-temp.mjs";
import { api, startTestServer, type TestServer } from "../support/server";
import { seedIdentities } from "../support/identities";
import { openEventStream } from "../support/sse";

// PostgreSQL goes away under two running instances and comes back. This
// file runs its own PostgreSQL server (it stops it), never the shared one.

let cluster: Awaited<ReturnType<typeof startTempPostgres>>;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  cluster = await startTempPostgres();
  const database = await createScratchDatabase(cluster.url);
  await migrate(database.url);
  const identities = await seedIdentities(database.url);
  a = await startTestServer({ databaseUrl: database.url, identities });
  b = await startTestServer({ databaseUrl: database.url, identities });
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  cluster?.stop();
});

async function until(what: string, ok: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("PostgreSQL outage", () => {
  it("answers 503 with the reason while PostgreSQL is down, and both instances recover by themselves", { timeout: 120_000 }, async () => {
    const incidentId = (await api(a, "POST", "/api/v1/incidents", { title: "Outage", severity: "SEV1" })).json.id as string;
    const viewer = await openEventStream(b, incidentId);
    const before = await api(a, "POST", `/api/v1/incidents/${incidentId}/events`, { body: "Before the outage" });
    await viewer.waitFor((f) => f.event === "event" && f.data.event.id === before.json.id, 10_000, "the entry before the outage");

    cluster.pause();
    for (const server of [a, b]) {
      // Health probes at most once a second (a flood of checks shares one): the first may still be the last good one.
      let health = await api(server, "GET", "/api/health");
      for (const deadline = Date.now() + 10_000; health.status === 200 && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 200));
        health = await api(server, "GET", "/api/health");
      }
      expect(health.status).toBe(503);
      expect(health.json).toMatchObject({ ok: false, db: "postgresql" });
      expect(health.json.error).toMatchObject({ code: "storage_unavailable", message: expect.stringMatching(/^PostgreSQL is unreachable|^the connection to PostgreSQL was lost|^PostgreSQL is shutting down/) });
    }
    const id = randomUUID();
    const write = await api(a, "POST", `/api/v1/incidents/${incidentId}/events`, { id, body: "During the outage" });
    expect(write.status).toBe(503);
    expect(write.json.error.code).toBe("storage_unavailable");
    expect(write.headers.get("retry-after")).toBe("5");
    expect(write.json.error.message).toMatch(/^The database is unavailable: (PostgreSQL|the connection to PostgreSQL)/);
    const edit = await api(b, "PATCH", `/api/v1/incidents/${incidentId}`, { version: 1, status: "identified" });
    expect(edit.status).toBe(503);
    expect(edit.json.error.code).toBe("storage_unavailable");
    // Nothing about hosts or the driver in what the client sees.
    expect(write.text).not.toMatch(/127\.0\.0\.1|localhost|:\d{4,5}\b|prisma|node_modules/i);

    cluster.resume();
    await until("both instances healthy again", async () => (await Promise.all([a, b].map((s) => api(s, "GET", "/api/health")))).every((h) => h.status === 200));
    // The client retries the refused entry with the same id.
    const retried = await api(a, "POST", `/api/v1/incidents/${incidentId}/events`, { id, body: "During the outage" });
    expect(retried.status).toBe(201);

    // B's bus lost its LISTEN connection: once it listens again its viewers
    // are told to catch up (the stream ends), and they resume with `since`.
    await viewer.ended;
    const resumed = await openEventStream(b, incidentId, { since: before.json.updatedAt });
    try {
      await resumed.waitFor((f) => f.event === "event" && f.data.event.id === id, 10_000, "the retried entry in the catch-up");
      const live = await api(a, "POST", `/api/v1/incidents/${incidentId}/events`, { body: "Live again" });
      await resumed.waitFor((f) => f.event === "event" && f.data.event.id === live.json.id, 10_000, "a live entry from the other instance");
    } finally {
      resumed.close();
    }
  });
});
