import "server-only";
import { getDb, type Tx } from "../db/client";
import { dbProvider } from "../db/dialect";
import { isUniqueViolation, isWriteConflict } from "../db/errors";
import { storageProblem } from "../db/storage-errors.mjs";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { LIMITS } from "../validation";
import { recomputeKeyTimes } from "../incidents/key-times";
import { auditRow, writeAudit, type AuditEntry } from "../audit/write";
import { insertAuditRows, insertEvents } from "./bulk-insert";
import { insertBatchInOneStatement } from "./pg-batch";
import { createdEntryPayloads, LIVE_CHANNEL } from "./pg-live-bus";
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
/** announced: other instances were told of it by the statement that committed it. */
type Result = { row: TimelineEvent; created: boolean; announced?: boolean };
type Pending = Request & { resolve: (r: Result) => void; reject: (e: unknown) => void };

const MAX_BATCH = 256;

function eventRow({ incidentId, event, actor }: Request, recordedAt: Date) {
  return { ...event, attribution: event.attribution ?? null, incidentId, recordedAt, authorId: actor.id, authorName: actor.name };
}

function createdAudit({ incidentId, event }: Request): AuditEntry {
  const { occurredAt, endedAt, kind, milestone, statusLabel, body, key, visibility } = event;
  const attribution = event.attribution ?? null;
  return {
    incidentId,
    entity: "event",
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
 * Batches in flight at once, per instance. More did not help on PostgreSQL
 * (measured with `npm run bench`): batches of one incident queue on its
 * counter anyway, and smaller batches cost more per entry.
 */
const BATCHES_IN_FLIGHT = 1;

/**
 * Group commit for timeline writes. Requests that arrive while the writer is
 * busy are committed together in the next transaction, so a burst of
 * entries costs a few transactions instead of one each. Every caller still
 * gets its answer only after its row is committed. Requests the batch cannot
 * settle (an unknown, deleted or full incident, an id used elsewhere) are then
 * written one at a time, in order, so that one bad request never fails the
 * others and two requests with the same id never race each other.
 */
/**
 * On PostgreSQL, while writes keep coming, a batch that would be small
 * waits this long for company: each batch is a round trip and a commit, and
 * under load their CPU (not the disk) bounds ingest. Measured with `npm run
 * bench`; SQLite's commits are cheap enough to go at once.
 */
const LINGER_MS = 2;
/** A batch at least this big goes at once. */
const LINGER_UNTIL = 16;
/** "Writes keep coming": the previous batch ended less than this ago. */
const BUSY_WITHIN_MS = 20;

class EventWriter {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private lastBatchEnded = 0;
  private lingering = false;

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

  private pump(lingered = false): void {
    if (this.lingering) return;
    // Once per batch: after the wait it goes, however small.
    if (!lingered && this.queue.length > 0 && this.queue.length < LINGER_UNTIL && this.inFlight === 0 && this.shouldLinger()) {
      this.lingering = true;
      setTimeout(() => {
        this.lingering = false;
        this.pump(true);
      }, LINGER_MS);
      return;
    }
    while (this.queue.length > 0 && this.inFlight < BATCHES_IN_FLIGHT) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.lastBatchEnded = performance.now();
        if (this.queue.length > 0) this.schedule();
      });
    }
  }

  private shouldLinger(): boolean {
    return dbProvider() === "postgresql" && performance.now() - this.lastBatchEnded < BUSY_WITHIN_MS;
  }

  private async run(batch: Pending[]): Promise<void> {
    let results: Array<Result | null>;
    try {
      results = await writeBatch(batch);
    } catch (err) {
      // The batch as a whole failed. The database gone, full or read-only:
      // writing each request alone would only fail again, one by one. A race
      // with another writer, a deadlock, a busy lock: settled request by request.
      const problem = storageProblem(err, dbProvider());
      if (batch.length === 1 || (problem && problem.kind !== "busy")) {
        for (const p of batch) p.reject(err);
        return;
      }
      results = batch.map(() => null);
    }
    for (const [i, p] of batch.entries()) {
      const result = results[i];
      if (result) p.resolve(result);
      else await writeOne(p).then(p.resolve, p.reject);
    }
  }
}

/** The stored row for a retried id, or null when the id is new. */
function asRetry(stored: TimelineEvent | null, p: Request): Result | null {
  if (!stored) return null;
  if (stored.incidentId !== p.incidentId) throw idTakenElsewhere();
  return { row: stored, created: false };
}

/**
 * One request on its own. Another instance may commit the same id between
 * the look-up and the insert (a client retrying against the other instance):
 * the insert then fails on the primary key and the stored row is the answer.
 * A deadlock or serialisation failure (PostgreSQL) is retried a few times.
 */
async function writeOne(p: Request, attempt = 0): Promise<Result> {
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
    if (isUniqueViolation(err)) {
      // Another writer (an import, another instance) stored the id first.
      const stored = asRetry(await db.timelineEvent.findUnique({ where: { id: p.event.id } }), p);
      if (stored) return stored;
    }
    if (isWriteConflict(err) && attempt < 3) return writeOne(p, attempt + 1);
    throw err;
  }
}

/** The row exactly as insertEvents stores it (TypeScript flags a field added to the model and missed here). */
function insertedRow(p: Request, recordedAt: Date): TimelineEvent {
  const { id, occurredAt, endedAt, kind, milestone, statusLabel, body, key, visibility } = p.event;
  // In the model's field order, as a row read back has them: a retry's answer is byte-identical.
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
    editedAt: null,
    editedById: null,
    editedByName: null,
    kind,
    milestone,
    statusLabel,
    body,
    attribution: p.event.attribution ?? null,
    key,
    visibility,
    deletedAt: null,
    updatedAt: recordedAt,
    version: 1,
  };
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Write a batch in one transaction, in as few round trips as the common case
 * allows: count the batch against each incident's cap (which also proves the
 * incident is live), insert every new id (ids already stored are skipped by
 * the database, which also settles a race with another instance), append the
 * audit rows. Retries cost one read and one correction of the count.
 *
 * Returns each request's result, or null for a request that must be written
 * alone (its incident is unknown, deleted or has no room for the batch's
 * entries; its id belongs to another incident).
 */
async function writeBatch(batch: Request[]): Promise<Array<Result | null>> {
  const db = await getDb();
  // The first request of each id creates it; repeats in the batch are retries.
  const firstIndex = new Map<string, number>();
  batch.forEach((p, i) => {
    if (!firstIndex.has(p.event.id)) firstIndex.set(p.event.id, i);
  });
  const candidates = [...firstIndex.values()].map((i) => batch[i]!);
  // Milestones move key times, which are computed in the transaction.
  if (dbProvider() === "postgresql" && !candidates.some((p) => p.event.milestone)) return writeBatchInOneStatement(batch, firstIndex, candidates);
  return db.$transaction(async (tx) => {
    const perIncident = new Map<string, number>();
    for (const p of candidates) perIncident.set(p.incidentId, (perIncident.get(p.incidentId) ?? 0) + 1);
    // Counters are taken in id order: two instances' batches over the same
    // incidents then lock them in the same order and cannot deadlock.
    const refused = new Set<string>();
    for (const [incidentId, count] of [...perIncident].sort(([a], [b]) => byString(a, b))) {
      const counted = await tx.incident.updateMany({
        where: { id: incidentId, deletedAt: null, eventCount: { lte: LIMITS.eventsPerIncident - count } },
        data: { eventCount: { increment: count } },
      });
      if (counted.count === 0) refused.add(incidentId);
    }
    const accepted = candidates.filter((p) => !refused.has(p.incidentId));

    const recordedAt = new Date();
    const inserted = await insertEvents(tx, accepted.map((p) => ({ ...p.event, incidentId: p.incidentId, recordedAt, actor: p.actor })));
    const fresh = accepted.filter((p) => inserted.has(p.event.id));
    // Ids already stored (retries) were counted above: give their places back.
    const skipped = accepted.filter((p) => !inserted.has(p.event.id));
    const stored = skipped.length ? await tx.timelineEvent.findMany({ where: { id: { in: skipped.map((p) => p.event.id) } } }) : [];
    const storedById = new Map(stored.map((r) => [r.id, r]));
    const uncount = new Map<string, number>();
    for (const p of skipped) uncount.set(p.incidentId, (uncount.get(p.incidentId) ?? 0) + 1);
    for (const [incidentId, count] of uncount) {
      await tx.incident.updateMany({ where: { id: incidentId }, data: { eventCount: { decrement: count } } });
    }

    // Each request's author is its own actor, so the rows are built here.
    await insertAuditRows(tx, fresh.map((p) => auditRow(p.actor, createdAudit(p))), recordedAt);
    const createdById = new Map(fresh.map((p) => [p.event.id, insertedRow(p, recordedAt)]));
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

/** writeBatch on PostgreSQL, without milestones: one statement (pg-batch.ts says why), then whatever retries need. */
async function writeBatchInOneStatement(batch: Request[], firstIndex: Map<string, number>, candidates: Request[]): Promise<Array<Result | null>> {
  const db = await getDb();
  const recordedAt = new Date();
  const rows = candidates.map((p) => ({ ...p.event, incidentId: p.incidentId, recordedAt, actor: p.actor, audit: auditRow(p.actor, createdAudit(p)) }));
  // Every candidate is announced: a reference to an entry that was refused or
  // already stored loads nothing new on the other side.
  const payloads = createdEntryPayloads(candidates.map((p) => ({ incidentId: p.incidentId, eventId: p.event.id })));
  const { counted, stored: storedBefore, inserted } = await insertBatchInOneStatement(db, rows, recordedAt, { channel: LIVE_CHANNEL, payloads });
  const accepted = candidates.filter((p) => counted.has(p.incidentId));
  const skipped = accepted.filter((p) => !inserted.has(p.event.id));
  const storedById = new Map<string, TimelineEvent>();
  if (skipped.length) {
    for (const row of await db.timelineEvent.findMany({ where: { id: { in: skipped.map((p) => p.event.id) } } })) storedById.set(row.id, row);
    // Committed by another instance between the statement's snapshot and its insert: counted, but not ours.
    const raced = new Map<string, number>();
    for (const p of skipped) if (!storedBefore.has(p.event.id)) raced.set(p.incidentId, (raced.get(p.incidentId) ?? 0) + 1);
    for (const [incidentId, count] of raced) await db.incident.updateMany({ where: { id: incidentId }, data: { eventCount: { decrement: count } } });
  }
  const createdById = new Map(accepted.filter((p) => inserted.has(p.event.id)).map((p) => [p.event.id, insertedRow(p, recordedAt)]));
  return batch.map((p, i): Result | null => {
    if (!counted.has(p.incidentId)) return null;
    const mine = firstIndex.get(p.event.id) === i ? createdById.get(p.event.id) : undefined;
    if (mine) return { row: mine, created: true, announced: true };
    const row = storedById.get(p.event.id) ?? createdById.get(p.event.id);
    if (!row || row.incidentId !== p.incidentId) return null;
    return { row, created: false };
  });
}

// One writer per process (Next.js may load this module more than once).
const globalForWriter = globalThis as unknown as { __debriefEventWriter?: EventWriter };

export function eventWriter(): EventWriter {
  globalForWriter.__debriefEventWriter ??= new EventWriter();
  return globalForWriter.__debriefEventWriter;
}
