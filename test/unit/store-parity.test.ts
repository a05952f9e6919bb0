import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { useTempDatabase } from "../support/db";
import { LOCAL_ACTOR, type Actor } from "@/lib/auth/actor";
import { createIncident, getIncidentById, listIncidents } from "@/lib/incidents/service";
import { createTimelineEvent, listTimelineEvents, updateTimelineEvent } from "@/lib/timeline/service";
import { createActionItem, listActionItems } from "@/lib/action-items/service";
import { listIncidentAudit } from "@/lib/audit/read";
import { insertEvents } from "@/lib/timeline/bulk-insert";
import { isUniqueViolation } from "@/lib/db/errors";
import { getDb } from "@/lib/db/client";

// Where SQLite and PostgreSQL differ underneath, the app must not: this file
// runs on both stores (scripts/test.sh runs the suite once on each) and pins
// the behaviour that would drift — text search case, time precision, ordering of ties, booleans and JSON text, unique violations on
// raw SQL, and read-then-write under concurrency.

useTempDatabase();
const actor = LOCAL_ACTOR;

async function newIncident(title = "Parity") {
  return createIncident({ input: { title, severity: "SEV2" }, actor });
}

describe("same answers on SQLite and PostgreSQL", () => {
  it("text searches ignore ASCII case", async () => {
    const upper = await newIncident("CHECKOUT 503s in EU");
    const lower = await newIncident("login slow for some users");
    const ids = async (q: string) => (await listIncidents({ query: { q }, actor })).map((i) => i.id);
    expect(await ids("checkout")).toEqual([upper.id]);
    expect(await ids("Checkout 503S")).toEqual([upper.id]);
    expect(await ids("LOGIN SLOW")).toEqual([lower.id]);

    const item = await createActionItem({ incidentId: upper.id, input: { title: "Add Canary Checks", owner: "Dana Li" }, actor });
    const items = async (q: string) => (await listActionItems({ query: { q }, actor })).items.map((i) => i.id);
    expect(await items("canary")).toEqual([item.item.id]);
    expect(await items("DANA")).toEqual([item.item.id]);

    const someone: Actor = { id: "u-1", name: "Erin O'Neil", role: "admin", kind: "user" };
    await createTimelineEvent({ incidentId: upper.id, input: { body: "by Erin" }, actor: someone });
    const audit = await listIncidentAudit({ incidentId: upper.id, query: { actor: "erin o'" }, actor });
    expect(audit.map((e) => e.actorName)).toEqual(["Erin O'Neil"]);
  });

  it("keeps times to the millisecond and `since` includes a change at exactly that instant", async () => {
    const inc = await newIncident();
    const occurredAt = "2026-03-03T23:50:00.123Z";
    const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: "precise", occurredAt, endedAt: "2026-03-04T00:05:59.999Z" }, actor });
    const [stored] = (await listTimelineEvents({ incidentId: inc.id, actor })).events;
    expect(stored?.occurredAt.toISOString()).toBe(occurredAt);
    expect(stored?.endedAt?.toISOString()).toBe("2026-03-04T00:05:59.999Z");
    expect(stored?.updatedAt.getTime()).toBe(event.updatedAt.getTime());
    const since = await listTimelineEvents({ incidentId: inc.id, query: { since: event.updatedAt.toISOString() }, actor });
    expect(since.events.map((e) => e.id)).toEqual([event.id]);
    const after = await listTimelineEvents({ incidentId: inc.id, query: { since: new Date(event.updatedAt.getTime() + 1).toISOString() }, actor });
    expect(after.events).toEqual([]);
  });

  it("orders entries with equal times by id, whatever the insert order", async () => {
    const inc = await newIncident();
    const occurredAt = "2026-03-03T10:00:00.000Z";
    // Sent together they are committed in one group commit: the same recordedAt.
    const ids = Array.from({ length: 12 }, () => randomUUID());
    await Promise.all(ids.map((id) => createTimelineEvent({ incidentId: inc.id, input: { id, body: id, occurredAt }, actor })));
    const listed = (await listTimelineEvents({ incidentId: inc.id, actor })).events;
    expect(new Set(listed.map((e) => e.recordedAt.getTime())).size).toBe(1);
    expect(listed.map((e) => e.id)).toEqual([...ids].sort());
  });

  it("round-trips booleans, nulls, Unicode and JSON text unchanged", async () => {
    const services = ["Zahlungen (€)", "日本語 API", 'quote " and \\ backslash', "emoji 🔥"];
    const inc = await createIncident({ input: { title: "Ünïcödé ✓", severity: "SEV1", services }, actor });
    expect((await getIncidentById({ id: inc.id, actor })).services).toEqual(services);
    const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: "nul-free but \u2028 odd \t text", key: true, statusLabel: "" }, actor });
    const [stored] = (await listTimelineEvents({ incidentId: inc.id, actor })).events;
    expect(stored).toMatchObject({ id: event.id, key: true, statusLabel: null, milestone: null, endedAt: null, body: "nul-free but \u2028 odd \t text" });
    const edited = await updateTimelineEvent({ incidentId: inc.id, eventId: event.id, input: { version: 1, key: false }, actor });
    expect(edited.key).toBe(false);
  });

  it("skips stored ids in the batch insert, and recognises a unique violation from raw SQL and from Prisma's own queries", async () => {
    const inc = await newIncident();
    const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: "taken" }, actor });
    const db = await getDb();
    const row = { ...event, incidentId: inc.id, recordedAt: new Date(), actor, kind: "note" as const, milestone: null };
    const fresh = { ...row, id: randomUUID(), body: "new" };
    const inserted = await db.$transaction((tx) => insertEvents(tx, [row, fresh]));
    expect([...inserted]).toEqual([fresh.id]);
    expect((await listTimelineEvents({ incidentId: inc.id, actor })).events.map((e) => e.body).sort()).toEqual(["new", "taken"]);
    const raw = await db
      .$executeRaw`INSERT INTO "TimelineEvent" ("id", "incidentId", "occurredAt", "recordedAt", "updatedAt", "authorId", "authorName", "body") VALUES (${event.id}, ${inc.id}, ${new Date()}, ${new Date()}, ${new Date()}, ${"a"}, ${"A"}, ${"again"})`
      .then(() => null, (err: unknown) => err);
    expect(isUniqueViolation(raw)).toBe(true);
    const orm = await db.timelineEvent
      .create({ data: { id: event.id, incidentId: inc.id, occurredAt: new Date(), authorId: "a", authorName: "A", body: "again" } })
      .then(() => null, (err: unknown) => err);
    expect(isUniqueViolation(orm)).toBe(true);
  });

  it("gives concurrent declarations distinct consecutive numbers", async () => {
    const made = await Promise.all(Array.from({ length: 15 }, (_, i) => createIncident({ input: { title: `Burst ${i}`, severity: "SEV3" }, actor })));
    const numbers = made.map((i) => i.number).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(15);
    expect(numbers.at(-1)! - numbers[0]!).toBe(14);
  });

  it("derives key times from milestones written and edited concurrently", async () => {
    const inc = await newIncident();
    const times = Array.from({ length: 10 }, (_, i) => new Date(Date.UTC(2026, 2, 3, 10, i)).toISOString());
    const created = await Promise.all(
      times.map((occurredAt, i) =>
        createTimelineEvent({ incidentId: inc.id, input: { body: `m${i}`, occurredAt, milestone: i % 2 ? "detected" : "mitigated" }, actor }),
      ),
    );
    // Move every "detected" an hour later and every "mitigated" an hour earlier, all at once.
    await Promise.all(
      created.map(({ event }) =>
        updateTimelineEvent({
          incidentId: inc.id,
          eventId: event.id,
          input: { version: 1, occurredAt: new Date(event.occurredAt.getTime() + (event.milestone === "detected" ? 3_600_000 : -3_600_000)).toISOString() },
          actor,
        }),
      ),
    );
    const incident = await getIncidentById({ id: inc.id, actor });
    const events = (await listTimelineEvents({ incidentId: inc.id, actor })).events;
    const first = (m: string) => Math.min(...events.filter((e) => e.milestone === m).map((e) => e.occurredAt.getTime()));
    expect(incident.detectedAt?.getTime()).toBe(first("detected"));
    expect(incident.mitigatedAt?.getTime()).toBe(first("mitigated"));
    expect(incident.detectedAt?.toISOString()).toBe("2026-03-03T11:01:00.000Z");
    expect(incident.mitigatedAt?.toISOString()).toBe("2026-03-03T09:00:00.000Z");
  });
});
