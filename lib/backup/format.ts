// The Debrief backup format, version 1.
//
// A backup is a gzip stream of JSON lines, encrypted to one or more age
// recipients (or, only when asked, left in the clear):
//
//   {"format":"debrief-backup","formatVersion":1, …header…}      one line
//   {"table":"Incident","columns":[{"name","type","nullable"}…]}  per table,
//   ["7c0d…","Checkout returns 503",…]                           then its rows
//   …
//   {"end":true,"rows":{"Incident":3,…},"sha256":"…"}            one line
//
// Everything is logical, not physical: a column carries a portable type
// (below) and every value its portable encoding (dates as ISO 8601 UTC
// instants, booleans as true/false, 64-bit integers as decimal strings,
// bytes as base64), so the same file restores into SQLite or PostgreSQL.
// Tables come parents first (foreign keys), so a reader can insert them in
// file order; rows keep their stored order (timeline ties keep their order).
// `sha256` is the hex SHA-256 of every byte before the trailer line.
import { z } from "zod";

export const BACKUP_FORMAT = "debrief-backup";
export const BACKUP_FORMAT_VERSION = 1;

export const COLUMN_TYPES = ["string", "int", "bigint", "float", "decimal", "boolean", "datetime", "json", "bytes"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export type ColumnSpec = { name: string; type: ColumnType; nullable: boolean };
export type TableSpec = { name: string; columns: ColumnSpec[]; rows: number };

/** A value as it is written in a row line. */
export type PortableValue = string | number | boolean | null;

// Generous ceilings: they only keep a hostile or damaged file from making
// the reader allocate without bound.
export const FORMAT_LIMITS = {
  tables: 500,
  columns: 500,
  migrations: 10_000,
  nameLength: 200,
  /** One row line (a timeline entry is at most ~40 KB; postmortem sections more). */
  lineBytes: 64 * 1024 * 1024,
  rowsPerTable: 1e12,
} as const;

const zName = z.string().min(1).max(FORMAT_LIMITS.nameLength);
const zInstant = z.iso.datetime({ offset: false });

export const ZColumnSpec = z.strictObject({ name: zName, type: z.enum(COLUMN_TYPES), nullable: z.boolean() });

export const ZBackupHeader = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1),
  createdAt: zInstant,
  app: z.object({ name: z.string().max(100), version: z.string().max(100) }),
  source: z.object({ provider: z.enum(["sqlite", "postgresql"]) }),
  schema: z.object({
    /** The newest applied migration (prisma/migrations/<name>). */
    version: zName,
    migrations: z.array(zName).max(FORMAT_LIMITS.migrations),
  }),
  tables: z.array(z.strictObject({ name: zName, rows: z.number().int().min(0).max(FORMAT_LIMITS.rowsPerTable) })).max(FORMAT_LIMITS.tables),
  /** Tables left out on purpose, with why (for the humans reading the header). */
  excluded: z.array(z.strictObject({ table: zName, reason: z.string().max(500) })).max(FORMAT_LIMITS.tables),
});
export type BackupHeader = z.infer<typeof ZBackupHeader>;

export const ZTableLine = z.strictObject({
  table: zName,
  columns: z.array(ZColumnSpec).min(1).max(FORMAT_LIMITS.columns),
});
export type TableLine = z.infer<typeof ZTableLine>;

export const ZTrailer = z.strictObject({
  end: z.literal(true),
  rows: z.record(zName, z.number().int().min(0)),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Trailer = z.infer<typeof ZTrailer>;

/** The first bytes of each kind of file restore accepts. */
export const AGE_MAGIC = Buffer.from("age-encryption.org/v1\n");
export const AGE_ARMOR_MAGIC = Buffer.from("-----BEGIN AGE ENCRYPTED FILE-----");
export const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

// ------------------------------------------------------------------ values

const ISO_UTC = /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DECIMAL = /^-?\d{1,65}(?:\.\d{1,65})?$/;
const BIGINT = /^-?\d{1,20}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Why a row value does not fit its column, or null when it does. Row lines
 * are too many for a zod parse each; this is the same check by hand.
 */
export function invalidValue(value: unknown, column: ColumnSpec): string | null {
  if (value === null) return column.nullable ? null : "is null but the column is required";
  switch (column.type) {
    case "string":
    case "json":
      return typeof value === "string" ? null : "must be a string";
    case "int":
      return typeof value === "number" && Number.isSafeInteger(value) ? null : "must be an integer";
    case "float":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a number";
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "bigint":
      return typeof value === "string" && BIGINT.test(value) ? null : "must be a decimal integer string";
    case "decimal":
      return typeof value === "string" && DECIMAL.test(value) ? null : "must be a decimal string";
    case "datetime":
      return typeof value === "string" && ISO_UTC.test(value) && !Number.isNaN(Date.parse(value)) ? null : "must be an ISO 8601 UTC instant";
    case "bytes":
      return typeof value === "string" && value.length % 4 === 0 && BASE64.test(value) ? null : "must be base64";
  }
}
