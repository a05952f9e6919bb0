import { z } from "zod";
import type { DbProvider } from "../db/url";
import type { SearchTerm } from "./query-text";
import { SEARCH_TYPES, type SearchType } from "./labels";

// What every implementation of the search index shares (lib/search/index.ts picks one).

/** Anything that runs a raw query with bound values: the Prisma client (or a test's stand-in). */
export type RawQueryable = {
  $queryRawUnsafe(query: string, ...values: unknown[]): PromiseLike<unknown>;
};

export type SearchFilter = {
  types?: SearchType[];
  severities?: string[];
  /** An incident's affected services or its postmortem's impacted services (ASCII case ignored). */
  service?: string;
  /** Incidents whose (impact) start is in [from, to). */
  from?: Date;
  to?: Date;
};

/** One matching document, best first, with its fields as snippets (matches between MATCH_START/MATCH_END). */
export type IndexHit = {
  docId: string;
  kind: SearchType;
  sourceId: string;
  part: string;
  incidentId: string;
  marked: { title: string; body: string; people: string };
};

export interface SearchIndex {
  readonly provider: DbProvider;
  /** Matches of every term, best first; `limit` of them after skipping `offset`. */
  search(db: RawQueryable, terms: SearchTerm[], filter: SearchFilter, page: { offset: number; limit: number }): Promise<IndexHit[]>;
}

// Rows come back from a raw query: checked, never cast.
export const zHitRow = z.object({
  docId: z.union([z.number(), z.bigint(), z.string()]).transform(String),
  kind: z.enum(SEARCH_TYPES),
  sourceId: z.string(),
  part: z.string(),
  incidentId: z.string(),
  titleMarked: z.string().nullable().transform((s) => s ?? ""),
  bodyMarked: z.string().nullable().transform((s) => s ?? ""),
  peopleMarked: z.string().nullable().transform((s) => s ?? ""),
});

export const zDocIdRow = z.object({ docId: z.union([z.number(), z.bigint(), z.string()]).transform(String) });

export function toHit(row: z.output<typeof zHitRow>): IndexHit {
  const { titleMarked, bodyMarked, peopleMarked, ...rest } = row;
  return { ...rest, marked: { title: titleMarked, body: bodyMarked, people: peopleMarked } };
}

/** Reorder rows to the order of `ids` (the ranked first pass), dropping any that went missing. */
export function inOrder<T extends { docId: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.docId, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}
