import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { useTempDatabase } from "../support/db";
import { providerOfTestUrl } from "../support/temp-db";
import { LOCAL_ACTOR } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db/client";
import { createIncident } from "@/lib/incidents/service";
import { insertEvents, type EventInsert } from "@/lib/timeline/bulk-insert";
import { CATCH_UP_MAX, EVENTS_PAGE_MAX, TIMELINE_WINDOW, decodeCursor, encodeCursor } from "@/lib/timeline/cursor";
import { conditions, idQuery, orders } from "@/lib/timeline/pages";
import {
  catchUpTimeline,
  createTimelineEvent,
  deleteTimelineEvent,
  listTimelineEvents,
  listKeyTimelineEvents,
  listPostmortemTimelineEvents,
  updateTimelineEvent,
  type TimelinePage,
} from "@/lib/timeline/service";
import { Prisma } from "@/lib/generated/prisma/client";

useTempDatabase();
const actor = LOCAL_ACTOR;
const COUNT = 1_234;
const T0 = Date.parse("2026-03-03T09:00:00Z");

type Seeded = { id: string; ids: string[] };

/**
 * COUNT entries where many share an occurredAt (bursts of 7 in the same
 * second) and a recordedAt (a batch of 300 is written in one statement), so
 * only the id breaks ties: paging must still visit each exactly once.
 */
async function seed(count = COUNT): Promise<Seeded> {
  const incident = await createIncident({ input: { title: "Paging", severity: "SEV2" }, actor });
  const db = await getDb();
  const rows: EventInsert[] = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    incidentId: incident.id,
    occurredAt: new Date(T0 + Math.floor(i / 7) * 1000),
    endedAt: null,
    recordedAt: new Date(T0 + Math.floor(i / 300) * 1000),
    kind: "note",
    milestone: null,
    statusLabel: null,
    body: `entry ${i}`,
    key: false,
    visibility: "internal",
    actor,
  }));
  for (let i = 0; i < rows.length; i += 300) await db.$transaction((tx) => insertEvents(tx, rows.slice(i, i + 300)));
  await db.incident.update({ where: { id: incident.id }, data: { eventCount: count } });
  const ordered = await db.timelineEvent.findMany({
    where: { incidentId: incident.id },
    orderBy: [{ occurredAt: "asc" }, { recordedAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  return { id: incident.id, ids: ordered.map((r) => r.id) };
}

const list = (incidentId: string, query: Record<string, string | number> = {}) => listTimelineEvents({ incidentId, query, actor });
const ids = (p: TimelinePage) => p.events.map((e) => e.id);

async function issuesOf(promise: Promise<unknown>): Promise<string[]> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err instanceof AppError ? err.issues.map((i) => i.path) : [];
}

let big: Seeded;
beforeAll(async () => {
  big = await seed();
});

describe("paging the timeline with cursors", () => {
  it("starts at the newest window and walks back to the first entry, each once, in order", async () => {
    let page = await list(big.id);
    expect(page.events).toHaveLength(TIMELINE_WINDOW);
    expect(ids(page)).toEqual(big.ids.slice(-TIMELINE_WINDOW));
    expect(page.page).toMatchObject({ order: "timeline", hasOlder: true, hasNewer: false, limit: TIMELINE_WINDOW });
    const seen = [...ids(page)];
    while (page.page.hasOlder) {
      expect(page.page.older).not.toBeNull();
      page = await list(big.id, { before: page.page.older ?? "", limit: 97 });
      expect(page.page.hasNewer).toBe(true);
      seen.unshift(...ids(page));
    }
    expect(seen).toEqual(big.ids);
  });

  it("walks forward from the oldest entry with after", async () => {
    // A cursor before the first entry (cursors are positions, not entries).
    let page = await list(big.id, { after: encodeCursor({ kind: "timeline", key: { occurredAt: new Date(0), recordedAt: new Date(0), id: "00000000-0000-4000-8000-000000000000" } }), limit: EVENTS_PAGE_MAX });
    expect(page.page.hasOlder).toBe(false);
    const seen = [...ids(page)];
    while (page.page.hasNewer) {
      page = await list(big.id, { after: page.page.newer ?? "", limit: EVENTS_PAGE_MAX });
      seen.push(...ids(page));
    }
    expect(seen).toEqual(big.ids);
    // At the live end an empty page keeps its position, to ask again later.
    const empty = await list(big.id, { after: page.page.newer ?? "" });
    expect(empty.events).toEqual([]);
    expect(empty.page).toMatchObject({ hasNewer: false, hasOlder: true, newer: page.page.newer });
  });

  it("neither skips nor repeats entries written or deleted between pages", async () => {
    const s = await seed(50);
    const first = await list(s.id, { limit: 20 });
    // Newer than everything (after the page), and older than everything (before it), and one deleted inside the next page.
    await createTimelineEvent({ incidentId: s.id, input: { body: "late arrival" }, actor });
    await createTimelineEvent({ incidentId: s.id, input: { body: "backdated", occurredAt: new Date(T0 - 60_000).toISOString() }, actor });
    const gone = s.ids[10] ?? "";
    await deleteTimelineEvent({ incidentId: s.id, eventId: gone, actor });
    const second = await list(s.id, { before: first.page.older ?? "", limit: 100 });
    expect(second.events.map((e) => e.body)[0]).toBe("backdated");
    expect(ids(second).slice(1)).toEqual(s.ids.slice(0, 30).filter((id) => id !== gone));
    expect(ids(second)).not.toContain(first.events[0]?.id);
    const withDeleted = await list(s.id, { before: first.page.older ?? "", limit: 100, includeDeleted: "true" });
    expect(ids(withDeleted)).toContain(gone);
  });

  it("loads the window around an instant, also at either end of the timeline", async () => {
    const middle = T0 + 80_000; // entry 560 is the first at or after it
    const around = await list(big.id, { around: new Date(middle).toISOString(), limit: 100 });
    expect(ids(around)).toEqual(big.ids.slice(510, 610));
    expect(around.page).toMatchObject({ hasOlder: true, hasNewer: true });
    const start = await list(big.id, { around: new Date(T0 - 3_600_000).toISOString(), limit: 100 });
    expect(ids(start)).toEqual(big.ids.slice(0, 100));
    expect(start.page).toMatchObject({ hasOlder: false, hasNewer: true });
    const end = await list(big.id, { around: new Date(T0 + 86_400_000).toISOString(), limit: 100 });
    expect(ids(end)).toEqual(big.ids.slice(-100));
    expect(end.page).toMatchObject({ hasOlder: true, hasNewer: false });
  });

  it("loads the window around one entry, even among many at the same instant", async () => {
    // Entries 0–6 share an occurredAt, and 0–299 a recordedAt: only the key puts entry 3 in the middle.
    for (const index of [3, 700, COUNT - 1]) {
      const page = await list(big.id, { entry: big.ids[index] ?? "", limit: 11 });
      expect(ids(page)).toContain(big.ids[index]);
      expect(ids(page)).toEqual(big.ids.slice(Math.max(0, Math.min(index - 5, COUNT - 11)), Math.max(0, Math.min(index - 5, COUNT - 11)) + 11));
    }
    const other = await seed(3);
    await expect(list(big.id, { entry: other.ids[0] ?? "" })).rejects.toMatchObject({ code: "not_found" });
    await expect(list(big.id, { entry: randomUUID() })).rejects.toMatchObject({ code: "not_found" });
  });

  it("pages changes since an instant in the order they were made, deletions included", async () => {
    const s = await seed(30);
    const since = new Date();
    await new Promise((r) => setTimeout(r, 5));
    const edited = s.ids[3] ?? "";
    const tick = () => new Promise((r) => setTimeout(r, 3));
    await updateTimelineEvent({ incidentId: s.id, eventId: edited, input: { version: 1, body: "edited" }, actor });
    await tick();
    await deleteTimelineEvent({ incidentId: s.id, eventId: s.ids[4] ?? "", actor });
    await tick();
    const created = await createTimelineEvent({ incidentId: s.id, input: { body: "new" }, actor });
    const first = await list(s.id, { since: since.toISOString(), limit: 2 });
    expect(first.page).toMatchObject({ order: "changes", hasNewer: true });
    expect(first.events.map((e) => e.id)).toEqual([edited, s.ids[4]]);
    expect(first.events[1]?.deletedAt).not.toBeNull();
    const rest = await list(s.id, { after: first.page.newer ?? "", limit: 2 });
    expect(rest.events.map((e) => e.id)).toEqual([created.event.id]);
    expect(rest.page.hasNewer).toBe(false);
    // Nothing new: the same cursor comes back, to poll with.
    const none = await list(s.id, { after: rest.page.newer ?? "" });
    expect(none.events).toEqual([]);
    expect(none.page.newer).toBe(rest.page.newer);
  });

  it("replays a short catch-up, and refuses one longer than a window", async () => {
    const s = await seed(CATCH_UP_MAX + 5);
    // The seeded entries were all written at T0 and after.
    expect(await catchUpTimeline({ incidentId: s.id, since: new Date(T0 - 1000), actor })).toEqual({ overflow: true });
    const since = new Date();
    await new Promise((r) => setTimeout(r, 5));
    await createTimelineEvent({ incidentId: s.id, input: { body: "missed" }, actor });
    const short = await catchUpTimeline({ incidentId: s.id, since, actor });
    expect(short.overflow ? [] : short.events.map((e) => e.body)).toEqual(["missed"]);
  });

  it("pages public updates only, and lists the starred entries for the overview", async () => {
    const s = await seed(60);
    for (const [i, id] of s.ids.entries()) {
      if (i % 10 === 0) await updateTimelineEvent({ incidentId: s.id, eventId: id, input: { version: 1, visibility: "public" }, actor });
      if (i % 15 === 0) await updateTimelineEvent({ incidentId: s.id, eventId: id, input: { version: i % 10 === 0 ? 2 : 1, key: true }, actor });
    }
    const publicIds = s.ids.filter((_, i) => i % 10 === 0);
    const newest = await list(s.id, { visibility: "public", limit: 4 });
    expect(ids(newest)).toEqual(publicIds.slice(-4));
    const older = await list(s.id, { visibility: "public", before: newest.page.older ?? "", limit: 10 });
    expect(ids(older)).toEqual(publicIds.slice(0, 2));
    expect(older.page.hasOlder).toBe(false);
    expect((await list(s.id, { visibility: "internal", limit: 100 })).events.every((e) => e.visibility === "internal")).toBe(true);
    const starred = await listKeyTimelineEvents({ incidentId: s.id, actor });
    expect(starred.map((e) => e.id)).toEqual(s.ids.filter((_, i) => i % 15 === 0));
  });

  it("gives the postmortem tab its key entries only: starred ones and milestones", async () => {
    const s = await seed(40);
    await updateTimelineEvent({ incidentId: s.id, eventId: s.ids[5] ?? "", input: { version: 1, key: true }, actor });
    await updateTimelineEvent({ incidentId: s.id, eventId: s.ids[20] ?? "", input: { version: 1, milestone: "detected", key: false }, actor });
    const entries = await listPostmortemTimelineEvents({ incidentId: s.id, actor });
    expect(entries.map((e) => e.id)).toEqual([s.ids[5], s.ids[20]]);
  });
});

describe("hostile paging input gets an error naming the field", () => {
  const cursorOf = (text: string) => Buffer.from(text).toString("base64url");
  const validCursor = () => encodeCursor({ kind: "timeline", key: { occurredAt: new Date(T0), recordedAt: new Date(T0), id: randomUUID() } });
  const cases: Array<[string, Record<string, string>, string]> = [
    ["limit 0", { limit: "0" }, "limit"],
    ["limit over the maximum", { limit: String(EVENTS_PAGE_MAX + 1) }, "limit"],
    ["limit huge", { limit: "99999999999999999999" }, "limit"],
    ["limit negative", { limit: "-5" }, "limit"],
    ["limit fraction", { limit: "2.5" }, "limit"],
    ["limit exponent", { limit: "1e3" }, "limit"],
    ["limit words", { limit: "all" }, "limit"],
    ["before garbage", { before: "garbage!" }, "before"],
    ["before plain text in base64", { before: cursorOf("hello world") }, "before"],
    ["before with a date past the end of time", { before: cursorOf(`t.9999999999999999.1.${randomUUID()}`) }, "before"],
    ["before with SQL in the id", { before: cursorOf(`t.1.1.'); DROP TABLE "TimelineEvent";--`) }, "before"],
    ["before very long", { before: "A".repeat(10_000) }, "before"],
    ["after empty", { after: "" }, "after"],
    ["before a change cursor", { before: cursorOf(`c.1.${randomUUID()}`) }, "before"],
    ["before and after together", { before: validCursor(), after: validCursor() }, "after"],
    ["around and since together", { around: "2026-03-03T09:00:00Z", since: "2026-03-03T09:00:00Z" }, "since"],
    ["around not a time", { around: "noon" }, "around"],
    ["since not a time", { since: "yesterday" }, "since"],
    ["unknown parameter", { page: "2" }, "page"],
    ["visibility unknown", { visibility: "everyone" }, "visibility"],
    ["entry not a UUID", { entry: "../../etc" }, "entry"],
    ["entry and around together", { around: "2026-03-03T09:00:00Z", entry: randomUUID() }, "entry"],
    ["visibility with since", { visibility: "public", since: "2026-03-03T09:00:00Z" }, "visibility"],
  ];
  it.each(cases)("%s", async (_name, query, field) => {
    expect(await issuesOf(list(big.id, query))).toContain(field);
  });

  it("does not find another incident's entries through a cursor, nor a missing incident", async () => {
    const other = await seed(5);
    const foreign = await list(other.id, { limit: 1 });
    const page = await list(big.id, { before: foreign.page.older ?? "", limit: 10 });
    expect(page.events.every((e) => e.incidentId === big.id)).toBe(true);
    await expect(list(randomUUID())).rejects.toMatchObject({ code: "not_found" });
  });

  it("round-trips cursors and rejects anything else", () => {
    const key = { occurredAt: new Date(T0), recordedAt: new Date(T0 + 1), id: randomUUID() };
    expect(decodeCursor(encodeCursor({ kind: "timeline", key }))).toEqual({ kind: "timeline", key });
    expect(decodeCursor(encodeCursor({ kind: "changes", key: { updatedAt: new Date(T0), id: "" } }))).toEqual({ kind: "changes", key: { updatedAt: new Date(T0), id: "" } });
    for (const bad of ["", "%%%", cursorOf("t.1.1"), cursorOf("x.1.1." + randomUUID()), cursorOf(`t.01.1.${randomUUID()}x`)]) expect(decodeCursor(bad)).toBeNull();
  });
});

/**
 * The plan of a page's query, one line per step. On PostgreSQL sequential scans
 * (and bitmap scans, which lose the order) are switched off for the question, after
 * ANALYZE: a small test table is cheaper to scan, and
 * what is asked is whether an index can give the rows in order, not what the
 * planner prefers for a few thousand rows.
 */
async function planOf(q: Prisma.Sql): Promise<string> {
  const db = await getDb();
  if (providerOfTestUrl(process.env.DATABASE_URL ?? "") === "postgresql") {
    return db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`ANALYZE "TimelineEvent"`);
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      await tx.$executeRawUnsafe("SET LOCAL enable_bitmapscan = off");
      const rows = await tx.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(`EXPLAIN ${q.text}`, ...q.values);
      return rows.map((r) => r["QUERY PLAN"]).join(" | ");
    });
  }
  const rows = await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${q.sql}`, ...q.values);
  return rows.map((r) => r.detail).join(" | ");
}

/** The plan reads the incident's rows through `index`, in its order (no scan of the table, no sort). */
function expectIndexSeek(plan: string, index: string, equalities: string): void {
  if (providerOfTestUrl(process.env.DATABASE_URL ?? "") === "postgresql") {
    // PostgreSQL shortens names to 63 bytes: compare their start.
    expect(plan).toMatch(new RegExp(`Index (Only )?Scan( Backward)? using "?${index.slice(0, 50)}`));
    expect(plan).not.toMatch(/Seq Scan|Sort/);
    return;
  }
  expect(plan).toMatch(new RegExp(`SEARCH TimelineEvent USING (COVERING )?INDEX ${index} \\(${equalities}`));
  // No full scan and no sort of the incident's rows: the index gives the order.
  expect(plan).not.toMatch(/SCAN|TEMP B-TREE/);
}

describe("query plans: every page seeks on an index", () => {
  const key = { occurredAt: new Date(T0), recordedAt: new Date(T0), id: "00000000-0000-4000-8000-000000000000" };
  const forms: Array<[string, Prisma.Sql, Prisma.Sql, string]> = [
    ["newest", Prisma.empty, orders.TIMELINE_DESC, "TimelineEvent_incidentId_occurredAt_recordedAt_id_idx"],
    ["before a cursor", conditions.beforeKey(key), orders.TIMELINE_DESC, "TimelineEvent_incidentId_occurredAt_recordedAt_id_idx"],
    ["after a cursor", conditions.afterKey(key), orders.TIMELINE_ASC, "TimelineEvent_incidentId_occurredAt_recordedAt_id_idx"],
    ["before an instant", conditions.beforeTime(new Date(T0)), orders.TIMELINE_DESC, "TimelineEvent_incidentId_occurredAt_recordedAt_id_idx"],
    ["from an instant", conditions.atOrAfterTime(new Date(T0)), orders.TIMELINE_ASC, "TimelineEvent_incidentId_occurredAt_recordedAt_id_idx"],
    ["changes since", conditions.changedSince(new Date(T0)), orders.CHANGES_ASC, "TimelineEvent_incidentId_updatedAt_id_idx"],
    ["changes after a cursor", conditions.changedAfter({ updatedAt: new Date(T0), id: key.id }), orders.CHANGES_ASC, "TimelineEvent_incidentId_updatedAt_id_idx"],
  ];
  it.each(forms)("%s", async (_name, condition, order, index) => {
    for (const includeDeleted of [false, true]) {
      expectIndexSeek(await planOf(idQuery(big.id, condition, order, 201, { includeDeleted })), index, "incidentId=\\?");
    }
  });

  const filtered: Array<[string, Prisma.Sql, Prisma.Sql, { visibility?: "public"; keyOnly?: boolean }, string]> = [
    ["public updates, newest", Prisma.empty, orders.TIMELINE_DESC, { visibility: "public" }, "TimelineEvent_incidentId_visibility_occurredAt_recordedAt_id_idx"],
    ["public updates before a cursor", conditions.beforeKey(key), orders.TIMELINE_DESC, { visibility: "public" }, "TimelineEvent_incidentId_visibility_occurredAt_recordedAt_id_idx"],
    ["public updates after a cursor", conditions.afterKey(key), orders.TIMELINE_ASC, { visibility: "public" }, "TimelineEvent_incidentId_visibility_occurredAt_recordedAt_id_idx"],
    ["starred entries, newest", Prisma.empty, orders.TIMELINE_DESC, { keyOnly: true }, "TimelineEvent_incidentId_key_occurredAt_recordedAt_id_idx"],
  ];
  it.each(filtered)("%s", async (_name, condition, order, filter, index) => {
    expectIndexSeek(await planOf(idQuery(big.id, condition, order, 201, { includeDeleted: false, ...filter })), index, "incidentId=\\? AND (visibility|key)=\\?");
  });
});
