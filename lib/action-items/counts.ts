import "server-only";
import { getDb } from "../db/client";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { startOfUtcDay } from "./dates";
import { OPEN_STATUSES } from "./schemas";

export type ActionItemCounts = { open: number; overdue: number };

/**
 * Open and overdue items per incident, for lists and headers. One groupBy
 * for all the incidents asked about (never a query per incident): grouping
 * open items by (incident, due day) yields both numbers, since due dates are
 * whole days.
 */
export async function getActionItemCounts({
  incidentIds,
  actor,
  now = new Date(),
}: {
  incidentIds: string[];
  actor: Actor;
  now?: Date;
}): Promise<Record<string, ActionItemCounts>> {
  authorize(actor, "incidents.read");
  const result: Record<string, ActionItemCounts> = {};
  for (const id of incidentIds) result[id] = { open: 0, overdue: 0 };
  if (incidentIds.length === 0) return result;
  const db = await getDb();
  const groups = await db.actionItem.groupBy({
    by: ["incidentId", "dueDate"],
    where: { incidentId: { in: [...new Set(incidentIds)] }, status: { in: [...OPEN_STATUSES] } },
    _count: { _all: true },
  });
  const today = startOfUtcDay(now);
  for (const g of groups) {
    const c = result[g.incidentId];
    if (!c) continue;
    c.open += g._count._all;
    if (g.dueDate && g.dueDate < today) c.overdue += g._count._all;
  }
  return result;
}
