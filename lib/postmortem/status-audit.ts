import type { AuditEntry } from "../audit/actions";

/** The audit entry of a postmortem moving from one status to another (a step, completing it, or reopening it). */
export function postmortemStatusAudit(
  incidentId: string,
  action: "postmortem_status" | "complete_postmortem" | "reopen_postmortem",
  from: string,
  to: string,
): AuditEntry {
  return { incidentId, entity: "incident", entityId: incidentId, action, before: { postmortemStatus: from }, after: { postmortemStatus: to } };
}
