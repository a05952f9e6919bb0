import { z } from "zod";
import { LIMITS, zId, zPageSize } from "../validation";

/** An account id; ids are stored in lower case, so an upper-case copy still finds it. */
export const zAccountId = zId.transform((id) => id.toLowerCase());

export const PEOPLE_LIMITS = { queryMax: LIMITS.personNameMax, resultsMax: 20, resultsDefault: 8 } as const;

/** GET /api/v1/people: a name or email prefix, at most 20 answers. */
export const ZPeopleQuery = z.strictObject({
  q: z
    .string({ message: "is required" })
    .trim()
    .min(1, "must not be empty")
    .max(PEOPLE_LIMITS.queryMax, `must be at most ${PEOPLE_LIMITS.queryMax} characters`),
  limit: zPageSize(PEOPLE_LIMITS.resultsMax).default(PEOPLE_LIMITS.resultsDefault),
});

/**
 * Someone named as an owner or role holder: an account (`userId`) or, for
 * a person without one, a name. Exactly one of the two.
 */
export const zPersonName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(LIMITS.personNameMax, `must be at most ${LIMITS.personNameMax} characters`)
  // A name shows up in headings, table cells and timeline entries: one line.
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "must be a single line without control characters");
