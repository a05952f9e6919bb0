import "server-only";
import { getDb, type Tx } from "../db/client";
import { isUniqueViolation, isWriteConflict, storageUnavailableReason } from "../db/errors";
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
};

type Request = { incidentId: string; event: NewEvent; actor: Actor };
type Result = { row: TimelineEvent; created: boolean };
type Pending = Request & { resolve: (r: Result) => void; reject: (e: unknown) => void };

const MAX_BATCH = 256;

function eventRow({ incidentId, event, actor }: Request, recordedAt: Date) {
  return { ...event, incidentId, recordedAt, authorId: actor.id, authorName: actor.name };
}

function createdAudit({ incidentId, event }: Request) {
  const { occurredAt, endedAt, kind, milestone, statusLabel, body, key, visibility } = event;
  return {
    incidentId,
    entity: "event" as const,
    entityId: event.id,
    action: "create",
    after: { occurredAt, endedAt, kind, milestone, statusLabel, body, key, visibility },
  };
}

function idTakenElsewhere(): AppError {
  return new AppError("conflict", "This event id is already used in another incident", {
    issues: [{ path: "id", message: "already used in another incident" }],
  });
}

/**
 * Insert one event inside a transaction, counting it against the
 * incident's cap. Used for single writes and by status changes.
 */
export async function insertEventInTx(tx: Tx, incidentId: string, event: NewEvent, actor: Actor): Promise<TimelineEvent> {
  const counted = await tx.incident.updateMany({
    where: { id: incidentId, deletedAt: null, eventCount: { lt: LIMITS.eventsPerIncident } },
    data: { eventCount: { increment: 1 } },
  });
  if (counted.count === 0) {
    const exists = await tx.incident.findFirst({ where: { id: incidentId, deletedAt: null }, select: { id: true } });
    if (!exists) throw new AppError("not_found", "Incident not found");
    throw new AppError("limit_exceeded", `An incident holds at most ${LIMITS.eventsPerIncident} timeline events`);
  }
  const row = await tx.timelineEvent.create({ data: eventRow({ incidentId, event, actor }, new Date()) });
  await writeAudit(tx, actor, createdAudit({ incidentId, event, actor }));
  if (event.milestone) await recomputeKeyTimes(tx, incidentId);
  return row;
}

class BatchNeedsSlowPath extends Error {}

/**
 * Batches in flight at once, per instance. More did not help on PostgreSQL
 * (measured with `npm run bench`): batches of one incident queue on its
 * counter anyway, and smaller batches cost more per entry.
 */
const BATCHES_IN_FLIGHT = 1;

/**
 * Group commit for timeline writes. Requests that arrive while the writer is
 * busy are committed together in the next transaction, so a burst of
 * entries costs a few transactions instead of one each. Every caller still
 * gets its answer only after its row is committed. When a batch cannot be
 * written as a whole (an unknown or full incident, a race with another
 * instance), each request is retried on its own so that one bad request
 * never fails others.
 */
class EventWriter {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  write(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      this.schedule();
    });
  }

  // On the next turn of the event loop, so that requests of the same burst share a batch.
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < BATCHES_IN_FLIGHT) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) this.schedule();
      });
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    try {
      const results = await writeBatch(batch);
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (err) {
      // The database is gone: retrying each request would only wait again.
      if (storageUnavailableReason(err)) return batch.forEach((p) => p.reject(err));
      // Anything else (a missing or full incident, the same id written by
      // another instance, a deadlock) is settled request by request.
      await Promise.all(batch.map((p) => writeOne(p).then(p.resolve, p.reject)));
    }
  }
}
async function storedResult(p: Request): Promise<Result | null> {
  const db = await getDb();
  const stored = await db.timelineEvent.findUnique({ where: { id: p.event.id } });
  if (!stored) return null;
  if (stored.incidentId !== p.incidentId) throw idTakenElsewhere();
  return { row: stored, created: false };
}

/**
 * One request on its own. Another instance may commit the same id between
 * the look-up and the insert (a client retrying against the other instance):
 * the insert then fails on the primary key and the stored row is the answer.
 * A deadlock or serialisation failure is retried a few times.
 */
async function writeOne(p: Request, attempt = 0): Promise<Result> {
  const stored = await storedResult(p);
  if (stored) return stored;
  const db = await getDb();
  try {
    const row = await db.$transaction((tx) => insertEventInTx(tx, p.incidentId, p.event, p.actor));
    return { row, created: true };
  } catch (err) {
    if (isUniqueViolation(err)) {
      const raced = await storedResult(p);
      if (raced) return raced;
    }
    if (isWriteConflict(err) && attempt < 3) return writeOne(p, attempt + 1);
    throw err;
  }
}

/** The row exactly as insertEvents stores it (TypeScript flags a field added to the model and missed here). */
function insertedRow(p: Request, recordedAt: Date): TimelineEvent {
  const { id, occurredAt, endedAt, kind, milestone, statusLabel, body, key, visibility } = p.event;
  return {
    id,
    incidentId: p.incidentId,
    occurredAt,
    endedAt,
    recordedAt,
    authorId: p.actor.id,
    authorName: p.actor.name,
    editorId: null,
    editorName: null,
    kind,
    milestone,
    statusLabel,
    body,
    key,
    visibility,
    deletedAt: null,
    updatedAt: recordedAt,
    version: 1,
  };
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One transaction for a batch, in as few round trips as possible: insert
 * every new id (ids already stored are skipped by the database, which also
 * settles a race with another instance), read back only the skipped ones,
 * append the audit rows, then count the new rows against each incident's
 * cap — last, so that the incident's row lock is held only until commit.
 */
async function writeBatch(batch: Request[]): Promise<Result[]> {
  const db = await getDb();
  // The first request of each id creates it; repeats in the batch are retries.
  const firstIndex = new Map<string, number>();
  batch.forEach((p, i) => {
    if (!firstIndex.has(p.event.id)) firstIndex.set(p.event.id, i);
  });
  const candidates = batch.filter((p, i) => firstIndex.get(p.event.id) === i);
  return db.$transaction(async (tx) => {
    const recordedAt = new Date();
    const inserted = await insertEvents(tx, candidates.map((p) => ({ ...p.event, incidentId: p.incidentId, recordedAt, actor: p.actor })));
    const fresh = candidates.filter((p) => inserted.has(p.event.id));
    const skipped = candidates.filter((p) => !inserted.has(p.event.id)).map((p) => p.event.id);
    const stored = skipped.length ? await tx.timelineEvent.findMany({ where: { id: { in: skipped } } }) : [];
    const storedById = new Map(stored.map((r) => [r.id, r]));
    const createdById = new Map(fresh.map((p) => [p.event.id, insertedRow(p, recordedAt)]));

    // Each request's author is its own actor, so the rows are built here.
    await insertAuditRows(tx, fresh.map((p) => auditRow(p.actor, createdAudit(p))), recordedAt);
    const perIncident = new Map<string, number>();
    for (const p of fresh) perIncident.set(p.incidentId, (perIncident.get(p.incidentId) ?? 0) + 1);
    // Counters are taken in id order: two instances' batches over the same
    // incidents then lock them in the same order and cannot deadlock.
    for (const [incidentId, count] of [...perIncident].sort(([a], [b]) => byString(a, b))) {
      const counted = await tx.incident.updateMany({
        where: { id: incidentId, deletedAt: null, eventCount: { lte: LIMITS.eventsPerIncident - count } },
        data: { eventCount: { increment: count } },
      });
      if (counted.count === 0) throw new BatchNeedsSlowPath();
    }
    const milestoneIncidents = new Set(fresh.filter((p) => p.event.milestone).map((p) => p.incidentId));
    for (const incidentId of milestoneIncidents) await recomputeKeyTimes(tx, incidentId);

    return batch.map((p, i): Result => {
      const mine = firstIndex.get(p.event.id) === i ? createdById.get(p.event.id) : undefined;
      if (mine) return { row: mine, created: true };
      const row = storedById.get(p.event.id) ?? createdById.get(p.event.id);
      if (!row || row.incidentId !== p.incidentId) throw new BatchNeedsSlowPath();
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
