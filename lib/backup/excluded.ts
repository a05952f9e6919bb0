// Tables left out of every backup, whichever store it is taken from, and why
// (the reasons are written into the backup's header).
export const EXCLUDED_TABLES: Record<string, string> = {
  _prisma_migrations: "migration history: recorded as schema.version; restore migrates the target itself",
  session:
    "sign-in sessions are live bearer credentials and worthless after a restore on another host or secret; everyone signs in again (password hashes and API key hashes are kept)",
  verification: "one-time, short-lived tokens",
  rateLimit: "sign-in attempt counters: they expire within a minute",
  live_stream: "the live streams open on running instances: they end with them",
  search_doc: "the search index's copy of the text; restore rebuilds it from the restored rows (database triggers)",
};

/** Why `table` is left out of backups, or null when it is backed up. */
export function exclusionReason(table: string): string | null {
  return Object.hasOwn(EXCLUDED_TABLES, table) ? (EXCLUDED_TABLES[table] ?? null) : null;
}

/** Tables a restore never writes, whatever a (hand-made) backup holds. */
export function neverRestored(table: string): boolean {
  return table === "_prisma_migrations" || table.toLowerCase().startsWith("sqlite_") || table.toLowerCase().startsWith("pg_");
}
