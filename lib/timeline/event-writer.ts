import "server-only";
import { getDb, type Tx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { LIMITS } from "../validation";
import { recomputeKeyTimes } from "../incidents/key-times";
import { auditRow, writeAudit } from "../audit";
import { insertAuditRows, insertEvents } from "./bulk-insert";
import type { TimelineEvent } from "../generated/prisma/client";
import type { EventKind, Milestone } from "./schemas";

export type NewEvent = {
  id: string;
  occurredAt: Date;
  endedAt: Date | null;
  kind: EventKind;
  milestone: Milestone | null;
  statusLabel: string | null;
  body: string;
  key: boolean;
  visibility: string;
  /** Who said it, when that is not the author (a pasted chat line's speaker). */
  attribution?: string | null;
};

type Request = { incidentId: string; event: NewEvent; actor: Actor };
type Result = { row: TimelineEvent; created: boolean };
type Pending = Request & { resolve: (r: Result) => void; reject: (e: unknown) => void };

const MAX_BATCH = 256;

function eventRow({ incidentId, event, actor }: Request, recordedAt: Date) {
  return { ...event, attribution: event.attribution ?? null, incidentId, recordedAt, authorId: actor.id, authorName: actor.name };
}

function createdAudit({ incidentId, event }: Request) {
  const { occurredAt, endedAt, kind, milestone, statusLabel, body, key, visibility } = event;
  const attribution = event.attribution ?? null;
  return {
    incidentId,
    entity: "event" as const,
    entityId: event.id,
    action: "create",
    after: { occurredAt, endedAt, kind, milestone, statusLabel, body, key, visibility, ...(attribution ? { attribution } : {}) },
  };
}

function idTakenElsewhere(): AppError {
  return new AppError("conflict", "This event id is already used in another incident", {
    issues: [{ path: "id", message: "already used in another incident" }],
  });
}

function incidentFull(): AppError {
  return new AppError("limit_exceeded", `An incident holds at most ${LIMITS.eventsPerIncident} timeline entries; delete some to add more`, {
    issues: [{ path: "body", message: `the incident already has ${LIMITS.eventsPerIncident} entries` }],
  });
}

/**
 * Insert one event inside a transaction, counting it against the incident's
 * cap of live entries. Status and severity changes pass `overCap` so that an
 * incident at its cap can still be resolved: they are counted but never refused.
 */
export async function insertEventInTx(
  tx: Tx,
  incidentId: string,
  event: NewEvent,
  actor: Actor,
  { overCap = false }: { overCap?: boolean } = {},
): Promise<TimelineEvent> {
  const counted = await tx.incident.updateMany({
    where: { id: incidentId, deletedAt: null, ...(overCap ? {} : { eventCount: { lt: LIMITS.eventsPerIncident } }) },
    data: { eventCount: { increment: 1 } },
  });
  if (counted.count === 0) {
    const exists = await tx.incident.findFirst({ where: { id: incidentId, deletedAt: null }, select: { id: true } });
    if (!exists) throw new AppError("not_found", "Incident not found");
    throw incidentFull();
  }
  const row = await tx.timelineEvent.create({ data: eventRow({ incidentId, event, actor }, new Date()) });
  await writeAudit(tx, actor, createdAudit({ incidentId, event, actor }));
  if (event.milestone) await recomputeKeyTimes(tx, incidentId);
  return row;
}

/**
 * Keep the count of live entries when one is deleted (-1) or restored (+1):
 * the cap counts what is on the timeline, so deleting frees a place and a
 * restore is refused when the incident is full again.
 */
export async function countLiveEntry(tx: Tx, incidentId: string, delta: 1 | -1): Promise<void> {
  const counted = await tx.incident.updateMany({
    where: { id: incidentId, ...(delta > 0 ? { eventCount: { lt: LIMITS.eventsPerIncident } } : {}) },
    data: { eventCount: { increment: delta } },
  });
  if (counted.count === 0) throw incidentFull();
}

/**
 * Group commit for timeline writes. Requests that arrive while a write is in
 * flight are committed together in the next transaction, so a burst of
 * entries costs a few transactions instead of one each. Every caller still
 * gets its answer only after its row is committed. Requests the batch cannot
 * settle (an unknown or full incident, an id used elsewhere) are then written
 * one at a time, in order, so that one bad request never fails the others
 * and two requests with the same id never race each other.
 */
class EventWriter {
  private queue: Pending[] = [];
  private draining = false;

  write(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        let results: Array<Result | null>;
        try {
          results = await writeBatch(batch);
        } catch (err) {
          // The batch as a whole failed (a storage fault, a race with another
          // writer): one request alone gets that error, several are retried alone.
          if (batch.length === 1) {
            batch[0]!.reject(err);
            continue;
          }
          results = batch.map(() => null);
        }
        for (const [i, p] of batch.entries()) {
          const result = results[i];
          if (result) p.resolve(result);
          else await writeOne(p).then(p.resolve, p.reject);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}

/** The stored row for a retried id, or null when the id is new. */
function asRetry(stored: TimelineEvent | null, p: Request): Result | null {
  if (!stored) return null;
  if (stored.incidentId !== p.incidentId) throw idTakenElsewhere();
  return { row: stored, created: false };
}

async function writeOne(p: Request): Promise<Result> {
  const db = await getDb();
  // A deleted incident's entries are gone with it, retries included.
  const live = await db.incident.findFirst({ where: { id: p.incidentId, deletedAt: null }, select: { id: true } });
  if (!live) throw new AppError("not_found", "Incident not found");
  const retry = asRetry(await db.timelineEvent.findUnique({ where: { id: p.event.id } }), p);
  if (retry) return retry;
  try {
    const row = await db.$transaction((tx) => insertEventInTx(tx, p.incidentId, p.event, p.actor));
    return { row, created: true };
  } catch (err) {
    // Another writer (an import, another instance) stored the id first.
    if (!isUniqueViolation(err)) throw err;
    const stored = asRetry(await db.timelineEvent.findUnique({ where: { id: p.event.id } }), p);
    if (stored) return stored;
    throw err;
  }
}

/**
 * Write a batch in one transaction. Returns each request's result, or null
 * for a request that must be written alone (its incident is unknown, deleted
 * or has no room for the batch's entries; its id belongs to another incident).
 */
async function writeBatch(batch: Request[]): Promise<Array<Result | null>> {
  const db = await getDb();
  const ids = batch.map((p) => p.event.id);
  return db.$transaction(async (tx) => {
    const stored = await tx.timelineEvent.findMany({ where: { id: { in: ids } } });
    const storedById = new Map(stored.map((r) => [r.id, r]));
    // Retries of stored entries answer only while their incident is live (new
    // entries are checked by the count update below).
    const retried = [...new Set(batch.filter((p) => storedById.has(p.event.id)).map((p) => p.incidentId))];
    const live = retried.length
      ? await tx.incident.findMany({ where: { id: { in: retried }, deletedAt: null }, select: { id: true } })
      : [];
    const refused = new Set<string>(retried.filter((id) => !live.some((i) => i.id === id)));
    // The first request of each new id creates it; repeats in the batch are retries.
    const firstIndex = new Map<string, number>();
    batch.forEach((p, i) => {
      if (!storedById.has(p.event.id) && !firstIndex.has(p.event.id)) firstIndex.set(p.event.id, i);
    });
    const candidates = [...firstIndex.values()].map((i) => batch[i]!);

    const perIncident = new Map<string, number>();
    for (const p of candidates) perIncident.set(p.incidentId, (perIncident.get(p.incidentId) ?? 0) + 1);
    for (const [incidentId, count] of perIncident) {
      if (refused.has(incidentId)) continue;
      const counted = await tx.incident.updateMany({
        where: { id: incidentId, deletedAt: null, eventCount: { lte: LIMITS.eventsPerIncident - count } },
        data: { eventCount: { increment: count } },
      });
      if (counted.count === 0) refused.add(incidentId);
    }
    const fresh = candidates.filter((p) => !refused.has(p.incidentId));

    const recordedAt = new Date();
    await insertEvents(tx, fresh.map((p) => ({ ...p.event, incidentId: p.incidentId, recordedAt, actor: p.actor })));
    // Each request's author is its own actor, so the rows are built here.
    await insertAuditRows(tx, fresh.map((p) => auditRow(p.actor, createdAudit(p))), recordedAt);
    const created = fresh.length ? await tx.timelineEvent.findMany({ where: { id: { in: fresh.map((p) => p.event.id) } } }) : [];
    const createdById = new Map(created.map((r) => [r.id, r]));
    const milestoneIncidents = new Set(fresh.filter((p) => p.event.milestone).map((p) => p.incidentId));
    for (const incidentId of milestoneIncidents) await recomputeKeyTimes(tx, incidentId);

    return batch.map((p, i): Result | null => {
      if (refused.has(p.incidentId)) return null;
      const mine = firstIndex.get(p.event.id) === i ? createdById.get(p.event.id) : undefined;
      if (mine) return { row: mine, created: true };
      const row = storedById.get(p.event.id) ?? createdById.get(p.event.id);
      // Its first request was refused, or the id lives in another incident.
      if (!row || row.incidentId !== p.incidentId) return null;
      return { row, created: false };
    });
  });
}

// One writer per process (Next.js may load this module more than once).
const globalForWriter = globalThis as unknown as { __debriefEventWriter?: EventWriter };

export function eventWriter(): EventWriter {
  globalForWriter.__debriefEventWriter ??= new EventWriter();
  return globalForWriter.__debriefEventWriter;
}
