// PostgreSQL storage ⇄ portable values. Prisma's PostgreSQL migrations
// declare TEXT, INTEGER, BIGINT, DOUBLE PRECISION, DECIMAL, BOOLEAN,
// TIMESTAMP(3) (UTC instants without a zone, as adapter-pg writes them),
// JSONB and BYTEA. The backup's connection reads every value as PostgreSQL's
// own text (no driver conversions, no local time zone), and this module
// turns that text into the portable encoding of format.ts.
import type pg from "pg";
import { BackupError } from "./errors";
import type { ColumnSpec, ColumnType, PortableValue } from "./format";

const BY_UDT: Record<string, ColumnType> = {
  text: "string",
  varchar: "string",
  bpchar: "string",
  uuid: "string",
  citext: "string",
  int2: "int",
  int4: "int",
  int8: "bigint",
  float4: "float",
  float8: "float",
  numeric: "decimal",
  bool: "boolean",
  timestamp: "datetime",
  timestamptz: "datetime",
  date: "datetime",
  json: "json",
  jsonb: "json",
  bytea: "bytes",
};

export function portableType(table: string, column: string, udt: string): ColumnType {
  const type = Object.hasOwn(BY_UDT, udt) ? BY_UDT[udt] : undefined;
  if (!type) throw new BackupError("data", `${table}.${column} has a column type this version cannot back up: "${udt}"`);
  return type;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export type PgColumn = ColumnSpec & { udt: string };

/** The columns of a table in the current schema, in table order, with portable types. */
export async function pgColumns(client: pg.ClientBase, table: string): Promise<PgColumn[]> {
  // Text only, whatever type parsers the client has (the backup's reads everything as text).
  const { rows } = await client.query<{ name: string; udt: string; nullable: string }>(
    `SELECT a.attname::text AS name, t.typname::text AS udt, (NOT a.attnotnull)::text AS nullable
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
       JOIN pg_type t ON t.oid = a.atttypid
      WHERE c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [table],
  );
  return rows.map((r) => ({ name: r.name, udt: r.udt, type: portableType(table, r.name, r.udt), nullable: r.nullable === "true" }));
}

/** Parse every value as text: what PostgreSQL sends is converted here, never by the driver's defaults. */
export const RAW_TEXT_TYPES: pg.CustomTypesConfig = {
  getTypeParser: () => (value: string) => value,
};

// ---------------------------------------------------------- PostgreSQL → portable

// "2026-03-03 09:12:00.123", "2026-03-03 09:12:00", with "+00" / "+00:00" for
// timestamptz (the session runs in UTC), a bare date for date.
const PG_TIMESTAMP = /^(\d{4,6}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?))?([+-]\d{2}(?::?\d{2})?)?$/;

function datetimeOut(text: string): string | undefined {
  const m = PG_TIMESTAMP.exec(text);
  if (!m) return undefined;
  const offset = m[3] ? (m[3].length === 3 ? `${m[3]}:00` : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3]) : "Z";
  const ms = Date.parse(`${m[1]}T${m[2] ?? "00:00:00"}${offset}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const INTEGER = /^-?\d{1,20}$/;
const DECIMAL_TEXT = /^-?\d{1,65}(?:\.\d{1,65})?$/;

function convertOut(text: string, type: ColumnType): PortableValue | undefined {
  switch (type) {
    case "string":
    case "json":
      return text;
    case "int": {
      if (!INTEGER.test(text)) return undefined;
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case "bigint":
      return INTEGER.test(text) ? text : undefined;
    case "float": {
      const n = Number(text);
      return Number.isFinite(n) ? n : undefined;
    }
    case "decimal":
      return DECIMAL_TEXT.test(text) ? text : undefined;
    case "boolean":
      return text === "t" ? true : text === "f" ? false : undefined;
    case "datetime":
      return datetimeOut(text);
    case "bytes":
      // bytea_output = hex: "\x0a1b…".
      return /^\\x(?:[0-9a-f]{2})*$/.test(text) ? Buffer.from(text.slice(2), "hex").toString("base64") : undefined;
  }
}

/** A row read as text (in column order) as portable values. */
export function rowOut(table: string, columns: ColumnSpec[], raw: Array<string | null>): PortableValue[] {
  const out = new Array<PortableValue>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as ColumnSpec;
    const text = raw[i];
    const value = text === null || text === undefined ? null : convertOut(text, column.type);
    if (value === undefined) {
      throw new BackupError("data", `${table}.${column.name} holds a value that is not a valid ${column.type}: ${String(text).slice(0, 60)}`);
    }
    out[i] = value;
  }
  return out;
}

// ---------------------------------------------------------- portable → PostgreSQL

/** PostgreSQL text cannot hold U+0000 (SQLite can): it becomes U+FFFD, counted. */
export function withoutNul(text: string): { text: string; replaced: number } {
  if (!text.includes("\u0000")) return { text, replaced: 0 };
  let replaced = 0;
  const clean = text.replace(/\u0000/g, () => {
    replaced++;
    return "\uFFFD";
  });
  return { text: clean, replaced };
}

export type PgValue = string | number | boolean | Buffer | null;

/** A portable value (already checked by invalidValue) as a bound parameter for a column of type `udt`. */
export function valueIn(value: PortableValue, column: PgColumn): PgValue {
  if (value === null) return null;
  switch (column.type) {
    case "datetime":
      // timestamp without time zone holds the UTC wall time; with a zone the
      // instant is read from the Z.
      return column.udt === "timestamptz" ? String(value) : String(value).replace(/Z$/, "");
    case "bytes":
      return Buffer.from(String(value), "base64");
    default:
      return value;
  }
}
