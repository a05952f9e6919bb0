// SQLite storage ⇄ portable values. Prisma's SQLite migrations declare
// columns as TEXT, INTEGER, BIGINT, REAL, DECIMAL, BOOLEAN, DATETIME, JSONB
// or BLOB; the better-sqlite3 adapter stores booleans as 0/1 and dates as
// ISO 8601 text with "+00:00" (its default `timestampFormat`), while a
// column default (CURRENT_TIMESTAMP) writes "YYYY-MM-DD HH:MM:SS" in UTC.
import type Database from "better-sqlite3";
import { BackupError } from "./errors";
import type { ColumnSpec, ColumnType, PortableValue } from "./format";

const DECLARED: [RegExp, ColumnType][] = [
  [/^(TEXT|VARCHAR|CHAR|CLOB|NVARCHAR|STRING)\b/, "string"],
  [/^BIGINT\b/, "bigint"],
  [/^(INTEGER|INT|SMALLINT|TINYINT|MEDIUMINT)\b/, "int"],
  [/^(REAL|DOUBLE|FLOAT)\b/, "float"],
  [/^(DECIMAL|NUMERIC)\b/, "decimal"],
  [/^(BOOLEAN|BOOL)\b/, "boolean"],
  [/^(DATETIME|TIMESTAMP|DATE)\b/, "datetime"],
  [/^(JSONB|JSON)\b/, "json"],
  [/^BLOB\b/, "bytes"],
];

export function portableType(table: string, column: string, declared: string): ColumnType {
  const upper = declared.trim().toUpperCase();
  const found = DECLARED.find(([pattern]) => pattern.test(upper));
  if (!found) throw new BackupError("data", `${table}.${column} has a column type this version cannot back up: "${declared}"`);
  return found[1];
}

type TableInfoRow = { name: string; type: string; notnull: number; pk: number };

/** The columns of a table, in table order, with portable types. */
export function sqliteColumns(db: Database.Database, table: string): ColumnSpec[] {
  const rows = db.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`).all(table) as TableInfoRow[];
  return rows.map((r) => ({ name: r.name, type: portableType(table, r.name, r.type), nullable: r.notnull === 0 && r.pk === 0 }));
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

// ------------------------------------------------------------ SQLite → portable

const ADAPTER_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
const SQL_UTC = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)$/;

function datetimeOut(value: unknown): string | undefined {
  if (typeof value === "string") {
    // The adapter's own format: no Date round trip for the common case.
    if (ADAPTER_ISO.test(value)) return `${value.slice(0, 23)}Z`;
    // CURRENT_TIMESTAMP and other offset-less text is UTC in SQLite, but
    // Date would read it as local time.
    const sql = SQL_UTC.exec(value);
    const ms = sql ? Date.parse(`${sql[1]}T${sql[2]}Z`) : Date.parse(value);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  // The adapter's "unixepoch-ms" format.
  if (typeof value === "number" || typeof value === "bigint") {
    const date = new Date(Number(value));
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  return undefined;
}

function convertOut(value: unknown, type: ColumnType): PortableValue | undefined {
  if (value === null) return null;
  switch (type) {
    case "string":
    case "json":
      return typeof value === "string" ? value : typeof value === "number" || typeof value === "bigint" ? String(value) : undefined;
    case "int":
      if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : undefined;
      return typeof value === "number" && Number.isSafeInteger(value) ? value : undefined;
    case "bigint":
      return typeof value === "bigint" || (typeof value === "number" && Number.isSafeInteger(value)) ? String(value) : undefined;
    case "float":
      return typeof value === "number" && Number.isFinite(value) ? value : typeof value === "bigint" ? Number(value) : undefined;
    case "decimal":
      return typeof value === "number" || typeof value === "bigint" ? String(value) : typeof value === "string" ? value : undefined;
    case "boolean":
      return value === 1 || value === 1n ? true : value === 0 || value === 0n ? false : undefined;
    case "datetime":
      return datetimeOut(value);
    case "bytes":
      return Buffer.isBuffer(value) ? value.toString("base64") : undefined;
  }
}

/** A row read from SQLite (raw, in column order) as portable values. */
export function rowOut(table: string, columns: ColumnSpec[], raw: unknown[]): PortableValue[] {
  const out = new Array<PortableValue>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as ColumnSpec;
    const value = convertOut(raw[i], column.type);
    if (value === undefined) {
      throw new BackupError("data", `${table}.${column.name} holds a value that is not a valid ${column.type}: ${String(raw[i]).slice(0, 60)}`);
    }
    out[i] = value;
  }
  return out;
}

// ------------------------------------------------------------ portable → SQLite

export type SqliteValue = string | number | bigint | Buffer | null;

/** A portable value (already checked by invalidValue) as SQLite stores it. */
export function valueIn(value: PortableValue, type: ColumnType): SqliteValue {
  if (value === null) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  switch (type) {
    case "datetime":
      // The same text the adapter writes, so restored rows are byte-identical.
      return value.replace(/Z$/, "+00:00");
    case "bigint":
      return BigInt(value);
    case "bytes":
      return Buffer.from(value, "base64");
    default:
      return value;
  }
}
