// What a database must offer to be backed up and restored. The format
// (format.ts) knows nothing of either store: a store turns its own rows into
// portable values and back. SQLite: sqlite-source.ts (a VACUUM INTO copy),
// sqlite-target.ts (a temporary file renamed over the target). PostgreSQL:
// pg-source.ts (one REPEATABLE READ, READ ONLY transaction reading each
// table through a cursor in primary-key order), pg-target.ts (one
// transaction on the migrated database, inserting in file order, parents
// first, committed only after the trailer's checksum and counts are verified).
import type { ColumnSpec, PortableValue, TableSpec } from "./format";

export type StoreProvider = "sqlite" | "postgresql";

/** A consistent, read-only view of one database at one instant. */
export interface SnapshotSource {
  readonly provider: StoreProvider;
  /** Applied migrations, oldest first (their directory names). */
  readonly migrations: string[];
  /** Tables to back up, parents first, with their row counts in this snapshot. */
  readonly tables: TableSpec[];
  /** Tables left out on purpose, and why. */
  readonly excluded: { table: string; reason: string }[];
  /** The rows of one table in stored order, as portable values in column order. */
  rows(table: TableSpec): Iterable<PortableValue[]> | AsyncIterable<PortableValue[]>;
  close(): Promise<void>;
}

/**
 * A database being restored. Nothing is visible at the configured
 * DATABASE_URL until commit(); abort() leaves it exactly as it was.
 */
export interface RestoreTarget {
  readonly provider: StoreProvider;
  /** The migrations this build knows, oldest first (what the target is migrated to). */
  readonly migrations: string[];
  /** Prepare to receive one table's rows in these (backup) columns. */
  startTable(table: string, columns: ColumnSpec[]): Promise<void>;
  insert(row: PortableValue[]): Promise<void> | void;
  /** Check the whole (foreign keys), then publish it atomically. */
  commit(): Promise<void>;
  abort(): Promise<void>;
  /** Where the database that --force replaced was kept, once committed (when the store keeps it). */
  replacedBy?(): string | null;
  /** Things the operator should know about the restored data. */
  warnings?(): string[];
}

/**
 * What opening either target takes besides where it is: `force` replaces a
 * target that holds data; `migrate` is the app's migrator (scripts/db.mjs).
 */
export type OpenTargetOptions = { force: boolean; migrate: (url: string) => Promise<string[]> };
