/**
 * An expected backup or restore failure. Its message is one line meant for
 * the operator (the CLIs print it alone); `kind` lets tests and callers tell
 * the cases apart without matching on wording.
 */
export class BackupError extends Error {
  constructor(
    readonly kind:
      | "usage"
      | "config"
      | "not_found"
      | "not_a_backup"
      | "wrong_identity"
      | "damaged"
      | "newer_schema"
      | "target_not_empty"
      | "target_in_use"
      | "unavailable"
      | "data",
    message: string,
  ) {
    super(message);
    this.name = "BackupError";
  }
}

export function isBackupError(err: unknown): err is BackupError {
  return err instanceof BackupError;
}

/** The message of anything thrown, on one line. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, " ").trim();
}

/**
 * The refusal of a restore into `where` while it holds rows (`existing`:
 * rows per table, the first few named); `force` says what --force would do.
 */
export function targetNotEmpty(where: string, existing: Record<string, number>, force: string): BackupError {
  const tables = Object.entries(existing);
  const summary = tables
    .slice(0, 4)
    .map(([t, n]) => `${n} ${t}`)
    .join(", ");
  return new BackupError(
    "target_not_empty",
    `${where} already holds data (${summary}${tables.length > 4 ? ", …" : ""}): restore into an empty database, or pass --force to ${force}`,
  );
}
