import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { api, startTestServer, type TestServer } from "../support/server";
import { createTempDatabase, type TempDatabase } from "../support/temp-db";
import { openEventStream, openStream, type OpenStream, type SseFrame } from "../support/sse";
import { MAX_STREAMS_PER_CREDENTIAL } from "@/lib/auth/live-access";

// Two production instances (server.ts) on one PostgreSQL database, as behind
// a load balancer: live updates, sessions, sign-in limits, idempotent
// retries and version conflicts hold across them, and killing one with
// SIGKILL in the middle of a write burst loses and duplicates nothing.

let db: TempDatabase;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  db = await createTempDatabase("postgresql");
  a = await startTestServer({ databaseUrl: db.url });
  b = await startTestServer({ databaseUrl: db.url, identities: { keys: a.keys, users: a.users } });
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.dispose();
});

async function newIncident(server: TestServer, title: string): Promise<string> {
  const res = await api(server, "POST", "/api/v1/incidents", { title, severity: "SEV2" });
  expect(res.status).toBe(201);
  return res.json.id;
}

const isEvent = (id: string, action?: string) => (f: SseFrame) =>
  f.event === "event" && f.data.event?.id === id && (!action || f.data.action === action);

async function signIn(server: TestServer, email: string, password: string) {
  const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .join("; ");
  return { status: res.status, cookie };
}

describe("two instances on one PostgreSQL database", () => {
  it("an instance on PostgreSQL refuses to start without BETTER_AUTH_SECRET, with one clear line", async () => {
    const refused = startTestServer({ databaseUrl: db.url, identities: { keys: a.keys, users: a.users }, env: { BETTER_AUTH_SECRET: "" } });
    await expect(refused).rejects.toThrow(/server exited with code 1[\s\S]*debrief: cannot start: BETTER_AUTH_SECRET is not set/);
  });

  it("both report PostgreSQL", async () => {
    for (const server of [a, b]) {
      const health = await api(server, "GET", "/api/health");
      expect(health.status).toBe(200);
      expect(health.json).toMatchObject({ ok: true, db: "postgresql" });
    }
  });

  it("a viewer on one instance sees entries, edits and key times written on the other", async () => {
    const incidentId = await newIncident(a, "Live across instances");
    const onB = await openEventStream(b, incidentId);
    const onA = await openEventStream(a, incidentId);
    try {
      await onB.waitFor((f) => f.event === "incident", 10_000, "the incident snapshot");
      // A body near the limit: NOTIFY payloads must stay under 8,000 bytes.
      const long = "Checkout 503s: ".padEnd(10_000, "x");
      const posted = await api(a, "POST", `/api/v1/incidents/${incidentId}/events`, { id: randomUUID(), body: long });
      expect(posted.status).toBe(201);
      const seen = await onB.waitFor(isEvent(posted.json.id, "created"), 10_000, "the entry posted on A");
      expect(seen.data.event.body).toBe(long);

      const edited = await api(b, "PATCH", `/api/v1/incidents/${incidentId}/events/${posted.json.id}`, { version: 1, body: "Rolled back" });
      expect(edited.status).toBe(200);
      const update = await onA.waitFor(isEvent(posted.json.id, "updated"), 10_000, "the edit made on B");
      expect(update.data.event).toMatchObject({ body: "Rolled back", version: 2 });

      const milestone = await api(a, "POST", `/api/v1/incidents/${incidentId}/events`, {
        body: "Mitigated",
        milestone: "mitigated",
        occurredAt: "2026-03-03T10:00:00.000Z",
      });
      expect(milestone.status).toBe(201);
      await onB.waitFor((f) => f.event === "incident" && f.data.incident.mitigatedAt === "2026-03-03T10:00:00.000Z", 10_000, "the new key time");
    } finally {
      onA.close();
      onB.close();
    }
  });

  it("a session made on one instance is valid on the other, and signing out ends it on both", async () => {
    const { email, password } = a.users.responder;
    const session = await signIn(a, email, password);
    expect(session.status).toBe(200);
    for (const server of [a, b]) {
      const res = await api(server, "GET", "/api/v1/incidents", undefined, { authorization: "", cookie: session.cookie });
      expect(res.status).toBe(200);
    }
    const out = await fetch(`${b.url}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie: session.cookie, origin: b.url, "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBe(200);
    for (const server of [a, b]) {
      const res = await api(server, "GET", "/api/v1/incidents", undefined, { authorization: "", cookie: session.cookie });
      expect(res.status).toBe(401);
    }
  });

  it("counts sign-in attempts across instances (5 a minute per client, wherever they land)", async () => {
    const { email } = a.users.viewer;
    // The session test signed in once from this address already: four more are allowed in the minute.
    const statuses: number[] = [];
    for (const server of [b, a, b, a]) statuses.push((await signIn(server, email, "not the password at all")).status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    // Neither instance has seen more than three attempts itself; together they have seen five.
    expect((await signIn(b, email, "not the password at all")).status).toBe(429);
    expect((await signIn(a, a.users.viewer.email, a.users.viewer.password)).status).toBe(429);
  });

  it("a key revoked on one instance stops working on the other at once, and its stream there ends", async () => {
    const made = await api(a, "POST", "/api/v1/api-keys", { name: "revoked across instances", role: "viewer", service: true });
    expect(made.status).toBe(201);
    const key = made.json.key as string;
    const incidentId = await newIncident(a, "Revocation across instances");
    // B has verified (and cached) the key, and holds a stream opened with it.
    expect((await api(b, "GET", "/api/v1/incidents", undefined, { authorization: `Bearer ${key}` })).status).toBe(200);
    const onB = await openStream(`${b.url}/api/v1/incidents/${incidentId}/events/stream`, { authorization: `Bearer ${key}` });
    expect(onB.status).toBe(200);
    expect((await api(a, "DELETE", `/api/v1/api-keys/${made.json.apiKey.id}`)).status).toBe(200);
    // Within seconds, not the 15 s B may cache a verified key for.
    let status = 200;
    for (const deadline = Date.now() + 8_000; status === 200 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await api(b, "GET", "/api/v1/incidents", undefined, { authorization: `Bearer ${key}` })).status;
    }
    expect(status).toBe(401);
    await onB.ended;
    expect(onB.text()).toContain(": closed: access revoked");
  });

  it("counts first-run setup attempts across instances too", async () => {
    const attempt = (server: TestServer) =>
      fetch(`${server.url}/api/v1/setup`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url },
        body: JSON.stringify({ name: "Mallory", email: "mallory@debrief.test", password: "correct horse battery staple" }),
      }).then((r) => r.status);
    // Already set up: each of the first five is a 409, wherever it lands; the sixth is over the limit on either.
    const statuses: number[] = [];
    for (const server of [a, b, a, b, a]) statuses.push(await attempt(server));
    expect(statuses).toEqual([409, 409, 409, 409, 409]);
    expect(await attempt(b)).toBe(429);
  });

  it("a retry sent to the other instance returns the stored entry (201, then 200) and never duplicates", async () => {
    const incidentId = await newIncident(a, "Retries across instances");
    const id = randomUUID();
    const first = await api(a, "POST", `/api/v1/incidents/${incidentId}/events`, { id, body: "Paged the DB on-call" });
    const retry = await api(b, "POST", `/api/v1/incidents/${incidentId}/events`, { id, body: "Paged the DB on-call" });
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.json).toEqual(first.json);
    // The same id sent to both at once: one creates it, the other gets it back.
    const both = randomUUID();
    const racing = await Promise.all([a, b, a, b].map((s) => api(s, "POST", `/api/v1/incidents/${incidentId}/events`, { id: both, body: "Race" })));
    expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    const list = await api(b, "GET", `/api/v1/incidents/${incidentId}/events`);
    expect(list.json.events.map((e: { id: string }) => e.id).sort()).toEqual([id, both].sort());
    // Counted once each against the incident's cap.
    const counter = new pg.Client({ connectionString: db.url });
    await counter.connect();
    try {
      const { rows } = await counter.query<{ n: number }>(`SELECT "eventCount" AS n FROM "Incident" WHERE id = $1`, [incidentId]);
      expect(rows[0]?.n).toBe(2);
    } finally {
      await counter.end();
    }
    // An id already used by another incident is a conflict on either instance.
    const other = await newIncident(b, "Another incident");
    const taken = await api(b, "POST", `/api/v1/incidents/${other}/events`, { id, body: "Same id elsewhere" });
    expect(taken.status).toBe(409);
    expect(taken.json.error.issues[0].path).toBe("id");
  });

  it("a stale version is a 409 on the other instance too", async () => {
    const incidentId = await newIncident(a, "Versions across instances");
    const entry = (await api(a, "POST", `/api/v1/incidents/${incidentId}/events`, { body: "First words" })).json;
    expect((await api(a, "PATCH", `/api/v1/incidents/${incidentId}/events/${entry.id}`, { version: 1, body: "Edited on A" })).status).toBe(200);
    const stale = await api(b, "PATCH", `/api/v1/incidents/${incidentId}/events/${entry.id}`, { version: 1, body: "Edited on B" });
    expect(stale.status).toBe(409);
    expect(stale.json.error.current.body).toBe("Edited on A");
    expect((await api(b, "PATCH", `/api/v1/incidents/${incidentId}`, { version: 1, status: "identified" })).status).toBe(200);
    expect((await api(a, "PATCH", `/api/v1/incidents/${incidentId}`, { version: 1, status: "monitoring" })).status).toBe(409);
  });

  it("caps live streams per key across instances: the cap counts the streams open on both", async () => {
    const incidentId = await newIncident(a, "Stream caps across instances");
    const headers = { authorization: `Bearer ${a.keys.viewer}` };
    const url = (server: TestServer) => `${server.url}/api/v1/incidents/${incidentId}/events/stream`;
    const open: OpenStream[] = [];
    try {
      // Half on each instance: neither has reached the cap by itself.
      for (let i = 0; i < MAX_STREAMS_PER_CREDENTIAL; i++) {
        const stream = await openStream(url(i % 2 ? b : a), headers);
        expect(stream.status).toBe(200);
        open.push(stream);
      }
      for (const server of [a, b]) {
        const over = await openStream(url(server), headers);
        expect(over.status).toBe(429);
        expect(over.json.error.message).toMatch(/Too many open live streams for this API key \(at most 20\)/);
      }
      // Closing one on A makes room on B.
      open.shift()?.close();
      const deadline = Date.now() + 10_000;
      let again = await openStream(url(b), headers);
      while (again.status === 429 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        again = await openStream(url(b), headers);
      }
      expect(again.status).toBe(200);
      open.push(again);
    } finally {
      for (const stream of open) stream.close();
    }
  });

  it("declarations on both instances at once get distinct consecutive numbers", async () => {
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => api(i % 2 ? a : b, "POST", "/api/v1/incidents", { title: `Burst ${i}`, severity: "SEV3" })));
    expect(made.map((r) => r.status)).toEqual(Array(12).fill(201));
    const numbers = made.map((r) => r.json.number as number).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers.at(-1)! - numbers[0]!).toBe(11);
  });

  it("kill -9 of one instance during a write burst: every acknowledged entry stored once, viewers catch up on the other", { timeout: 180_000 }, async () => {
    const incidentId = await newIncident(a, "Kill -9 during a burst");
    const viewer = await openEventStream(a, incidentId);
    await viewer.waitFor((f) => f.event === "incident", 10_000, "the incident snapshot");

    const CLIENTS = 16;
    const PER_CLIENT = 40;
    const total = CLIENTS * PER_CLIENT;
    const acked = new Map<string, number>();
    let killed: Promise<void> | null = null;
    // A client behind a load balancer: alternate instances; when one is gone,
    // send the same entry (same id) to the other until it is acknowledged.
    const send = async (id: string, body: string, first: TestServer) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const target = attempt === 0 && !(first === a && killed) ? first : b;
        try {
          const res = await api(target, "POST", `/api/v1/incidents/${incidentId}/events`, { id, body });
          if (res.status === 201 || res.status === 200) return res.status;
          throw new Error(`unexpected ${res.status}: ${res.text}`);
        } catch (err) {
          if (target === b) throw err;
        }
      }
      throw new Error(`entry ${id} never acknowledged`);
    };
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; i < PER_CLIENT; i++) {
          const id = randomUUID();
          acked.set(id, await send(id, `client ${c} line ${i}`, (c + i) % 2 ? a : b));
          if (!killed && acked.size >= total / 3) killed = a.kill();
        }
      }),
    );
    await killed;
    expect(acked.size).toBe(total);

    // Stored exactly once each, and the incident's entry counter agrees.
    // (The timeline is read in pages, newest first: walk them all.)
    const stored: string[] = [];
    for (let before = ""; ; ) {
      const list = await api(b, "GET", `/api/v1/incidents/${incidentId}/events?limit=500${before ? `&before=${encodeURIComponent(before)}` : ""}`);
      stored.push(...list.json.events.map((e: { id: string }) => e.id));
      if (!list.json.page.hasOlder) break;
      before = list.json.page.older;
    }
    expect(stored.length).toBe(total);
    expect(new Set(stored)).toEqual(new Set(acked.keys()));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ counted: number; rows: string }>(
        `SELECT "eventCount" AS counted, (SELECT count(*) FROM "TimelineEvent" WHERE "incidentId" = $1) AS rows FROM "Incident" WHERE id = $1`,
        [incidentId],
      );
      expect(rows[0]).toEqual({ counted: total, rows: String(total) });
    } finally {
      await client.end();
    }

    // The viewer's stream died with A, before it saw everything. Like the
    // browser, it reconnects to the other instance from a little before the
    // last change it saw.
    await viewer.ended;
    expect(viewer.frames.filter((f) => f.event === "event").length).toBeLessThan(total);
    const lastSeen = viewer.frames.filter((f) => f.id).at(-1)?.id;
    const since = new Date(Date.parse(lastSeen ?? new Date(0).toISOString()) - 5_000).toISOString();
    const resumed = await openEventStream(b, incidentId, { since });
    try {
      const seen = new Set<string>();
      const missing = () => {
        for (const f of [...viewer.frames, ...resumed.frames]) if (f.event === "event") seen.add(f.data.event.id);
        return [...acked.keys()].filter((id) => !seen.has(id));
      };
      // More was missed than a stream replays (200 changes): it says `reset`, and
      // the browser reloads what it shows. Here: every change since, page by page.
      await resumed.waitFor((f) => f.event === "reset" || f.event === "event", 10_000, "the catch-up");
      if (resumed.frames.some((f) => f.event === "reset")) {
        for (let after = ""; ; ) {
          const query = after ? `after=${encodeURIComponent(after)}` : `since=${encodeURIComponent(since)}`;
          const page = await api(b, "GET", `/api/v1/incidents/${incidentId}/events?${query}&limit=500`);
          expect(page.status).toBe(200);
          for (const e of page.json.events as Array<{ id: string }>) seen.add(e.id);
          if (!page.json.page.hasNewer) break;
          after = page.json.page.newer;
        }
      }
      // A deadline, not a speed assertion: the catch-up is one query.
      for (const deadline = Date.now() + 30_000; missing().length > 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
      expect(missing()).toEqual([]);
    } finally {
      resumed.close();
    }

    // The killed instance comes back on the same database and serves again.
    await a.start();
    const after = await api(a, "POST", `/api/v1/incidents/${incidentId}/events`, { body: "Back after the kill" });
    expect(after.status).toBe(201);
  });
});
