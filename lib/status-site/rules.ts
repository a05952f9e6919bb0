/**
 * What the public status site shows, decided in one place. Pure: no
 * database, no clock (the caller passes `now`), so the rules can be tested
 * and the same data always gives the same site.
 */
import type { IncidentStatus, Severity } from "../incidents/schemas";

/** How far back resolved incidents stay on the site. */
export const HISTORY_DAYS = 90;

/** Bounds on what one build reads and writes, so its cost never grows with all the data. */
export const STATUS_LIMITS = {
  /** Open incidents (newest first) looked at for public updates; the rest are internal-only in practice. */
  openCandidates: 1_000,
  /** Incidents resolved in the window looked at, newest first. */
  recentCandidates: 1_000,
  /** Open incidents shown. */
  openShown: 50,
  /** Resolved incidents of the window shown. */
  recentShown: 200,
  /** Public updates read per incident, newest first; older ones are named, not shown. */
  updatesPerIncident: 200,
  /** Updates on one page of an incident (fewer when they are long: see PAGE_MAX_BYTES). */
  updatesPerPage: 20,
  /** Latest updates of each open incident on the front page. */
  updatesOnIndex: 3,
  /** Services listed on the front page. */
  servicesShown: 100,
  /** Past incidents listed on the front page before "all past incidents". */
  recentOnIndex: 15,
  /** Entries in feed.atom and updates per incident in status.json. */
  feedEntries: 50,
  jsonUpdatesPerIncident: 5,
} as const;

/** Every HTML page stays under 50 KB (51,200 bytes); pages are packed to this, leaving room for navigation. */
export const PAGE_MAX_BYTES = 50 * 1024;
export const PAGE_TARGET_BYTES = 46 * 1024;

export const OPEN_STATUSES = ["investigating", "identified", "monitoring"] as const satisfies readonly IncidentStatus[];

export const STATUS_WORDS: Record<IncidentStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

/** A service's state on the site, worst last. */
export const SERVICE_STATES = ["operational", "degraded", "outage"] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

export const SERVICE_STATE_WORDS: Record<ServiceState, string> = {
  operational: "Operational",
  degraded: "Degraded",
  outage: "Outage",
};

/** A symbol beside the word, so the state never rests on colour alone. */
export const SERVICE_STATE_SYMBOLS: Record<ServiceState, string> = {
  operational: "✓",
  degraded: "!",
  outage: "✕",
};

export const OVERALL_WORDS: Record<ServiceState, string> = {
  operational: "All systems operational",
  degraded: "Some systems degraded",
  outage: "Some systems down",
};

/** What each severity means to the public, instead of our internal SEV levels. */
export const IMPACT_WORDS: Record<Severity, string> = {
  SEV1: "Major outage",
  SEV2: "Partial outage",
  SEV3: "Degraded performance",
  SEV4: "Minor impact",
};

/**
 * The state an open incident puts its affected services in:
 * - outage: a SEV1 or SEV2 incident still investigating or identified;
 * - degraded: any other open incident (SEV3, SEV4, or a fix being monitored).
 * A resolved incident leaves its services operational.
 */
export function incidentServiceState(incident: { status: IncidentStatus; severity: Severity }): ServiceState {
  if (incident.status === "resolved") return "operational";
  const major = incident.severity === "SEV1" || incident.severity === "SEV2";
  return major && incident.status !== "monitoring" ? "outage" : "degraded";
}

export function worstState(states: Iterable<ServiceState>): ServiceState {
  let worst: ServiceState = "operational";
  for (const s of states) if (SERVICE_STATES.indexOf(s) > SERVICE_STATES.indexOf(worst)) worst = s;
  return worst;
}

/**
 * Each service named by a shown incident, with the worst state its open
 * incidents put it in: worst first, then by name. Only incidents that are on
 * the site count, so an internal-only incident never shows through a
 * service's state.
 */
export function serviceStates(
  incidents: Iterable<{ status: IncidentStatus; severity: Severity; services: string[] }>,
): { name: string; state: ServiceState }[] {
  const states = new Map<string, ServiceState>();
  for (const incident of incidents) {
    const state = incidentServiceState(incident);
    for (const name of incident.services) states.set(name, worstState([states.get(name) ?? "operational", state]));
  }
  return [...states]
    .map(([name, state]) => ({ name, state }))
    .sort((a, b) => SERVICE_STATES.indexOf(b.state) - SERVICE_STATES.indexOf(a.state) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function historyStart(now: Date): Date {
  return new Date(now.getTime() - HISTORY_DAYS * 24 * 3_600_000);
}

/** A postmortem is public once published; "complete" comes after published (every action item closed). */
export function isPostmortemPublic(postmortemStatus: string): boolean {
  return postmortemStatus === "published" || postmortemStatus === "complete";
}
