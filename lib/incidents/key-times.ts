import type { Tx } from "../db/client";
import { lockIncident } from "../db/dialect";

/**
 * Derive an incident's key times from its milestone events: the earliest
 * live event of each milestone wins. Without an impact-start milestone the
 * start is what was declared; without a resolved milestone, resolvedAt is
 * kept only while the incident's status is "resolved".
 */
export async function recomputeKeyTimes(tx: Tx, incidentId: string): Promise<void> {
  // Another instance may be changing this incident's milestones right now.
  await lockIncident(tx, incidentId);
  const incident = await tx.incident.findUniqueOrThrow({ where: { id: incidentId } });
  const firsts = await tx.timelineEvent.groupBy({
    by: ["milestone"],
    where: { incidentId, deletedAt: null, milestone: { not: null } },
    _min: { occurredAt: true },
  });
  const first = (m: string) => firsts.find((f) => f.milestone === m)?._min.occurredAt ?? null;
  const resolvedFallback = incident.status === "resolved" ? (incident.resolvedAt ?? new Date()) : null;
  await tx.incident.update({
    where: { id: incidentId },
    data: {
      startedAt: first("impact_start") ?? incident.declaredStartedAt,
      detectedAt: first("detected"),
      mitigatedAt: first("mitigated"),
      resolvedAt: first("resolved") ?? resolvedFallback,
    },
  });
}
