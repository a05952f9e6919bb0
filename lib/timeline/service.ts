import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Tx } from "../db/client";
import { AppError, notFound, parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { changedFields } from "../audit/write";
import { runChange } from "../changes/run-change";
import { requireIncident, staleVersion } from "../changes/guards";
import { recomputeKeyTimes } from "../incidents/key-times";
import { toIncidentDto } from "../incidents/dto";
import { liveBus } from "../live/bus";
import { countLiveEntry, eventWriter, type NewEvent } from "./event-writer";
import { toEventDto, type TimelineEventDto, type EventRevisionDto } from "./dto";
import { ZCreateTimelineEvent, ZListTimelineEvents, ZUpdateTimelineEvent } from "./schemas";
import { CATCH_UP_MAX, TIMELINE_WINDOW, encodeCursor, type ChangeKey, type TimelineKey } from "./cursor";
import { changesSlice, newestSlice, sliceAround, sliceBeside } from "./pages";
import { loadKeyEntries } from "../postmortem/load-document";
import type { TimelineEvent } from "../generated/prisma/client";

export { insertEventInTx } from "./event-writer";

/**
 * After the group commit (lib/timeline/event-writer.ts batches entries of
 * many requests into one transaction, outside runChange): a milestone moved
 * the incident's key times, so its viewers get the incident again.
 */
async function publishKeyTimes(incidentId: string): Promise<void> {
  const db = await getDb();
  const incident = await db.incident.findUnique({ where: { id: incidentId } });
  if (incident) liveBus().publish(incidentId, { type: "incident", incident: toIncidentDto(incident) });
}

/**
 * Add an entry to an incident's timeline. Idempotent on the client-made id:
 * a retry returns the stored event with `created: false`.
 */
export async function createTimelineEvent({ incidentId, input, actor }: { incidentId: string; input: unknown; actor: Actor }): Promise<{ event: TimelineEventDto; created: boolean }> {
  authorize(actor, "timeline.write");
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
      attribution: data.attribution || null,
      body: data.body,
      key: data.key ?? Boolean(data.milestone),
      visibility: data.visibility ?? "internal",
    },
  });
  if (!created) return { event: toEventDto(row), created };
  const event = toEventDto(row);
  liveBus().publish(incidentId, { type: "event", action: "created", event }, { announced });
  if (row.milestone) await publishKeyTimes(incidentId);
  return { event, created: true };
}

export type TimelinePageInfo = {
  /** "timeline": entries in timeline order; "changes": changes in the order they were made (a `since` answer). */
  order: "timeline" | "changes";
  limit: number;
  /** There are entries before this page (timeline order). */
  hasOlder: boolean;
  /** There are entries (or changes) after this page. */
  hasNewer: boolean;
  /** Pass as `before` for the entries just before this page. */
  older: string | null;
  /** Pass as `after` for what follows this page (also when nothing follows yet: ask again later). */
  newer: string | null;
};
export type TimelinePage = { events: TimelineEventDto[]; page: TimelinePageInfo };

const timelineKey = (e: TimelineEvent): TimelineKey => ({ occurredAt: e.occurredAt, recordedAt: e.recordedAt, id: e.id });
const timelineCursor = (key: TimelineKey) => encodeCursor({ kind: "timeline", key });

/** Where an entry of this incident sits in the timeline (a 404 when it is not one). */
async function entryKey(incidentId: string, eventId: string, includeDeleted: boolean): Promise<TimelineKey> {
  const db = await getDb();
  const row = await db.timelineEvent.findFirst({
    where: { id: eventId, incidentId, ...(includeDeleted ? {} : { deletedAt: null }) },
    select: { id: true, occurredAt: true, recordedAt: true },
  });
  if (!row) throw notFound("Timeline event");
  return row;
}

/**
 * One page of an incident's timeline (see ZListTimelineEvents): the newest
 * entries, the entries before or after a cursor, around an instant, or the
 * changes since an instant. At most EVENTS_PAGE_MAX entries, read by keyset
 * on an index, so a page costs the same however long the incident is.
 */
export async function listTimelineEvents({
  incidentId,
  query = {},
  actor,
}: {
  incidentId: string;
  query?: unknown;
  actor: Actor;
}): Promise<TimelinePage> {
  authorize(actor, "incidents.read");
  const q = parseInput(ZListTimelineEvents, query);
  const db = await getDb();
  await requireIncident(db, incidentId);
  const limit = q.limit ?? TIMELINE_WINDOW;

  // A catch-up includes deletions, so the client can drop what was removed.
  const changesFrom: ChangeKey | null = q.since ? { updatedAt: q.since, id: "" } : q.after?.kind === "changes" ? q.after.key : null;
  if (changesFrom) {
    // (since, "") sorts before every change made at `since`: "at or after" it.
    const { rows, hasMore } = await changesSlice({ db, incidentId, limit }, changesFrom);
    const last = rows.at(-1);
    const resume: ChangeKey = last ? { updatedAt: last.updatedAt, id: last.id } : changesFrom;
    return {
      events: rows.map(toEventDto),
      page: { order: "changes", limit, hasOlder: false, hasNewer: hasMore, older: null, newer: encodeCursor({ kind: "changes", key: resume }) },
    };
  }

  const scope = { db, incidentId, limit, filter: { includeDeleted: q.includeDeleted ?? false, visibility: q.visibility } };
  const before = q.before?.kind === "timeline" ? q.before.key : null;
  const after = q.after?.kind === "timeline" ? q.after.key : null;
  const slice = before
    ? await sliceBeside(scope, before, "older")
    : after
      ? await sliceBeside(scope, after, "newer")
      : q.around
        ? await sliceAround(scope, q.around)
        : q.entry
          ? await sliceAround(scope, await entryKey(incidentId, q.entry, scope.filter.includeDeleted))
          : await newestSlice(scope);
  const first = slice.rows[0];
  const last = slice.rows.at(-1);
  // An empty page keeps the position it was asked from.
  const olderKey = first ? timelineKey(first) : after;
  const newerKey = last ? timelineKey(last) : (before ?? after);
  return {
    events: slice.rows.map(toEventDto),
    page: {
      order: "timeline",
      limit,
      hasOlder: slice.hasOlder,
      hasNewer: slice.hasNewer,
      older: olderKey ? timelineCursor(olderKey) : null,
      newer: newerKey ? timelineCursor(newerKey) : null,
    },
  };
}

/**
 * What a reconnecting live viewer missed since `since`: every change, or
 * `overflow` when there are more than CATCH_UP_MAX (the viewer then reloads
 * its window instead of being streamed the whole incident).
 */
export async function catchUpTimeline({
  incidentId,
  since,
  actor,
}: {
  incidentId: string;
  since: Date;
  actor: Actor;
}): Promise<{ overflow: false; events: TimelineEventDto[] } | { overflow: true }> {
  authorize(actor, "incidents.read");
  await requireIncident(await getDb(), incidentId);
  const { rows, hasMore } = await changesSlice({ db: await getDb(), incidentId, limit: CATCH_UP_MAX }, { updatedAt: since, id: "" });
  return hasMore ? { overflow: true } : { overflow: false, events: rows.map(toEventDto) };
}

/** How many starred entries the incident page's overview draws at most (the newest). */
export const OVERVIEW_KEY_ENTRIES_MAX = 300;

/** The newest starred entries, in timeline order: the ticks of the incident page's overview. */
export async function listKeyTimelineEvents({ incidentId, actor }: { incidentId: string; actor: Actor }): Promise<TimelineEventDto[]> {
  authorize(actor, "incidents.read");
  await requireIncident(await getDb(), incidentId);
  const slice = await newestSlice({ db: await getDb(), incidentId, limit: OVERVIEW_KEY_ENTRIES_MAX, filter: { includeDeleted: false, keyOnly: true } });
  return slice.rows.map(toEventDto);
}

/**
 * The postmortem's timeline: every key entry (starred or a milestone), in
 * timeline order, read in pages. The postmortem tab starts from these and
 * reads the rest only when asked to show all entries.
 */
export async function listPostmortemTimelineEvents({ incidentId, actor }: { incidentId: string; actor: Actor }): Promise<TimelineEventDto[]> {
  authorize(actor, "incidents.read");
  await requireIncident(await getDb(), incidentId);
  return (await loadKeyEntries(await getDb(), incidentId)).map(toEventDto);
}

/** An entry of a live incident; the entries of a deleted incident are gone with it (404). */
async function loadEventForChange(tx: Tx, incidentId: string, eventId: string): Promise<TimelineEvent> {
  const row = await tx.timelineEvent.findFirst({ where: { id: eventId, incidentId, incident: { deletedAt: null } } });
  if (!row) throw notFound("Timeline event");
  return row;
}

async function saveRevision(tx: Tx, row: TimelineEvent): Promise<void> {
  const { id, version, occurredAt, endedAt, kind, milestone, statusLabel, body, attribution, key, visibility, deletedAt } = row;
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
      attribution,
      key,
      visibility,
      deletedAt,
      editorId: row.editorId ?? row.authorId,
      editorName: row.editorName ?? row.authorName,
      editedAt: row.updatedAt,
    },
  });
}

/**
 * The fields that are what an entry says. Changing one of them makes the
 * entry "edited"; starring, labelling or publishing it does not (those are
 * about the entry, and still bump its version and keep a revision).
 */
const CONTENT_FIELDS = ["body", "occurredAt", "endedAt", "kind", "milestone", "attribution"] as const;

async function changeEvent(
  incidentId: string,
  eventId: string,
  actor: Actor,
  action: "updated" | "deleted" | "restored",
  change: (row: TimelineEvent) => Partial<NewEvent & { deletedAt: Date | null }>,
  expectedVersion?: number,
): Promise<TimelineEventDto> {
  return runChange(actor, async ({ tx, audit, publish, publishIncident }) => {
    const row = await loadEventForChange(tx, incidentId, eventId);
    if (expectedVersion !== undefined && row.version !== expectedVersion) throw staleEntry(row);
    const patch = change(row);
    const diff = changedFields(row as unknown as Record<string, unknown>, patch);
    if (!diff.changed) return toEventDto(row);
    if ("deletedAt" in diff.after) await countLiveEntry(tx, incidentId, patch.deletedAt ? -1 : 1);
    await saveRevision(tx, row);
    const edited = CONTENT_FIELDS.some((field) => field in diff.after);
    // The version in the WHERE makes a concurrent edit fail instead of overwrite.
    const updated = await tx.timelineEvent.updateMany({
      where: { id: eventId, version: row.version },
      data: {
        ...patch,
        version: { increment: 1 },
        editorId: actor.id,
        editorName: actor.name,
        ...(edited ? { editedAt: new Date(), editedById: actor.id, editedByName: actor.name } : {}),
      },
    });
    if (updated.count === 0) throw staleEntry(await loadEventForChange(tx, incidentId, eventId));
    const saved = toEventDto(await loadEventForChange(tx, incidentId, eventId));
    await audit({
      incidentId,
      entity: "event",
      entityId: eventId,
      action: action === "updated" ? "update" : action === "deleted" ? "delete" : "restore",
      before: diff.before,
      after: diff.after,
    });
    publish(incidentId, { type: "event", action, event: saved });
    const milestoneChanged = Boolean(row.milestone || saved.milestone) &&
      ("milestone" in diff.after || "occurredAt" in diff.after || "deletedAt" in diff.after);
    if (milestoneChanged) {
      // The incident's key times follow its milestones.
      await recomputeKeyTimes(tx, incidentId);
      publishIncident(await requireIncident(tx, incidentId));
    }
    return saved;
  });
}

const staleEntry = (current: TimelineEvent) => staleVersion("entry", toEventDto(current));

/** One entry of one incident, and who acts on it. */
type EntryRef = { incidentId: string; eventId: string; actor: Actor };

/** Edit an entry; the previous version is kept as a revision. 409 when `version` is stale. */
export async function updateTimelineEvent({ incidentId, eventId, input, actor }: EntryRef & { input: unknown }): Promise<TimelineEventDto> {
  authorize(actor, "timeline.write");
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
        if (v !== undefined) (patch as Record<string, unknown>)[k] = k === "statusLabel" || k === "attribution" ? v || null : v;
      }
      return patch;
    },
    version,
  );
}

/** Soft-delete an entry (undo with restoreTimelineEvent). */
export async function deleteTimelineEvent({ incidentId, eventId, actor }: EntryRef): Promise<TimelineEventDto> {
  authorize(actor, "timeline.write");
  return changeEvent(incidentId, eventId, actor, "deleted", (row) => (row.deletedAt ? {} : { deletedAt: new Date() }));
}

export async function restoreTimelineEvent({ incidentId, eventId, actor }: EntryRef): Promise<TimelineEventDto> {
  authorize(actor, "timeline.write");
  return changeEvent(incidentId, eventId, actor, "restored", (row) => (row.deletedAt ? { deletedAt: null } : {}));
}

/** Every earlier version of an entry, newest first. */
export async function listEventRevisions({ incidentId, eventId, actor }: EntryRef): Promise<EventRevisionDto[]> {
  authorize(actor, "incidents.read");
  const db = await getDb();
  const event = await db.timelineEvent.findFirst({ where: { id: eventId, incidentId, incident: { deletedAt: null } }, select: { id: true } });
  if (!event) throw notFound("Timeline event");
  return db.timelineEventRevision.findMany({ where: { eventId }, orderBy: { version: "desc" } });
}
