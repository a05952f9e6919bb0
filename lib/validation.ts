import { z } from "zod";

/** Limits shared by every input. Change them here, not at call sites. */
export const LIMITS = {
  titleMax: 200,
  summaryMax: 20_000,
  // The longest timeline entry in the corpus is 1,462 characters (GitHub, 2018): ~7× headroom.
  eventBodyMax: 10_000,
  // A status is often a sentence ("Work focused on rollback of the Bot Management
  // configuration file to a last-known-good version."): the longest in our
  // corpus of 22 published postmortems is 95 characters, so 500 leaves 5×.
  statusLabelMax: 500,
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

/** Whether a date is one Debrief stores: between 1970 and 100 years from now. */
export function isInstantInRange(d: Date): boolean {
  const t = d.getTime();
  return !Number.isNaN(t) && t >= MIN_TIME && t <= maxTime();
}

/**
 * An instant as an ISO 8601 string with a zone ("2026-03-03T09:12:00Z",
 * "…+01:00"), between 1970 and 100 years from now. Numbers are refused:
 * `12` is far more likely a mistake than 12 ms after 1970.
 */
export const zInstant = z
  .iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone, such as 2026-03-03T09:12:00Z" })
  .transform((v) => new Date(v))
  .refine((d) => !Number.isNaN(d.getTime()), "is not a valid date")
  .refine((d) => d.getTime() >= MIN_TIME, "must not be before 1970")
  .refine((d) => d.getTime() <= maxTime(), `must be within ${YEARS_AHEAD} years from now`);

/** A Date made by our own code from outside input (an import): the same range as zInstant. */
export const zDateInRange = z.date().refine(isInstantInRange, `must be between 1970 and ${YEARS_AHEAD} years from now`);

/**
 * Every text input starts here. A lone UTF-16 surrogate (a JSON "\ud800"
 * escape, a YAML escape) is not a character and cannot be stored as UTF-8:
 * it becomes one U+FFFD, as UTF-8 encoders and Markdown's character
 * references do, before limits are counted. Invalid UTF-8 bytes in a body
 * are refused earlier (lib/api/request.ts).
 */
export function zString() {
  return z.string().overwrite((s) => s.toWellFormed());
}

/** Text that is trimmed and must not be empty after trimming. */
export function zText(max: number, min = 1) {
  return zString()
    .trim()
    .min(min, min === 1 ? "must not be empty" : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);
}

/** Optional text where "" means "none". */
export function zOptionalText(max: number) {
  return zString().trim().max(max, `must be at most ${max} characters`);
}

export const zId = z.uuid({ message: "must be a UUID" });

/** How many answers a query asks for (?limit=, ?pageSize=): a whole number from 1 to `max`. */
export function zPageSize(max: number) {
  return z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(max, `must be at most ${max}`);
}
