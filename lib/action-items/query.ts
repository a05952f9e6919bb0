import type { Db } from "../db/client";
import { AppError } from "../errors";
import { personIdOf, type Actor } from "../auth/actor";
import { accountNamedBy } from "../people/match";
import { personKey } from "../people/person-key";
import type { Prisma } from "../generated/prisma/client";
import { ACTION_ITEM_INCLUDE, type ActionItemRow } from "./dto";
import { startOfUtcDay } from "./dates";
import { DEFAULT_DIR, DEFAULT_SORT } from "./sort-defaults";
import {
  ACTION_ITEM_LIMITS,
  ACTION_STATUSES,
  CLOSED_STATUSES,
  OPEN_STATUSES,
  PRIORITIES,
  type ActionItemSort,
  type ListActionItemsQuery,
} from "./schemas";

type Where = Prisma.ActionItemWhereInput;

/** A list query with "mine" resolved to the requester's account. */
export type ActionItemQuery = ListActionItemsQuery & { mineId?: string };

/**
 * Resolve `mine=true` to the account the actor acts for; a service key or
 * the shell has none, so asking for "mine" is a 422 naming `mine`.
 */
export function forActor(q: ListActionItemsQuery, actor: Actor): ActionItemQuery {
  if (q.mine !== true) return q;
  const mineId = personIdOf(actor);
  if (!mineId) {
    throw new AppError("validation_failed", "Invalid input — mine: needs a signed-in person or a personal API key (a service key owns no items)", {
      issues: [{ path: "mine", message: "needs a signed-in person or a personal API key" }],
    });
  }
  return { ...q, mineId };
}
type OrderBy = Prisma.ActionItemOrderByWithRelationInput;
type Dir = "asc" | "desc";

export { DEFAULT_DIR, DEFAULT_SORT };

/** Past this many matching incidents, filter through the relation instead of an id list. */
const INCIDENT_ID_LIST_MAX = 2_000;

/**
 * The incident side of the filters. Filtering through the relation makes
 * SQL look up the incident of every candidate row (a join per row, even
 * just to skip deleted incidents); resolving the few matching — or deleted —
 * incidents first lets the item query run on its own indexes.
 */
async function incidentFilter(db: Db, q: ListActionItemsQuery): Promise<Where> {
  const byId: Where = q.incident && "id" in q.incident ? { incidentId: q.incident.id } : {};
  const incident: Prisma.IncidentWhereInput = {};
  if (q.incident && "number" in q.incident) incident.number = q.incident.number;
  if (q.severity) incident.severity = { in: q.severity };
  if (Object.keys(incident).length > 0) {
    const live = { ...incident, deletedAt: null, ...(q.incident && "id" in q.incident ? { id: q.incident.id } : {}) };
    const ids = await db.incident.findMany({ where: live, select: { id: true }, take: INCIDENT_ID_LIST_MAX + 1 });
    if (ids.length > INCIDENT_ID_LIST_MAX) return { AND: [byId, { incident: live }] };
    return { incidentId: { in: ids.map((i) => i.id) } };
  }
  const deleted = await db.incident.findMany({ where: { deletedAt: { not: null } }, select: { id: true }, take: INCIDENT_ID_LIST_MAX + 1 });
  if (deleted.length > INCIDENT_ID_LIST_MAX) return { AND: [byId, { incident: { deletedAt: null } }] };
  return deleted.length ? { AND: [byId, { incidentId: { notIn: deleted.map((i) => i.id) } }] } : byId;
}

/** The filters of a list query as one Prisma `where`. */
export async function actionItemWhere(db: Db, q: ActionItemQuery, now: Date): Promise<Where> {
  const and: Where[] = [await incidentFilter(db, q)];
  if (q.status) and.push({ status: { in: q.status } });
  if (q.type) and.push({ type: { in: q.type } });
  if (q.priority) and.push({ priority: { in: q.priority } });
  if (q.owner) and.push(await ownerFilter(db, q.owner));
  if (q.ownerId) and.push({ ownerId: q.ownerId });
  if (q.mine === true) and.push({ ownerId: q.mineId ?? "" });
  const today = startOfUtcDay(now);
  if (q.overdue === true) and.push({ status: { in: [...OPEN_STATUSES] }, dueDate: { lt: today } });
  if (q.overdue === false) {
    and.push({ OR: [{ status: { in: [...CLOSED_STATUSES] } }, { dueDate: null }, { dueDate: { gte: today } }] });
  }
  if (q.q) {
    const asNumber = /^(?:inc-)?(\d{1,9})$/i.exec(q.q)?.[1];
    and.push({
      OR: [
        { title: { contains: q.q } },
        { description: { contains: q.q } },
        { owner: { contains: q.q } },
        { incident: { title: { contains: q.q } } },
        ...(asNumber ? [{ incident: { number: Number(asNumber) } }] : []),
      ],
    });
  }
  return { AND: and };
}

/**
 * Items whose owner is written like `name` ignoring case and spacing, and
 * the items of the one account `name` names (so an email finds its
 * owner's items too).
 */
async function ownerFilter(db: Db, name: string): Promise<Where> {
  const account = await accountNamedBy(db, name);
  const byKey: Where = { ownerKey: personKey(name) };
  return account ? { OR: [byKey, { ownerId: account.id }] } : byKey;
}

function flip(d: Dir): Dir {
  return d === "asc" ? "desc" : "asc";
}
const BY_DUE: OrderBy = { dueDate: { sort: "asc", nulls: "last" } };
const BY_ID: OrderBy = { id: "asc" };

/**
 * ORDER BY for a sort column. Every order ends in the id so that equal
 * values page deterministically. Empty owners and due dates go last.
 */
export function actionItemOrderBy(sort: ActionItemSort, dir: Dir): OrderBy[] {
  switch (sort) {
    case "title":
      return [{ title: dir }, BY_ID];
    case "incident":
      return [{ incident: { number: dir } }, BY_DUE, BY_ID];
    case "severity":
      return [{ incident: { severity: dir } }, BY_DUE, BY_ID];
    case "owner":
      // By the match key, so "alice" and "Alice" sort together.
      return [{ ownerKey: { sort: dir, nulls: "last" } }, BY_DUE, BY_ID];
    case "dueDate":
      return [{ dueDate: { sort: dir, nulls: "last" } }, { createdAt: "asc" }, BY_ID];
    case "type":
      return [{ type: dir }, BY_DUE, BY_ID];
    case "age":
      // Older means larger age: age ascending is newest first.
      return [{ createdAt: flip(dir) }, BY_ID];
    case "priority":
    case "status":
      // Ranked columns are paged bucket by bucket (rankedPage); within a bucket:
      return [BY_DUE, BY_ID];
  }
}

/** Columns whose order is a rank, not the alphabet (urgent > high > medium > low). */
const RANKS = { priority: PRIORITIES, status: ACTION_STATUSES } as const;

export type ActionItemPage = { rows: ActionItemRow[]; total: number; page: number; pageSize: number };

export type PageRequest = { query: ActionItemQuery; now: Date; sort: ActionItemSort; dir: Dir; skip: number; take: number };
type ResolvedRequest = Omit<PageRequest, "query" | "now"> & { where: Where };

export function pageRequest(
  q: ActionItemQuery,
  now: Date,
  maxTake: number = ACTION_ITEM_LIMITS.pageSizeMax,
): PageRequest & { page: number } {
  const page = q.page ?? 1;
  const take = Math.min(q.pageSize ?? ACTION_ITEM_LIMITS.pageSizeDefault, maxTake);
  return { query: q, now, sort: q.sort ?? DEFAULT_SORT, dir: q.dir ?? DEFAULT_DIR, skip: (page - 1) * take, take, page };
}

/**
 * One page of action items and the total, sorted and filtered in SQL.
 * Shared by the service, the CSV export and the benchmark.
 */
export async function findActionItemPage(db: Db, request: PageRequest): Promise<{ rows: ActionItemRow[]; total: number }> {
  const req: ResolvedRequest = { ...request, where: await actionItemWhere(db, request.query, request.now) };
  if (req.sort === "priority" || req.sort === "status") return rankedPage(db, req, req.sort);
  const [rows, total] = await Promise.all([
    db.actionItem.findMany({ where: req.where, orderBy: actionItemOrderBy(req.sort, req.dir), skip: req.skip, take: req.take, include: ACTION_ITEM_INCLUDE }),
    db.actionItem.count({ where: req.where }),
  ]);
  return { rows, total };
}

async function countBy(db: Db, where: Where, field: "priority" | "status"): Promise<Map<string, number>> {
  const groups =
    field === "priority"
      ? (await db.actionItem.groupBy({ by: ["priority"], where, _count: { _all: true } })).map((g) => [g.priority, g._count._all] as const)
      : (await db.actionItem.groupBy({ by: ["status"], where, _count: { _all: true } })).map((g) => [g.status, g._count._all] as const);
  return new Map(groups);
}

/**
 * Paging by a rank the database cannot sort by without a CASE expression
 * (which Prisma's orderBy cannot express): count each value with one
 * groupBy, work out which values the requested page spans, and read just
 * those slices. The fan-out is bounded by the number of values (≤ 5), not
 * by the data.
 */
async function rankedPage(db: Db, req: ResolvedRequest, field: "priority" | "status") {
  const counts = await countBy(db, req.where, field);
  const known: readonly string[] = RANKS[field];
  // Values outside the enum cannot be written through the API; keep them anyway, last.
  const unknown = [...counts.keys()].filter((v) => !known.includes(v)).sort();
  const ordered = req.dir === "asc" ? [...known, ...unknown] : [...known].reverse().concat(unknown);
  const slices: Array<{ value: string; skip: number; take: number }> = [];
  let start = 0;
  const end = req.skip + req.take;
  for (const value of ordered) {
    const n = counts.get(value) ?? 0;
    const from = Math.max(req.skip, start);
    const to = Math.min(end, start + n);
    if (to > from) slices.push({ value, skip: from - start, take: to - from });
    start += n;
  }
  const orderBy = actionItemOrderBy(field, req.dir);
  const parts = await Promise.all(
    slices.map((s) =>
      db.actionItem.findMany({ where: { AND: [req.where, { [field]: s.value }] }, orderBy, skip: s.skip, take: s.take, include: ACTION_ITEM_INCLUDE }),
    ),
  );
  return { rows: parts.flat(), total: start };
}
