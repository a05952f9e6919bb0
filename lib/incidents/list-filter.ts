/**
 * Whether an incident belongs in a list filtered by status, severity and
 * text, as GET /api/v1/incidents decides (lib/incidents/service.ts
 * listIncidents): the live list places an incident that changed without
 * asking the server again. The server stays the judge: a list that
 * reconnects reloads from it.
 */
export type IncidentListFilters = { status?: string; severity?: string; q?: string };

type Listed = { number: number; title: string; summary: string; status: string; severity: string; createdAt: string };

export function incidentMatches(incident: Listed, filters: IncidentListFilters): boolean {
  if (filters.status && incident.status !== filters.status) return false;
  if (filters.severity && incident.severity !== filters.severity) return false;
  const q = filters.q?.trim();
  if (!q) return true;
  const asNumber = /^(?:inc-)?(\d{1,9})$/i.exec(q)?.[1];
  if (asNumber && incident.number === Number(asNumber)) return true;
  const needle = q.toLowerCase();
  return incident.title.toLowerCase().includes(needle) || incident.summary.toLowerCase().includes(needle);
}

/** Newest first, as the list API orders them. */
export function compareListed(a: Listed, b: Listed): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.number - a.number;
}

/**
 * The list after one incident changed: kept in order, dropped when it no
 * longer matches, added when it newly does (and falls within the page the
 * list shows: at most `limit` rows).
 */
export function placeInList<T extends Listed & { id: string }>(list: readonly T[], incident: T, filters: IncidentListFilters, limit: number): T[] {
  const without = list.filter((i) => i.id !== incident.id);
  if (!incidentMatches(incident, filters)) return without.length === list.length ? [...list] : without;
  const last = without.at(-1);
  const wasListed = without.length !== list.length;
  // Beyond the page this list shows (older than its last row on a full page): not ours to show.
  if (!wasListed && without.length >= limit && last && compareListed(incident, last) > 0) return [...list];
  return [...without, incident].sort(compareListed).slice(0, limit);
}
