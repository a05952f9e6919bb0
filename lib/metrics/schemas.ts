import { z } from "zod";
import { SEVERITIES } from "../incidents/schemas";
import { LIMITS, zText } from "../validation";
import { checkRangeOrder, zCsvOf, zRangeFrom, zRangeTo } from "../query-params";

export const METRICS_LIMITS = {
  /** The widest window one request may ask for. */
  maxRangeYears: 5,
  /** Without from/to: the last this many calendar months (UTC), the current one included. */
  defaultMonths: 12,
  topServices: 10,
} as const;

const DAY_MS = 86_400_000;
const MAX_RANGE_MS = (METRICS_LIMITS.maxRangeYears * 366 + 1) * DAY_MS;

/** The first instant of the UTC month `months` before the month of `d`. */
export function startOfUtcMonth(d: Date, monthsBack = 0): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1));
}

/** GET /api/v1/metrics query string. */
export const ZMetricsQuery = z
  .strictObject({
    from: zRangeFrom.optional(),
    to: zRangeTo.optional(),
    severity: zCsvOf(SEVERITIES).optional(),
    service: zText(LIMITS.serviceNameMax).optional(),
  })
  .superRefine(checkRangeOrder)
  .transform((q) => {
    // A missing end is now; a missing start is the start of the month
    // (defaultMonths − 1) months before the end's month.
    const to = q.to ?? (q.from && q.from.getTime() >= Date.now() ? new Date(q.from.getTime() + 365 * DAY_MS) : new Date());
    const from = q.from ?? startOfUtcMonth(new Date(to.getTime() - 1), METRICS_LIMITS.defaultMonths - 1);
    return { ...q, from, to };
  })
  .superRefine((q, ctx) => {
    if (q.to.getTime() - q.from.getTime() > MAX_RANGE_MS) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `must be at most ${METRICS_LIMITS.maxRangeYears} years before to` });
    }
    if (q.to.getTime() <= q.from.getTime()) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
  });
export type TMetricsQuery = z.input<typeof ZMetricsQuery>;
export type MetricsQuery = z.output<typeof ZMetricsQuery>;

/** "2026-03" for every UTC month the window touches, oldest first. */
export function monthsOf(from: Date, to: Date): string[] {
  const months: string[] = [];
  const last = startOfUtcMonth(new Date(to.getTime() - 1));
  for (let m = startOfUtcMonth(from); m.getTime() <= last.getTime(); m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
    months.push(monthKey(m));
  }
  return months;
}

export function monthKey(d: Date): string {
  return d.toISOString().slice(0, 7);
}
