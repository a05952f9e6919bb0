import { z } from "zod";
import { apiRequest } from "@/lib/api-client";
import { SEARCH_TYPES } from "@/lib/search/labels";

/** GET /api/v1/search as the browser reads it: outside data, checked before use. */
const zHighlight = z.object({ start: z.number().int().min(0), end: z.number().int().min(0) });

export const zSearchResultJson = z.object({
  type: z.enum(SEARCH_TYPES),
  id: z.string(),
  incidentId: z.string(),
  incidentNumber: z.number().int(),
  incidentKey: z.string(),
  incidentTitle: z.string(),
  severity: z.string(),
  section: z.string().nullable(),
  field: z.string(),
  label: z.string(),
  title: z.string().nullable(),
  snippet: z.string(),
  highlights: z.array(zHighlight),
  occurredAt: z.string().nullable(),
  url: z.string().startsWith("/"),
});
export type SearchResultJson = z.infer<typeof zSearchResultJson>;

export const zSearchPageJson = z.object({ results: z.array(zSearchResultJson), nextCursor: z.string().nullable() });

export const searchApi = {
  search: (q: string, limit: number, signal?: AbortSignal) =>
    apiRequest("GET", `/api/v1/search?${new URLSearchParams({ q, limit: String(limit) })}`, zSearchPageJson, { signal }),
};

export type SearchGroup = { incidentId: string; incidentKey: string; incidentTitle: string; severity: string; results: SearchResultJson[] };

/** Results grouped by incident, groups in the order their best result came. */
export function groupByIncident(results: SearchResultJson[]): SearchGroup[] {
  const groups = new Map<string, SearchGroup>();
  for (const r of results) {
    let g = groups.get(r.incidentId);
    if (!g) groups.set(r.incidentId, (g = { incidentId: r.incidentId, incidentKey: r.incidentKey, incidentTitle: r.incidentTitle, severity: r.severity, results: [] }));
    g.results.push(r);
  }
  return [...groups.values()];
}
