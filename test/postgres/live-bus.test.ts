import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { SYSTEM_ACTOR } from "../../lib/auth/actor";
import { closeDb, getDb } from "../../lib/db/client";
import { createIncident } from "../../lib/incidents/service";
import { toEventDto } from "../../lib/timeline/dto";
import { closeLiveBus, type LiveMessage } from "../../lib/live/bus";
import { PostgresLiveBus } from "../../lib/timeline/pg-live-bus";
import { createTempDatabase, type TempDatabase } from "../support/temp-db";

// The LISTEN/NOTIFY bus between two "instances" (two buses in one process,
// each with its own connection and origin) on a real PostgreSQL database.

let db: TempDatabase;
let publisher: PostgresLiveBus;
let receiver: PostgresLiveBus;

beforeAll(async () => {
  db = await createTempDatabase("postgresql");
  process.env.DATABASE_URL = db.url;
  // Two instances: two origins (in a server each process has its own).
  publisher = new PostgresLiveBus(db.url, randomUUID());
  receiver = new PostgresLiveBus(db.url, randomUUID());
  await Promise.all([publisher.whenListening(), receiver.whenListening()]);
});

afterAll(async () => {
  await Promise.all([publisher?.close(), receiver?.close(), closeLiveBus()]);
  await closeDb();
  await db?.dispose();
});

async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/**
 * What one incident's viewers on `bus` get. `only`: keep just these message
 * types (creating an incident announces it too, and that message may land
 * after the test has started listening).
 */
function collect(bus: PostgresLiveBus, incidentId: string, only?: Array<LiveMessage["type"]>) {
  const got: LiveMessage[] = [];
  let gaps = 0;
  const stop = bus.subscribe(incidentId, (m) => (!only || only.includes(m.type)) && got.push(m), { onGap: () => gaps++ });
  return { got, gaps: () => gaps, stop };
}

async function until(what: string, ok: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Stored entries (written straight to the table: the services would publish them on the process's own bus too). */
async function entries(incidentId: string, n: number, body = (i: number) => `entry ${i}`) {
  const db = await getDb();
  const out = [];
  for (let i = 0; i < n; i++) {
    const row = await db.timelineEvent.create({
      data: { id: randomUUID(), incidentId, occurredAt: new Date(), authorId: SYSTEM_ACTOR.id, authorName: SYSTEM_ACTOR.name, body: body(i) },
    });
    out.push(toEventDto(row));
  }
  return out;
}

describe("PostgreSQL live bus", () => {
  it("carries a burst far larger than one NOTIFY, in order, with full rows loaded on the other side", async () => {
    const incident = await createIncident({ input: { title: "Bus burst", severity: "SEV2" }, actor: SYSTEM_ACTOR });
    // 10,000-character bodies: the rows could never travel inside 8,000-byte payloads.
    const events = await entries(incident.id, 300, (i) => `${i} `.padEnd(10_000, "x"));
    const remote = collect(receiver, incident.id, ["event"]);
    const local = collect(publisher, incident.id);
    for (const event of events) publisher.publish(incident.id, { type: "event", action: "created", event });
    await until("300 messages on the other instance", () => remote.got.length >= 300);
    expect(remote.got.map((m) => (m.type === "event" ? m.event.id : ""))).toEqual(events.map((e) => e.id));
    expect(remote.got.every((m) => m.type === "event" && m.event.body.length === 10_000)).toBe(true);
    // The publisher's own viewers get each message once, straight away (no echo through PostgreSQL).
    await new Promise((r) => setTimeout(r, 300));
    expect(local.got.length).toBe(300);
    remote.stop();
    local.stop();
  });

  it("loads only for incidents someone watches, and sends incident changes too", async () => {
    const watched = await createIncident({ input: { title: "Watched", severity: "SEV2" }, actor: SYSTEM_ACTOR });
    const other = await createIncident({ input: { title: "Nobody watches", severity: "SEV2" }, actor: SYSTEM_ACTOR });
    const remote = collect(receiver, watched.id);
    const [e] = await entries(other.id, 1);
    publisher.publish(other.id, { type: "event", action: "created", event: e! });
    publisher.publish(watched.id, { type: "incident", incident: watched });
    await until("the incident message", () => remote.got.length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(remote.got).toHaveLength(1);
    expect(remote.got[0]).toMatchObject({ type: "incident", incident: { id: watched.id, title: "Watched" } });
    remote.stop();
  });

  it("ignores a malformed or forged notification and keeps working", async () => {
    const incident = await createIncident({ input: { title: "Forged", severity: "SEV2" }, actor: SYSTEM_ACTOR });
    const remote = collect(receiver, incident.id, ["event"]);
    await sql("SELECT pg_notify('debrief_live', $1)", ["{not json"]);
    await sql("SELECT pg_notify('debrief_live', $1)", [JSON.stringify({ o: "x", m: [{ t: "e", i: incident.id, e: "y".repeat(500), a: "created" }] })]);
    await sql("SELECT pg_notify('debrief_live', $1)", [JSON.stringify({ o: "x", m: [{ t: "e", i: incident.id, e: randomUUID(), a: "created" }] })]);
    const [e] = await entries(incident.id, 1);
    publisher.publish(incident.id, { type: "event", action: "created", event: e! });
    await until("the real message", () => remote.got.length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(remote.got.map((m) => m.type === "event" && m.event.id)).toEqual([e!.id]);
    expect(remote.gaps()).toBe(0);
    remote.stop();
  });

  // What a PostgreSQL restart or a network blip does to one instance.
  const cut = (bus: PostgresLiveBus) =>
    sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [`debrief-live ${bus.origin.slice(0, 8)}`]);

  it("a publisher whose connection is cut sends what was published meanwhile once it is back", async () => {
    const incident = await createIncident({ input: { title: "Publisher cut", severity: "SEV2" }, actor: SYSTEM_ACTOR });
    const remote = collect(receiver, incident.id, ["event"]);
    const [during, after] = await entries(incident.id, 2);
    expect((await cut(publisher)).rowCount).toBe(1);
    publisher.publish(incident.id, { type: "event", action: "created", event: during! });
    publisher.publish(incident.id, { type: "event", action: "created", event: after! });
    await until("both messages", () => remote.got.length >= 2);
    expect(remote.got.map((m) => m.type === "event" && m.event.id)).toEqual([during!.id, after!.id]);
    expect(remote.gaps()).toBe(0);
    remote.stop();
  });

  it("a receiver whose connection is cut re-listens and tells its viewers to catch up", async () => {
    const incident = await createIncident({ input: { title: "Receiver cut", severity: "SEV2" }, actor: SYSTEM_ACTOR });
    const remote = collect(receiver, incident.id, ["event"]);
    expect((await cut(receiver)).rowCount).toBe(1);
    await until("the viewer to be told to catch up", () => remote.gaps() > 0);
    await receiver.whenListening();
    const [e] = await entries(incident.id, 1);
    publisher.publish(incident.id, { type: "event", action: "created", event: e! });
    await until("the message after re-listening", () => remote.got.length >= 1);
    expect(remote.got.map((m) => m.type === "event" && m.event.id)).toEqual([e!.id]);
    remote.stop();
  });
});
