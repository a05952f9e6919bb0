import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { useTempDatabase } from "../support/db";
import { expectCreatedOnce } from "../support/idempotent";
import { LOCAL_ACTOR } from "@/lib/auth/actor";
import { createIncident, getIncidentById, updateIncident } from "@/lib/incidents/service";
import {
  createTimelineEvent,
  deleteTimelineEvent,
  listEventRevisions,
  listTimelineEvents,
  restoreTimelineEvent,
  updateTimelineEvent,
} from "@/lib/timeline/service";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db/client";

useTempDatabase();
const actor = LOCAL_ACTOR;

async function newIncident() {
  return createIncident({ input: { title: "Checkout down", severity: "SEV1" }, actor });
}

describe("timeline events", () => {
  it("orders by occurredAt, then recordedAt, and marks backdated entries", async () => {
    const inc = await newIncident();
    const now = Date.now();
    await createTimelineEvent({ incidentId: inc.id, input: { body: "second" }, actor });
    await createTimelineEvent({ incidentId: inc.id, input: { body: "first", occurredAt: new Date(now - 5 * 60_000).toISOString() }, actor });
    await createTimelineEvent({ incidentId: inc.id, input: { body: "third" }, actor });
    const { events } = await listTimelineEvents({ incidentId: inc.id, actor });
    expect(events.map((e) => e.body)).toEqual(["first", "second", "third"]);
    expect(events.map((e) => e.backdated)).toEqual([true, false, false]);
  });

  it("treats a repeated client id as the same entry", async () => {
    const inc = await newIncident();
    const id = randomUUID();
    await expectCreatedOnce(() => createTimelineEvent({ incidentId: inc.id, input: { id, body: "once" }, actor }));
    expect((await listTimelineEvents({ incidentId: inc.id, actor })).events).toHaveLength(1);
  });

  it("records who created each entry in the audit log, also for concurrent batches", async () => {
    const inc = await newIncident();
    const other = { ...actor, id: "u-2", name: "Second responder" };
    await Promise.all([
      createTimelineEvent({ incidentId: inc.id, input: { body: "one" }, actor }),
      createTimelineEvent({ incidentId: inc.id, input: { body: "two" }, actor: other }),
    ]);
    const db = await getDb();
    const rows = await db.auditLog.findMany({ where: { incidentId: inc.id, entity: "event", action: "create" } });
    expect(rows.map((r) => r.actorName).sort()).toEqual([actor.name, "Second responder"].sort());
    expect(rows.map((r) => JSON.parse(r.after ?? "{}").body).sort()).toEqual(["one", "two"]);
  });

  it("keeps every earlier version and refuses a stale version", async () => {
    const inc = await newIncident();
    const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: "v1" }, actor });
    const v2 = await updateTimelineEvent({ incidentId: inc.id, eventId: event.id, input: { version: 1, body: "v2", key: true, statusLabel: "Investigation." }, actor });
    expect(v2.version).toBe(2);
    expect(v2.key).toBe(true);
    await expect(
      updateTimelineEvent({ incidentId: inc.id, eventId: event.id, input: { version: 1, body: "lost update" }, actor }),
    ).rejects.toMatchObject({ code: "conflict" });
    await updateTimelineEvent({ incidentId: inc.id, eventId: event.id, input: { version: 2, body: "v3" }, actor });
    const revisions = await listEventRevisions({ incidentId: inc.id, eventId: event.id, actor });
    expect(revisions.map((r) => r.body)).toEqual(["v2", "v1"]);
  });

  it("soft-deletes and restores", async () => {
    const inc = await newIncident();
    const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: "oops" }, actor });
    await deleteTimelineEvent({ incidentId: inc.id, eventId: event.id, actor });
    expect((await listTimelineEvents({ incidentId: inc.id, actor })).events).toHaveLength(0);
    const { events: all } = await listTimelineEvents({ incidentId: inc.id, query: { includeDeleted: "true" }, actor });
    expect(all[0]?.deletedAt).not.toBeNull();
    await restoreTimelineEvent({ incidentId: inc.id, eventId: event.id, actor });
    expect((await listTimelineEvents({ incidentId: inc.id, actor })).events).toHaveLength(1);
  });

  it("derives key times from milestones", async () => {
    const inc = await newIncident();
    const t0 = new Date(Date.now() - 60 * 60_000);
    const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: "errors spike", milestone: "impact_start", occurredAt: t0.toISOString() }, actor });
    await createTimelineEvent({ incidentId: inc.id, input: { body: "paged", milestone: "detected" }, actor });
    let got = await getIncidentById({ id: inc.id, actor });
    expect(got.startedAt?.toISOString()).toBe(t0.toISOString());
    expect(got.detectedAt).not.toBeNull();
    expect(event.key).toBe(true);
    await deleteTimelineEvent({ incidentId: inc.id, eventId: event.id, actor });
    got = await getIncidentById({ id: inc.id, actor });
    expect(got.startedAt?.toISOString()).toBe(inc.startedAt?.toISOString());
  });

  it("writes a status-change entry when status or severity changes", async () => {
    const inc = await newIncident();
    const updated = await updateIncident({ id: inc.id, input: { version: 1, status: "monitoring", severity: "SEV2" }, actor });
    expect(updated.version).toBe(2);
    const { events } = await listTimelineEvents({ incidentId: inc.id, actor });
    expect(events.map((e) => e.kind)).toEqual(["status_change", "status_change"]);
    expect(events.map((e) => e.body).join(" ")).toMatch(/Investigating to Monitoring.*SEV1 to SEV2/);
    await expect(updateIncident({ id: inc.id, input: { version: 1, title: "x" }, actor })).rejects.toBeInstanceOf(AppError);
  });

  it("rejects bad input with errors that name the field", async () => {
    const inc = await newIncident();
    const bad = [
      [{ body: "" }, "body"],
      [{ body: "x".repeat(10_001) }, "body"],
      [{ body: "x", occurredAt: "1969-12-31T23:59:59Z" }, "occurredAt"],
      [{ body: "x", kind: "gossip" }, "kind"],
      [{ body: "x", id: "not-a-uuid" }, "id"],
      [{ body: "x", extra: 1 }, "extra"],
    ] as const;
    for (const [input, field] of bad) {
      const err = await createTimelineEvent({ incidentId: inc.id, input, actor }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).issues.map((i) => i.path)).toContain(field);
    }
    await expect(createTimelineEvent({ incidentId: randomUUID(), input: { body: "x" }, actor })).rejects.toMatchObject({ code: "not_found" });
  });
});
