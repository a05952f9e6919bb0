import type { Change } from "../changes/run-change";
import { postmortemStatusAudit } from "../postmortem/status-audit";

/**
 * "Complete" promises that every item is closed. When an item of a
 * completed postmortem is added or reopened, the postmortem steps back to
 * "published" (in the same transaction) instead of silently breaking that
 * promise; open pages of those incidents hear of it after the commit.
 */
export async function reopenCompletedPostmortems({ tx, audit, publishIncident }: Change, incidentIds: string[]): Promise<void> {
  if (incidentIds.length === 0) return;
  const completed = await tx.incident.findMany({
    where: { id: { in: [...new Set(incidentIds)] }, postmortemStatus: "complete" },
    select: { id: true },
  });
  if (completed.length === 0) return;
  const ids = completed.map((c) => c.id);
  await tx.incident.updateMany({ where: { id: { in: ids } }, data: { postmortemStatus: "published", version: { increment: 1 } } });
  await audit(...ids.map((id) => postmortemStatusAudit(id, "reopen_postmortem", "complete", "published")));
  for (const row of await tx.incident.findMany({ where: { id: { in: ids } } })) publishIncident(row);
}
