import "server-only";
import { z } from "zod";
import { Prisma, type TimelineEvent } from "../generated/prisma/client";
import type { Db } from "../db/client";
import type { ChangeKey, TimelineKey } from "./cursor";

// Keyset paging over an incident's timeline. Every query seeks on an index
// and reads at most `limit + 1` rows, so a page costs the same at 10 entries
// as at 100,000 (test/unit/timeline-pages.test.ts checks the query plans):
//   timeline order: TimelineEvent(incidentId, occurredAt, recordedAt, id)
//   change order:   TimelineEvent(incidentId, updatedAt, id)
// The row-value comparisons ("a", "b") < (?, ?) are SQL standard (SQLite
// 3.15+, PostgreSQL) and use the index as a range. Ids are selected here and
// the rows then read by primary key through Prisma, so callers get typed rows.

export type Direction = "older" | "newer";

/** Rows in timeline order plus whether the timeline goes on beyond them. */
export type Slice = { rows: TimelineEvent[]; hasOlder: boolean; hasNewer: boolean };

const zIdRows = z.array(z.object({ id: z.string() }));

const TIMELINE_ASC = Prisma.sql`ORDER BY "occurredAt" ASC, "recordedAt" ASC, "id" ASC`;
const TIMELINE_DESC = Prisma.sql`ORDER BY "occurredAt" DESC, "recordedAt" DESC, "id" DESC`;
const CHANGES_ASC = Prisma.sql`ORDER BY "updatedAt" ASC, "id" ASC`;

/** Which entries a page is made of. */
export type Filter = {
  /** Soft-deleted entries too. */
  includeDeleted: boolean;
  /** Only public updates (or only internal entries): seeks on (incidentId, visibility, …). */
  visibility?: "public" | "internal";
  /** Only starred entries: seeks on (incidentId, key, …). */
  keyOnly?: boolean;
};

function filterSql({ includeDeleted, visibility, keyOnly }: Filter): Prisma.Sql {
  return Prisma.join(
    [
      includeDeleted ? Prisma.empty : Prisma.sql`AND "deletedAt" IS NULL`,
      visibility ? Prisma.sql`AND "visibility" = ${visibility}` : Prisma.empty,
      keyOnly ? Prisma.sql`AND "key" = ${true}` : Prisma.empty,
    ],
    " ",
  );
}

/** The SQL of one page's id query, exported so a test can EXPLAIN it. */
export function idQuery(incidentId: string, condition: Prisma.Sql, order: Prisma.Sql, limit: number, filter: Filter): Prisma.Sql {
  return Prisma.sql`SELECT "id" FROM "TimelineEvent" WHERE "incidentId" = ${incidentId} ${filterSql(filter)} ${condition} ${order} LIMIT ${limit}`;
}

export const conditions = {
  beforeKey: (k: TimelineKey) => Prisma.sql`AND ("occurredAt", "recordedAt", "id") < (${k.occurredAt}, ${k.recordedAt}, ${k.id})`,
  afterKey: (k: TimelineKey) => Prisma.sql`AND ("occurredAt", "recordedAt", "id") > (${k.occurredAt}, ${k.recordedAt}, ${k.id})`,
  atOrAfterKey: (k: TimelineKey) => Prisma.sql`AND ("occurredAt", "recordedAt", "id") >= (${k.occurredAt}, ${k.recordedAt}, ${k.id})`,
  atOrBeforeKey: (k: TimelineKey) => Prisma.sql`AND ("occurredAt", "recordedAt", "id") <= (${k.occurredAt}, ${k.recordedAt}, ${k.id})`,
  beforeTime: (t: Date) => Prisma.sql`AND "occurredAt" < ${t}`,
  atOrAfterTime: (t: Date) => Prisma.sql`AND "occurredAt" >= ${t}`,
  changedSince: (t: Date) => Prisma.sql`AND "updatedAt" >= ${t}`,
  changedAfter: (k: ChangeKey) => Prisma.sql`AND ("updatedAt", "id") > (${k.updatedAt}, ${k.id})`,
};

export const orders = { TIMELINE_ASC, TIMELINE_DESC, CHANGES_ASC };

async function selectIds(db: Db, sql: Prisma.Sql): Promise<string[]> {
  return zIdRows.parse(await db.$queryRaw(sql)).map((r) => r.id);
}

/** The rows of `ids`, in the order of `ids`. */
async function rowsInOrder(db: Db, ids: string[]): Promise<TimelineEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db.timelineEvent.findMany({ where: { id: { in: ids } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function exists(db: Db, incidentId: string, condition: Prisma.Sql, filter: Filter): Promise<boolean> {
  return (await selectIds(db, idQuery(incidentId, condition, Prisma.empty, 1, filter))).length > 0;
}

type Scope = { db: Db; incidentId: string; limit: number; filter: Filter };

/** The newest `limit` entries: the live end of the timeline. */
export async function newestSlice({ db, incidentId, limit, filter }: Scope): Promise<Slice> {
  const ids = await selectIds(db, idQuery(incidentId, Prisma.empty, TIMELINE_DESC, limit + 1, filter));
  const hasOlder = ids.length > limit;
  return { rows: await rowsInOrder(db, ids.slice(0, limit).reverse()), hasOlder, hasNewer: false };
}

/** Up to `limit` entries just before (older) or just after (newer) `key`, in timeline order. */
export async function sliceBeside({ db, incidentId, limit, filter }: Scope, key: TimelineKey, direction: Direction): Promise<Slice> {
  const older = direction === "older";
  const ids = await selectIds(
    db,
    idQuery(incidentId, older ? conditions.beforeKey(key) : conditions.afterKey(key), older ? TIMELINE_DESC : TIMELINE_ASC, limit + 1, filter),
  );
  const more = ids.length > limit;
  const page = ids.slice(0, limit);
  const rows = await rowsInOrder(db, older ? page.reverse() : page);
  // The other side of the cursor: is there anything at it or beyond?
  const other = await exists(db, incidentId, older ? conditions.atOrAfterKey(key) : conditions.atOrBeforeKey(key), filter);
  return older ? { rows, hasOlder: more, hasNewer: other } : { rows, hasOlder: other, hasNewer: more };
}

/**
 * The `limit` entries around an instant (or an entry): about half before it
 * and the rest from it on (more of one side when the other runs out), so a
 * jump to a time, a milestone or a linked entry lands in the middle of what
 * is loaded.
 */
export async function sliceAround({ db, incidentId, limit, filter }: Scope, at: Date | TimelineKey): Promise<Slice> {
  // Split at an instant, or at one entry's key (which then opens the second half).
  const [before, from] = at instanceof Date ? [conditions.beforeTime(at), conditions.atOrAfterTime(at)] : [conditions.beforeKey(at), conditions.atOrAfterKey(at)];
  const [beforeIds, afterIds] = await Promise.all([
    selectIds(db, idQuery(incidentId, before, TIMELINE_DESC, limit + 1, filter)),
    selectIds(db, idQuery(incidentId, from, TIMELINE_ASC, limit + 1, filter)),
  ]);
  const half = Math.floor(limit / 2);
  const takeAfter = Math.min(afterIds.length, Math.max(limit - half, limit - beforeIds.length));
  const takeBefore = Math.min(beforeIds.length, limit - takeAfter);
  const ids = [...beforeIds.slice(0, takeBefore).reverse(), ...afterIds.slice(0, takeAfter)];
  return { rows: await rowsInOrder(db, ids), hasOlder: beforeIds.length > takeBefore, hasNewer: afterIds.length > takeAfter };
}

/**
 * Changes (creates, edits, deletes) in the order they were made, after a
 * change key (an empty id: everything changed at or after its instant): up
 * to `limit`, plus whether more follow.
 */
export async function changesSlice(
  { db, incidentId, limit }: Omit<Scope, "filter">,
  after: ChangeKey,
): Promise<{ rows: TimelineEvent[]; hasMore: boolean }> {
  const condition = after.id ? conditions.changedAfter(after) : conditions.changedSince(after.updatedAt);
  const ids = await selectIds(db, idQuery(incidentId, condition, CHANGES_ASC, limit + 1, { includeDeleted: true }));
  return { rows: await rowsInOrder(db, ids.slice(0, limit)), hasMore: ids.length > limit };
}
