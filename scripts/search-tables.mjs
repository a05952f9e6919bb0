// Tables the full-text search migrations make (prisma/migrations*/*_search_index)
// that schema.prisma cannot describe: the indexed copy, and on SQLite FTS5
// with its shadow tables (views, functions and triggers the schema engine
// does not look at). The engine is told they are external, so
// `npm run db:check` neither reports them as drift nor would `db:diff`
// write a migration dropping them; every other difference is still caught.
export const SEARCH_TABLES = [
  "search_doc",
  "search_fts",
  "search_fts_config",
  "search_fts_data",
  "search_fts_docsize",
  "search_fts_idx",
];

/** The same for PostgreSQL, where the engine wants schema-qualified names. */
export const SEARCH_TABLES_POSTGRESQL = ["public.search_doc"];

/** externalTables for the schema engine's filters, per provider. */
export function searchExternalTables(provider) {
  return provider === "postgresql" ? SEARCH_TABLES_POSTGRESQL : SEARCH_TABLES;
}
