import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { BackupError } from "./errors";
import type { StoreProvider } from "./store";

// Each store keeps its own migrations (prisma/migrations for SQLite,
// prisma/migrations-postgresql; scripts/db-schema.mjs), both of one data
// model. A backup names the migrations of the store it was taken from; a
// restore checks them against that store's list in this build, then
// migrates the target (of either store) to this build's schema.
const MIGRATIONS_DIRS: Record<StoreProvider, string> = {
  sqlite: path.resolve(__dirname, "../../prisma/migrations"),
  postgresql: path.resolve(__dirname, "../../prisma/migrations-postgresql"),
};

/** The migrations this build ships for `provider`, oldest first. */
export function knownMigrations(provider: StoreProvider = "sqlite", dir = MIGRATIONS_DIRS[provider]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/**
 * Refuse a backup whose schema this build does not know: one made after
 * migrations this build lacks (a newer Debrief, or another branch). An older
 * backup is fine: the target is migrated to this build's schema and columns
 * added since keep their defaults. `known` is the list of the store the
 * backup was taken from.
 */
export function checkSchemaKnown(backup: { version: string; migrations: string[] }, known: string[], file: string): void {
  const latest = known.at(-1) ?? "(none)";
  const unknown = [...backup.migrations, backup.version].filter((m) => !known.includes(m));
  if (unknown.length === 0) return;
  const newer = unknown.some((m) => m > latest);
  throw new BackupError(
    "newer_schema",
    newer
      ? `${file} is from a newer schema (${backup.version}) than this Debrief knows (${latest}): upgrade Debrief, then restore; nothing was restored`
      : `${file} was made with migrations this Debrief does not have (${unknown.slice(0, 3).join(", ")}); nothing was restored`,
  );
}
