/**
 * How a service DTO crosses to the browser: the one place dates change
 * shape. A Date travels as its ISO string (what JSON.stringify writes for the
 * API routes), so a server component handing a DTO to a client component and
 * an API answer read by the browser give the same object. Each area's wire
 * schema sits beside its DTO (lib/<area>/wire.ts); the browser parses API
 * answers with it, server components go through toWire.
 */
import { z } from "zod";

/** An instant on the wire: ISO 8601 with an offset ("2026-03-03T14:05:00.000Z"). */
export const zIso = z.iso.datetime({ offset: true });

/** T as it crosses the wire: every Date becomes a string, everywhere inside it. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** Dates to ISO strings, recursively; everything else as it is. */
export function serialize<T>(value: T): Wire<T> {
  return serializeValue(value) as Wire<T>;
}

function serializeValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(serializeValue);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = serializeValue(v);
    return out;
  }
  return value;
}

/**
 * For server components: a DTO in its wire shape, with only the fields the
 * wire schema names (the page payload carries no more than the API answer).
 * It does not type-check when the DTO's wire form does not fit the schema.
 */
export function toWire<T, D>(schema: z.ZodType<T>, dto: D & (Wire<D> extends T ? unknown : never)): T {
  return schema.parse(serialize(dto));
}

/** toWire over a list. */
export function listToWire<T, D>(schema: z.ZodType<T>, dtos: readonly (D & (Wire<D> extends T ? unknown : never))[]): T[] {
  return dtos.map((dto) => schema.parse(serialize(dto)));
}
