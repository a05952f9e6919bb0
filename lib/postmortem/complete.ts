import "server-only";
import { getDb, type Tx } from "../db/client";
import { AppError } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { runChange } from "../changes/run-change";
import { requireIncident } from "../changes/guards";
import { postmortemStatusAudit } from "./status-audit";
import { toIncidentDto, type IncidentDto } from "../incidents/dto";
import { toDateString } from "../action-items/dates";
import { OPEN_STATUSES } from "../action-items/schemas";

export type BlockingItem = { id: string; title: string; status: string; owner: string | null; dueDate: string | null };

async function blockingItems(tx: Tx, incidentId: string): Promise<BlockingItem[]> {
  const rows = await tx.actionItem.findMany({
    where: { incidentId, status: { in: [...OPEN_STATUSES] } },
    select: { id: true, title: true, status: true, owner: true, dueDate: true },
    orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({ ...r, dueDate: r.dueDate ? toDateString(r.dueDate) : null }));
}

/** Whether the postmortem may be completed, and which items hold it open if not. */
export async function canCompletePostmortem({
  incidentId,
  actor,
}: {
  incidentId: string;
  actor: Actor;
}): Promise<{ ok: boolean; complete: boolean; blocking: BlockingItem[] }> {
  authorize(actor, "incidents.read");
  const db = await getDb();
  const incident = await requireIncident(db, incidentId);
  const blocking = await blockingItems(db, incidentId);
  return { ok: blocking.length === 0, complete: incident.postmortemStatus === "complete", blocking };
}

/**
 * Move the postmortem to its final "complete" status. Only allowed when
 * every action item is done or won't do; otherwise a 409 whose
 * `blocking` lists the items that hold it open. Completing twice is a no-op.
 */
export async function setPostmortemComplete({ incidentId, actor }: { incidentId: string; actor: Actor }): Promise<IncidentDto> {
  authorize(actor, "postmortem.write");
  return runChange(actor, async ({ tx, audit, publishIncident }) => {
    const incident = await requireIncident(tx, incidentId);
    const blocking = await blockingItems(tx, incidentId);
    if (blocking.length > 0) {
      const names = blocking.slice(0, 5).map((b) => `"${b.title}"`).join(", ");
      throw new AppError(
        "conflict",
        `The postmortem cannot be completed while ${blocking.length} action item${blocking.length === 1 ? " is" : "s are"} still open: ${names}${blocking.length > 5 ? ", …" : ""}`,
        { issues: blocking.map((b) => ({ path: `actionItems.${b.id}`, message: `"${b.title}" is ${b.status}` })), details: { blocking } },
      );
    }
    if (incident.postmortemStatus === "complete") return toIncidentDto(incident);
    const updated = await tx.incident.update({
      where: { id: incidentId },
      data: { postmortemStatus: "complete", version: { increment: 1 } },
    });
    await audit(postmortemStatusAudit(incidentId, "complete_postmortem", incident.postmortemStatus, "complete"));
    publishIncident(updated);
    return toIncidentDto(updated);
  });
}
