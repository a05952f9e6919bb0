import type { Tx } from "../db/client";
import { AppError } from "../errors";

/**
 * An item may point at the timeline entry or contributing factor it came
 * from, but only one of its own incident: a link across incidents would
 * leak one postmortem's content into another.
 */
export async function checkLinks(
  tx: Tx,
  incidentId: string,
  links: { timelineEventId?: string | null; contributingFactorId?: string | null },
): Promise<void> {
  const [event, factor] = await Promise.all([
    links.timelineEventId
      ? tx.timelineEvent.findFirst({ where: { id: links.timelineEventId, incidentId, deletedAt: null }, select: { id: true } })
      : null,
    links.contributingFactorId
      ? tx.contributingFactor.findFirst({ where: { id: links.contributingFactorId, postmortem: { incidentId } }, select: { id: true } })
      : null,
  ]);
  const issues = [];
  if (links.timelineEventId && !event) issues.push({ path: "timelineEventId", message: "is not a timeline entry of this incident" });
  if (links.contributingFactorId && !factor) {
    issues.push({ path: "contributingFactorId", message: "is not a contributing factor of this incident" });
  }
  if (issues.length) {
    throw new AppError("validation_failed", `Invalid input — ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, { issues });
  }
}
