import type { IncidentStatus } from "@/lib/incidents/schemas";
import type { Milestone } from "@/lib/timeline/schemas";

const ORDER: IncidentStatus[] = ["investigating", "identified", "monitoring", "resolved"];

/** After posting a milestone: the status it implies, when the incident is not there yet. */
export const STATUS_AFTER_MILESTONE: Partial<Record<Milestone, IncidentStatus>> = {
  mitigated: "monitoring",
  resolved: "resolved",
};

/**
 * The status to offer after a milestone, or null: a Mitigated milestone
 * offers Monitoring while the incident is still investigating or
 * identified; Resolved offers Resolved until it is resolved. Never a step
 * back.
 */
export function statusToOffer(milestone: Milestone, current: string): IncidentStatus | null {
  const target = STATUS_AFTER_MILESTONE[milestone];
  if (!target) return null;
  const at = ORDER.findIndex((s) => s === current);
  return at !== -1 && at < ORDER.indexOf(target) ? target : null;
}
