import "server-only";
import { databaseUrl, providerOf, type DbProvider } from "../db/url";
import type { SearchIndex } from "./hits";
import { sqliteSearchIndex } from "./sqlite";
import { postgresSearchIndex } from "./postgres";

export type { IndexHit, RawQueryable, SearchFilter, SearchIndex } from "./hits";

/**
 * The full-text index behind GET /api/v1/search: SQLite FTS5 (lib/search/
 * sqlite.ts) or PostgreSQL tsvector + GIN (lib/search/postgres.ts). Both
 * read the same documents — the search_doc table that database triggers
 * keep in step with incidents, timeline entries, postmortems and action
 * items (see the search_index migrations) — so the service above them
 * neither knows nor cares which one runs.
 */
export function searchIndexFor(provider: DbProvider): SearchIndex {
  return provider === "postgresql" ? postgresSearchIndex : sqliteSearchIndex;
}

/** The index of the configured database. */
export function searchIndex(): SearchIndex {
  return searchIndexFor(providerOf(databaseUrl()));
}

