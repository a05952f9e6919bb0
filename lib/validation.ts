import { z } from "zod";

/** Limits shared by every input. Change them here, not at call sites. */
export const LIMITS = {
  titleMax: 200,
  summaryMax: 20_000,
  eventBodyMax: 10_000,
  statusLabelMax: 80,
  serviceNameMax: 100,
  servicesMax: 50,
  personNameMax: 100,
  /** "via alice": the speaker of a pasted chat line. */
  attributionMax: 100,
  queryMax: 200,
  eventsPerIncident: 100_000,
  requestBodyBytes: 1_000_000,
  pasteLinesMax: 500,
  /** A paste this long is refused before it is read (the entries are 10,000 characters at most anyway). */
  pasteCharsMax: 1_000_000,
  listPageMax: 200,
} as const;

const MIN_TIME = Date.UTC(1970, 0, 1);
const YEARS_AHEAD = 100;

function maxTime(): number {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + YEARS_AHEAD);
  return d.getTime();
}

/**
 * An instant as an ISO 8601 string (with a zone) or epoch milliseconds,
 * between 1970 and 100 years from now.
 */
export const zInstant = z
  .union([
    z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone" }),
    z.number().int().finite(),
  ])
  .transform((v) => new Date(v))
  .refine((d) => !Number.isNaN(d.getTime()), "is not a valid date")
  .refine((d) => d.getTime() >= MIN_TIME, "must not be before 1970")
  .refine((d) => d.getTime() <= maxTime(), `must be within ${YEARS_AHEAD} years from now`);

/** Text that is trimmed and must not be empty after trimming. */
export function zText(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min, min === 1 ? "must not be empty" : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);
}

/** Optional text where "" means "none". */
export function zOptionalText(max: number) {
  return z.string().trim().max(max, `must be at most ${max} characters`);
}

export const zId = z.uuid({ message: "must be a UUID" });
