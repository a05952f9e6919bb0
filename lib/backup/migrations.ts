import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { BackupError } from "./errors";

const MIGRATIONS_DIR = path.resolve(__dirname, "../../prisma/migrations");

/** The migrations this build ships (prisma/migrations/<name>), oldest first. */
export function knownMigrations(dir = MIGRATIONS_DIR): string[] {
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
 * added since keep their defaults.
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
