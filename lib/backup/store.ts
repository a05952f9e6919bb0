// What a database must offer to be backed up and restored. The format
// (format.ts) knows nothing of SQLite: a store turns its own rows into
// portable values and back. SQLite implements both sides today
// (sqlite-source.ts, sqlite-target.ts). PostgreSQL fits the same two
// interfaces with no format change: a source is one REPEATABLE READ, READ
// ONLY transaction reading each table through a cursor in primary-key order
// (timestamptz → ISO, bool → true/false); a target is one transaction on the
// migrated database that inserts in file order (parents first) and commits
// only after the trailer's checksum and counts have been verified.
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
}
