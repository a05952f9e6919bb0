/**
 * status.json: the site's content for machines. The shape (format
 * "debrief-status/1") is documented in README.md and only grows.
 */
import type { Root } from "hast";
import { cleanText, plainText } from "./hast";
import type { PublicIncident, StatusData } from "./load";
import { incidentPagePath } from "./pages";
import { OVERALL_WORDS, serviceStates, STATUS_LIMITS, worstState, type ServiceState } from "./rules";
import type { Severity } from "../incidents/schemas";

export const IMPACT_KEYS: Record<Severity, string> = {
  SEV1: "major_outage",
  SEV2: "partial_outage",
  SEV3: "degraded_performance",
  SEV4: "minor",
};

export type StatusJson = {
  format: "debrief-status/1";
  title: string;
  /** The newest public change on the site (an update, a resolution, a postmortem), or null. */
  updatedAt: string | null;
  historyDays: number;
  status: { state: ServiceState; description: string };
  services: { name: string; state: ServiceState }[];
  incidents: {
    key: string;
    number: number;
    title: string;
    status: string;
    impact: string;
    services: string[];
    startedAt: string | null;
    resolvedAt: string | null;
    url: string;
    postmortemPublished: boolean;
    updateCount: number;
    /** `text`: the update as the page shows it, as plain text (links and images reduced to their text). */
    updates: { id: string; label: string | null; occurredAt: string; updatedAt: string; text: string }[];
  }[];
};

function incidentJson(incident: PublicIncident, bodies: Map<string, Root>): StatusJson["incidents"][number] {
  return {
    key: incident.key,
    number: incident.number,
    title: cleanText(incident.title),
    status: incident.status,
    impact: IMPACT_KEYS[incident.severity],
    services: incident.services.map(cleanText),
    startedAt: incident.startedAt ? incident.startedAt.toISOString() : null,
    resolvedAt: incident.status === "resolved" && incident.resolvedAt ? incident.resolvedAt.toISOString() : null,
    url: incidentPagePath(incident),
    postmortemPublished: incident.postmortem !== null,
    updateCount: incident.updateCount,
    updates: incident.updates.slice(0, STATUS_LIMITS.jsonUpdatesPerIncident).map((u) => ({
      id: u.id,
      label: u.label === null ? null : cleanText(u.label),
      occurredAt: u.occurredAt.toISOString(),
      updatedAt: u.updatedAt.toISOString(),
      text: plainText(bodies.get(u.id) ?? { type: "root", children: [] }).replace(/\n{3,}/g, "\n\n").trim(),
    })),
  };
}

export function buildStatusJson(data: StatusData, title: string, latestChange: Date | null, historyDays: number, bodies: Map<string, Root>): string {
  const incidents = [...data.open, ...data.recent];
  const services = serviceStates(incidents).slice(0, STATUS_LIMITS.servicesShown);
  const state = worstState(services.map((s) => s.state));
  const json: StatusJson = {
    format: "debrief-status/1",
    title: cleanText(title),
    updatedAt: latestChange ? latestChange.toISOString() : null,
    historyDays,
    status: { state, description: OVERALL_WORDS[state] },
    services: services.map((s) => ({ name: cleanText(s.name), state: s.state })),
    incidents: incidents.map((i) => incidentJson(i, bodies)),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
