// Tables the full-text search migration makes (prisma/migrations/*_search_index)
// that schema.prisma cannot describe: the indexed copy and FTS5 with its
// shadow tables. The schema engine is told they are external, so
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
