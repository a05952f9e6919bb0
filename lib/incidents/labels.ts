/** How an incident's fields read to people: the one label table of the incidents area. */
import { INCIDENT_STATUSES, SEVERITIES, type IncidentStatus, type Severity } from "./schemas";

export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

export const SEVERITY_HINTS: Record<Severity, string> = {
  SEV1: "critical, customer-facing outage",
  SEV2: "major, significant degradation",
  SEV3: "minor, limited impact",
  SEV4: "low, no customer impact",
};

export const STATUS_CHOICES = INCIDENT_STATUSES.map((value) => ({ value, label: INCIDENT_STATUS_LABELS[value] }));
export const SEVERITY_CHOICES = SEVERITIES.map((value) => ({ value, label: `${value} — ${SEVERITY_HINTS[value]}` }));

export function isSeverity(v: string): v is Severity {
  return (SEVERITIES as readonly string[]).includes(v);
}

export function isIncidentStatus(v: string): v is IncidentStatus {
  return (INCIDENT_STATUSES as readonly string[]).includes(v);
}

export function statusLabel(v: string): string {
  return isIncidentStatus(v) ? INCIDENT_STATUS_LABELS[v] : v;
}
