import "server-only";
import { getDb } from "../db/client";
import { parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { incidentKey } from "../incidents/dto";
import { searchIndex, type IndexHit } from "./index";
import { parseSearchText, withPrefixStems } from "./query-text";
import { SEARCH_LIMITS, ZSearchQuery } from "./schemas";
import { decodeCursor, encodeCursor, queryFingerprint } from "./cursor";
import { flattenSnippet, hasMatch, parseMarkedSnippet, type Highlight } from "./snippet";
import { FIELD_NAMES, SEARCH_TYPE_LABELS, postmortemSectionLabel, type PostmortemSection, type SearchType } from "./labels";
import { isSectionKey } from "../postmortem/document";

export type SearchResult = {
  type: SearchType;
  /** The record's own id (incident, timeline entry, postmortem, impacted service, contributing factor or action item). */
  id: string;
  incidentId: string;
  incidentNumber: number;
  incidentKey: string;
  incidentTitle: string;
  severity: string;
  /** Postmortem results: which part of it. */
  section: PostmortemSection | null;
  /** The field the snippet is from: title, summary, body, statusLabel, description, owner, impact, … */
  field: string;
  /** What the record is, for people: "Timeline entry", "Root cause", "Action item", … */
  label: string;
  /** The record's own title where it has one (action item, factor, service, extra section, status label). */
  title: string | null;
  /** Plain text; `highlights` are the matched ranges in it (UTF-16 offsets, end exclusive). */
  snippet: string;
  highlights: Highlight[];
  /** Timeline entries: when it happened. */
  occurredAt: Date | null;
  /** Where the record is shown in the app. */
  url: string;
};

export type SearchPage = { results: SearchResult[]; nextCursor: string | null };

function sectionOf(part: string): PostmortemSection | null {
  if (part.startsWith("extra:")) return "extra";
  if (part === "impacted_service") return "impactedService";
  if (part === "contributing_factor") return "contributingFactor";
  return isSectionKey(part) ? part : null;
}

/** The field names of a postmortem document's title and body columns. */
function postmortemFields(section: PostmortemSection | null): { title: string; body: string; people: string } {
  if (section === "impactedService") return { title: "service", body: "impact", people: "people" };
  if (section === "contributingFactor") return { title: "title", body: "description", people: "people" };
  if (section === "extra") return { title: "title", body: "body", people: "people" };
  return { title: "title", body: section ?? "body", people: "people" };
}

/** The field to show: where the match is, body first (it has context), then title, then names. */
function pickField(hit: IndexHit): "title" | "body" | "people" {
  if (hasMatch(hit.marked.body)) return "body";
  if (hasMatch(hit.marked.title)) return "title";
  if (hasMatch(hit.marked.people)) return "people";
  return hit.marked.body ? "body" : "title";
}

function urlOf(type: SearchType, number: number, id: string, title: string | null): string {
  const base = `/incidents/${number}`;
  if (type === "event") return `${base}#entry-${id}`;
  if (type === "postmortem") return `${base}/postmortem`;
  if (type === "action_item") return `${base}/action-items${title ? `?q=${encodeURIComponent(title)}` : ""}`;
  return base;
}

/**
 * Search incidents, timeline entries, postmortems and action items. Any
 * signed-in role may search: results are what every role can read today.
 * Deleted incidents and deleted entries are never in the index.
 */
export async function searchEverything({ query = {}, actor }: { query?: unknown; actor: Actor }): Promise<SearchPage> {
  authorize(actor, "incidents.read");
  const q = parseInput(ZSearchQuery, query);
  const fingerprint = queryFingerprint(q);
  const offset = q.cursor ? decodeCursor(q.cursor, fingerprint) : 0;
  const terms = parseSearchText(q.q);
  const limit = Math.min(q.limit, SEARCH_LIMITS.depthMax - offset);
  if (terms.length === 0 || limit <= 0) return { results: [], nextCursor: null };

  const db = await getDb();
  const filter = { types: q.type, severities: q.severity, service: q.service, from: q.from, to: q.to };
  const index = searchIndex();
  let hits = await index.search(db, terms, filter, { offset, limit: limit + 1 });
  // A word being typed that has run past its stem matches nothing as a
  // prefix: then (and only then, on every page alike) allow its shorter
  // stems (lib/search/query-text.ts).
  const lenient = hits.length === 0 ? withPrefixStems(terms) : null;
  if (lenient && (offset === 0 || (await index.search(db, terms, filter, { offset: 0, limit: 1 })).length === 0)) {
    hits = await index.search(db, lenient, filter, { offset, limit: limit + 1 });
  }
  const page = hits.slice(0, limit);
  const more = hits.length > limit && offset + limit < SEARCH_LIMITS.depthMax;

  const incidentIds = [...new Set(page.map((h) => h.incidentId))];
  const eventIds = page.filter((h) => h.kind === "event").map((h) => h.sourceId);
  const [incidents, events] = await Promise.all([
    db.incident.findMany({ where: { id: { in: incidentIds }, deletedAt: null }, select: { id: true, number: true, title: true, severity: true } }),
    eventIds.length ? db.timelineEvent.findMany({ where: { id: { in: eventIds } }, select: { id: true, occurredAt: true } }) : [],
  ]);
  const incidentById = new Map(incidents.map((i) => [i.id, i]));
  const occurredAt = new Map(events.map((e) => [e.id, e.occurredAt]));

  const results = page.flatMap((hit): SearchResult[] => {
    // Deleted between the two reads: leave it out.
    const incident = incidentById.get(hit.incidentId);
    if (!incident) return [];
    const section = hit.kind === "postmortem" ? sectionOf(hit.part) : null;
    const names = hit.kind === "postmortem" ? postmortemFields(section) : FIELD_NAMES[hit.kind];
    const field = pickField(hit);
    const snippet = flattenSnippet(parseMarkedSnippet(hit.marked[field]));
    const title = flattenSnippet(parseMarkedSnippet(hit.marked.title)).text || null;
    const label = hit.kind === "postmortem" && section ? postmortemSectionLabel(section, title) : SEARCH_TYPE_LABELS[hit.kind];
    return [
      {
        type: hit.kind,
        id: hit.sourceId,
        incidentId: incident.id,
        incidentNumber: incident.number,
        incidentKey: incidentKey(incident.number),
        incidentTitle: incident.title,
        severity: incident.severity,
        section,
        field: names[field],
        label,
        title: hit.kind === "incident" ? null : title,
        snippet: snippet.text,
        highlights: snippet.highlights,
        occurredAt: occurredAt.get(hit.sourceId) ?? null,
        url: urlOf(hit.kind, incident.number, hit.sourceId, hit.kind === "action_item" ? title : null),
      },
    ];
  });
  return { results, nextCursor: more ? encodeCursor(offset + limit, fingerprint) : null };
}
