import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { useTempDatabase } from "../support/db";
import { providerOfTestUrl } from "../support/temp-db";
import { LOCAL_ACTOR } from "@/lib/auth/actor";
import { createIncident, deleteIncident, getIncidentById, updateIncident } from "@/lib/incidents/service";
import { createTimelineEvent, deleteTimelineEvent, listTimelineEvents, restoreTimelineEvent } from "@/lib/timeline/service";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db/client";
import { LIMITS } from "@/lib/validation";

useTempDatabase();
const actor = LOCAL_ACTOR;

async function newIncident(title = "Checkout down") {
  return createIncident({ input: { title, severity: "SEV2" }, actor });
}

function appErrorCode(result: PromiseSettledResult<unknown>): string {
  if (result.status === "fulfilled") return "fulfilled";
  return result.reason instanceof AppError ? result.reason.code : `unexpected: ${String(result.reason)}`;
}

describe("group commit with a failing neighbour", () => {
  // Every call below is made in the same tick, so they all land in one
  // group-commit batch; the bad ones make the batch fall back to single writes.
  it("answers retries of stored and in-flight ids with the stored entry, in every round", async () => {
    const good = await newIncident();
    const deleted = await newIncident("Deleted");
    await deleteIncident({ id: deleted.id, actor });
    const stored = await Promise.all([1, 2, 3].map((i) => createTimelineEvent({ incidentId: good.id, input: { id: randomUUID(), body: `stored ${i}` }, actor })));

    for (let round = 0; round < 20; round++) {
      const fresh = Array.from({ length: 8 }, (_, i) => ({ id: randomUUID(), body: `round ${round} entry ${i}` }));
      const calls = [
        // Each new entry twice: the original and a client retry in the same batch.
        ...fresh.flatMap((input) => [input, input]).map((input) => ({ kind: "good", p: createTimelineEvent({ incidentId: good.id, input, actor }) })),
        // Retries of entries stored before the batch.
        ...stored.map(({ event }) => ({ kind: "stored", p: createTimelineEvent({ incidentId: good.id, input: { id: event.id, body: event.body }, actor }) })),
        // Writes that must fail: an unknown incident, a deleted one.
        ...[randomUUID(), deleted.id].map((incidentId) => ({ kind: "bad", p: createTimelineEvent({ incidentId, input: { body: "lost" }, actor }) })),
      ];
      const results = await Promise.allSettled(calls.map((c) => c.p));
      const codes = results.map(appErrorCode);
      expect(codes.filter((_, i) => calls[i]!.kind !== "bad")).toEqual(codes.filter((_, i) => calls[i]!.kind !== "bad").map(() => "fulfilled"));
      expect(codes.filter((_, i) => calls[i]!.kind === "bad")).toEqual(["not_found", "not_found"]);

      const values = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      for (const input of fresh) {
        const answers = values.filter((v) => v.event.id === input.id);
        expect(answers.map((a) => a.created).sort()).toEqual([false, true]);
        expect(answers[0]!.event).toEqual(answers[1]!.event);
      }
      for (const { event } of stored) {
        const answer = values.find((v) => v.event.id === event.id);
        expect(answer).toMatchObject({ created: false, event: { id: event.id, body: event.body } });
      }
    }
    const { events: timeline } = await listTimelineEvents({ incidentId: good.id, actor });
    expect(timeline).toHaveLength(3 + 20 * 8);
    expect(new Set(timeline.map((e) => e.id)).size).toBe(timeline.length);
    // Retries were never counted against the cap nor audited twice.
    expect(await liveCount(good.id)).toEqual({ live: 3 + 20 * 8, counted: 3 + 20 * 8 });
    const db = await getDb();
    const audited = await db.auditLog.findMany({ where: { incidentId: good.id, entity: "event", action: "create" }, select: { entityId: true } });
    expect(audited.map((a) => a.entityId).sort()).toEqual(timeline.map((e) => e.id).sort());
  });

  it("answers an id taken by another incident with a 409, while the rest of the batch is written", async () => {
    const a = await newIncident("A");
    const b = await newIncident("B");
    const id = randomUUID();
    const results = await Promise.allSettled([
      createTimelineEvent({ incidentId: a.id, input: { id, body: "mine" }, actor }),
      createTimelineEvent({ incidentId: b.id, input: { id, body: "theirs" }, actor }),
      createTimelineEvent({ incidentId: b.id, input: { body: "unrelated" }, actor }),
    ]);
    expect(results.map(appErrorCode)).toEqual(["fulfilled", "conflict", "fulfilled"]);
  });
});

/** Fill an incident to its cap with real rows: copies of one entry, inserted in one statement. */
async function fillToCap(incidentId: string): Promise<void> {
  const { event } = await createTimelineEvent({ incidentId, input: { body: "seed" }, actor });
  const db = await getDb();
  const columns = `"incidentId", "occurredAt", "endedAt", "recordedAt", "updatedAt", "authorId", "authorName", "kind", "milestone", "statusLabel"`;
  const rest = `"key", "visibility", "version"`;
  if (providerOfTestUrl(process.env.DATABASE_URL ?? "") === "postgresql") {
    // Triggers off for the filler (the test server's superuser may): the search
    // index's triggers would stem 100,000 bodies nobody searches for here.
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
      await tx.$executeRawUnsafe(
        `INSERT INTO "TimelineEvent" ("id", ${columns}, "body", ${rest})
         SELECT gen_random_uuid()::text, ${columns}, 'filler ' || i, ${rest}
         FROM generate_series(1, $1::int) AS i, "TimelineEvent" WHERE "TimelineEvent"."id" = $2`,
        LIMITS.eventsPerIncident - 1,
        event.id,
      );
    }, { timeout: 120_000 });
  } else {
    await db.$executeRawUnsafe(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO "TimelineEvent" ("id", ${columns}, "body", ${rest})
       SELECT lower(hex(randomblob(16))), ${columns}, 'filler ' || i, ${rest}
       FROM n, "TimelineEvent" WHERE "TimelineEvent"."id" = ?`,
      LIMITS.eventsPerIncident - 1,
      event.id,
    );
  }
  await db.incident.update({ where: { id: incidentId }, data: { eventCount: LIMITS.eventsPerIncident } });
}

async function liveCount(incidentId: string): Promise<{ live: number; counted: number }> {
  const db = await getDb();
  const live = await db.timelineEvent.count({ where: { incidentId, deletedAt: null } });
  const counted = (await db.incident.findUniqueOrThrow({ where: { id: incidentId } })).eventCount;
  return { live, counted };
}

describe("an incident at its entry cap", () => {
  it("can still change status and severity, frees a place per deleted entry, and refuses a restore when full", async () => {
    const inc = await newIncident("Full");
    await fillToCap(inc.id);
    const refused = await createTimelineEvent({ incidentId: inc.id, input: { body: "one too many" }, actor }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("limit_exceeded");
    expect((refused as AppError).status).toBe(422);

    // Resolving is never refused by the cap: the status-change entries are written.
    const v1 = await getIncidentById({ id: inc.id, actor });
    const resolved = await updateIncident({ id: inc.id, input: { version: v1.version, status: "resolved", severity: "SEV1" }, actor });
    expect(resolved).toMatchObject({ status: "resolved", severity: "SEV1" });
    const db = await getDb();
    const notes = await db.timelineEvent.findMany({ where: { incidentId: inc.id, kind: "status_change" } });
    expect(notes.map((n) => n.body).sort()).toEqual(["Severity changed from SEV2 to SEV1.", "Status changed from Investigating to Resolved."]);

    // Over the cap by those two; deleting three frees one place.
    const some = await db.timelineEvent.findMany({ where: { incidentId: inc.id, kind: "note" }, take: 4, select: { id: true } });
    for (const { id } of some.slice(0, 3)) await deleteTimelineEvent({ incidentId: inc.id, eventId: id, actor });
    expect(await liveCount(inc.id)).toEqual({ live: LIMITS.eventsPerIncident - 1, counted: LIMITS.eventsPerIncident - 1 });
    const added = await createTimelineEvent({ incidentId: inc.id, input: { body: "fits again" }, actor });
    expect(added.created).toBe(true);

    // Full again: a restore would go over the cap.
    const restore = await restoreTimelineEvent({ incidentId: inc.id, eventId: some[0]!.id, actor }).catch((e: unknown) => e);
    expect((restore as AppError).code).toBe("limit_exceeded");
    await deleteTimelineEvent({ incidentId: inc.id, eventId: some[3]!.id, actor });
    const restored = await restoreTimelineEvent({ incidentId: inc.id, eventId: some[0]!.id, actor });
    expect(restored.deletedAt).toBeNull();
    expect(await liveCount(inc.id)).toEqual({ live: LIMITS.eventsPerIncident, counted: LIMITS.eventsPerIncident });
  });
});
