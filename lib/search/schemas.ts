import { z } from "zod";
import { SEVERITIES } from "../incidents/schemas";
import { LIMITS, zPageSize, zText } from "../validation";
import { checkRangeOrder, zCsvOf, zRangeFrom, zRangeTo } from "../query-params";
import { SEARCH_TYPES } from "./labels";

export const SEARCH_LIMITS = {
  pageDefault: 20,
  pageMax: 50,
  /** Results past this many are not reachable by paging: refine the query instead. */
  depthMax: 1_000,
  cursorMax: 200,
} as const;

/** GET /api/v1/search query string. */
export const ZSearchQuery = z
  .strictObject({
    // Not trimmed: a space after the last word says it is finished (no prefix match).
    q: z
      .string({ message: "is required" })
      .max(LIMITS.queryMax, `must be at most ${LIMITS.queryMax} characters`)
      .refine((s) => s.trim().length > 0, "must not be empty"),
    type: zCsvOf(SEARCH_TYPES).optional(),
    severity: zCsvOf(SEVERITIES).optional(),
    service: zText(LIMITS.serviceNameMax).optional(),
    from: zRangeFrom.optional(),
    to: zRangeTo.optional(),
    cursor: z.string().max(SEARCH_LIMITS.cursorMax, "is not a cursor from this API").optional(),
    limit: zPageSize(SEARCH_LIMITS.pageMax).default(SEARCH_LIMITS.pageDefault),
  })
  .superRefine(checkRangeOrder);
export type TSearchQuery = z.input<typeof ZSearchQuery>;
export type SearchQuery = z.output<typeof ZSearchQuery>;
