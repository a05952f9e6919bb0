import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Tx } from "../db/client";
import { AppError, notFound, parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { writeAudit, changedFields } from "../audit";
import { recomputeKeyTimes } from "../incidents/key-times";
import { toIncidentDto } from "../incidents/dto";
import { liveBus } from "./live-bus";
import { countLiveEntry, eventWriter, type NewEvent } from "./event-writer";
import { toEventDto, type TimelineEventDto, type EventRevisionDto } from "./dto";
import { ZCreateTimelineEvent, ZListTimelineEvents, ZUpdateTimelineEvent } from "./schemas";
import type { TimelineEvent } from "../generated/prisma/client";

export { insertEventInTx } from "./event-writer";

const TIMELINE_ORDER = [{ occurredAt: "asc" }, { recordedAt: "asc" }, { id: "asc" }] as const;

async function publishIncident(incidentId: string): Promise<void> {
  const db = await getDb();
  const incident = await db.incident.findUnique({ where: { id: incidentId } });
  if (incident) liveBus().publish(incidentId, { type: "incident", incident: toIncidentDto(incident) });
}

/**
 * Add an entry to an incident's timeline. Idempotent on the client-made id:
 * a retry returns the stored event with `created: false`.
 */
export async function createTimelineEvent({
  incidentId,
  input,
  actor,
}: {
  incidentId: string;
  input: unknown;
  actor: Actor;
}): Promise<{ event: TimelineEventDto; created: boolean }> {
  authorize(actor, "write");
  const data = parseInput(ZCreateTimelineEvent, input);
  const now = new Date();
  const { row, created, announced } = await eventWriter().write({
    incidentId,
    actor,
    event: {
      id: data.id ?? randomUUID(),
      occurredAt: data.occurredAt ?? now,
      endedAt: data.endedAt ?? null,
      kind: data.kind ?? "note",
      milestone: data.milestone ?? null,
      statusLabel: data.statusLabel || null,
      body: data.body,
      key: data.key ?? Boolean(data.milestone),
      visibility: data.visibility ?? "internal",
    },
  });
  if (!created) return { event: toEventDto(row), created };
  const event = toEventDto(row);
  liveBus().publish(incidentId, { type: "event", action: "created", event }, { announced });
  if (row.milestone) await publishIncident(incidentId);
  return { event, created: true };
}

/** The timeline in order: occurredAt, then recordedAt. */
export async function listTimelineEvents({
  incidentId,
  query = {},
  actor,
}: {
  incidentId: string;
  query?: unknown;
  actor: Actor;
}): Promise<TimelineEventDto[]> {
  authorize(actor, "read");
  const { since, includeDeleted } = parseInput(ZListTimelineEvents, query);
  const db = await getDb();
  const incident = await db.incident.findFirst({ where: { id: incidentId, deletedAt: null }, select: { id: true } });
  if (!incident) throw notFound("Incident");
  // A catch-up includes deletions, so the client can drop what was removed.
  const rows = await db.timelineEvent.findMany({
    where: {
      incidentId,
      ...(since ? { updatedAt: { gte: since } } : {}),
      ...(since || includeDeleted ? {} : { deletedAt: null }),
    },
    orderBy: [...TIMELINE_ORDER],
  });
  return rows.map(toEventDto);
}

/** An entry of a live incident; the entries of a deleted incident are gone with it (404). */
async function loadEventForChange(tx: Tx, incidentId: string, eventId: string): Promise<TimelineEvent> {
  const row = await tx.timelineEvent.findFirst({ where: { id: eventId, incidentId, incident: { deletedAt: null } } });
  if (!row) throw notFound("Timeline event");
  return row;
}

async function saveRevision(tx: Tx, row: TimelineEvent): Promise<void> {
  const { id, version, occurredAt, endedAt, kind, milestone, statusLabel, body, key, visibility, deletedAt } = row;
  await tx.timelineEventRevision.create({
    data: {
      eventId: id,
      version,
      occurredAt,
      endedAt,
      kind,
      milestone,
      statusLabel,
      body,
      key,
      visibility,
      deletedAt,
      editorId: row.editorId ?? row.authorId,
      editorName: row.editorName ?? row.authorName,
      editedAt: row.updatedAt,
    },
  });
}

function staleVersion(current: TimelineEvent): AppError {
  return new AppError("conflict", `This entry was changed by someone else (now version ${current.version})`, {
    issues: [{ path: "version", message: "is stale" }],
    details: { current: toEventDto(current) },
  });
}

type ChangeResult = { event: TimelineEventDto; milestoneChanged: boolean };

async function changeEvent(
  incidentId: string,
  eventId: string,
  actor: Actor,
  action: "updated" | "deleted" | "restored",
  change: (row: TimelineEvent) => Partial<NewEvent & { deletedAt: Date | null }>,
  expectedVersion?: number,
): Promise<TimelineEventDto> {
  const db = await getDb();
  const result = await db.$transaction(async (tx): Promise<ChangeResult | null> => {
    const row = await loadEventForChange(tx, incidentId, eventId);
    if (expectedVersion !== undefined && row.version !== expectedVersion) throw staleVersion(row);
    const patch = change(row);
    const diff = changedFields(row as unknown as Record<string, unknown>, patch);
    if (!diff.changed) return { event: toEventDto(row), milestoneChanged: false };
    if ("deletedAt" in diff.after) await countLiveEntry(tx, incidentId, patch.deletedAt ? -1 : 1);
    await saveRevision(tx, row);
    // The version in the WHERE makes a concurrent edit fail instead of overwrite.
    const updated = await tx.timelineEvent.updateMany({
      where: { id: eventId, version: row.version },
      data: { ...patch, version: { increment: 1 }, editorId: actor.id, editorName: actor.name },
    });
    if (updated.count === 0) throw staleVersion(await loadEventForChange(tx, incidentId, eventId));
    const saved = await loadEventForChange(tx, incidentId, eventId);
    const milestoneChanged = Boolean(row.milestone || saved.milestone) &&
      ("milestone" in diff.after || "occurredAt" in diff.after || "deletedAt" in diff.after);
    if (milestoneChanged) await recomputeKeyTimes(tx, incidentId);
    await writeAudit(tx, actor, {
      incidentId,
      entity: "event",
      entityId: eventId,
      action: action === "updated" ? "update" : action === "deleted" ? "delete" : "restore",
      before: diff.before,
      after: diff.after,
    });
    return { event: toEventDto(saved), milestoneChanged };
  });
  if (!result) throw notFound("Timeline event");
  liveBus().publish(incidentId, { type: "event", action, event: result.event });
  if (result.milestoneChanged) await publishIncident(incidentId);
  return result.event;
}

/** Edit an entry; the previous version is kept as a revision. 409 when `version` is stale. */
export async function updateTimelineEvent({
  incidentId,
  eventId,
  input,
  actor,
}: {
  incidentId: string;
  eventId: string;
  input: unknown;
  actor: Actor;
}): Promise<TimelineEventDto> {
  authorize(actor, "write");
  const { version, ...fields } = parseInput(ZUpdateTimelineEvent, input);
  return changeEvent(
    incidentId,
    eventId,
    actor,
    "updated",
    (row) => {
      if (row.deletedAt) throw new AppError("conflict", "A deleted entry cannot be edited; restore it first");
      const occurredAt = fields.occurredAt ?? row.occurredAt;
      const endedAt = fields.endedAt === undefined ? row.endedAt : fields.endedAt;
      if (endedAt && endedAt < occurredAt) {
        throw new AppError("validation_failed", "endedAt: must not be before occurredAt", {
          issues: [{ path: "endedAt", message: "must not be before occurredAt" }],
        });
      }
      const patch: Partial<NewEvent> = {};
      for (const [k, v] of Object.entries(fields)) {
        if (v !== undefined) (patch as Record<string, unknown>)[k] = k === "statusLabel" ? v || null : v;
      }
      return patch;
    },
    version,
  );
}

/** Soft-delete an entry (undo with restoreTimelineEvent). */
export async function deleteTimelineEvent({
  incidentId,
  eventId,
  actor,
}: {
  incidentId: string;
  eventId: string;
  actor: Actor;
}): Promise<TimelineEventDto> {
  authorize(actor, "write");
  return changeEvent(incidentId, eventId, actor, "deleted", (row) => (row.deletedAt ? {} : { deletedAt: new Date() }));
}

export async function restoreTimelineEvent({
  incidentId,
  eventId,
  actor,
}: {
  incidentId: string;
  eventId: string;
  actor: Actor;
}): Promise<TimelineEventDto> {
  authorize(actor, "write");
  return changeEvent(incidentId, eventId, actor, "restored", (row) => (row.deletedAt ? { deletedAt: null } : {}));
}

/** Every earlier version of an entry, newest first. */
export async function listEventRevisions({
  incidentId,
  eventId,
  actor,
}: {
  incidentId: string;
  eventId: string;
  actor: Actor;
}): Promise<EventRevisionDto[]> {
  authorize(actor, "read");
  const db = await getDb();
  const event = await db.timelineEvent.findFirst({ where: { id: eventId, incidentId, incident: { deletedAt: null } }, select: { id: true } });
  if (!event) throw notFound("Timeline event");
  return db.timelineEventRevision.findMany({ where: { eventId }, orderBy: { version: "desc" } });
}
