import { z } from "zod";

/**
 * Query-string pieces shared by search and metrics. Time ranges:
 * `from` is inclusive and `to` exclusive, as instants; a bare day
 * ("2026-03-31") means the start of that UTC day for `from` and the end of
 * it for `to`, so `from=2026-03-01&to=2026-03-31` is all of March.
 */
const zDay = z.iso.date({ message: "must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a time zone" });

const DAY_MS = 86_400_000;

function boundary(edge: "from" | "to") {
  return z.union([
    zDay.transform((s) => new Date(Date.parse(`${s}T00:00:00Z`) + (edge === "to" ? DAY_MS : 0))),
    z.iso.datetime({ offset: true, message: "must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a time zone" }).transform((s) => new Date(s)),
  ], { message: "must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a time zone" })
    .refine((d) => !Number.isNaN(d.getTime()), "is not a valid date")
    .refine((d) => d.getUTCFullYear() >= 1970, "must not be before 1970")
    .refine((d) => d.getUTCFullYear() <= new Date().getUTCFullYear() + 100, "must be within 100 years from now");
}

export const zRangeFrom = boundary("from");
export const zRangeTo = boundary("to");

/** An issue on `to` when the range is empty or backwards. */
export function checkRangeOrder(value: { from?: Date; to?: Date }, ctx: z.RefinementCtx): void {
  if (value.from && value.to && value.to.getTime() <= value.from.getTime()) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
  }
}

/** "a,b" → ["a", "b"] (duplicates dropped), each one of `values`. */
export function zCsvOf<T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .max(200, "is too long")
    .transform((s) => [...new Set(s.split(",").map((p) => p.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(values, { message: `must be one of ${values.join(", ")}` })).min(1, "must name at least one value"));
}
