import { z } from "zod";
import { SEVERITIES } from "../incidents/schemas";
import { LIMITS, zId, zInstant, zOptionalText, zPageSize, zText } from "../validation";
import { startOfUtcDay } from "./dates";
import { zAccountId } from "../people/schemas";

export const PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export const ACTION_TYPES = ["prevent", "mitigate", "detect", "process"] as const;
export const ACTION_STATUSES = ["open", "in_progress", "blocked", "done", "wont_do"] as const;
/** Statuses that hold a postmortem open. */
export const OPEN_STATUSES = ["open", "in_progress", "blocked"] as const;
export const CLOSED_STATUSES = ["done", "wont_do"] as const;

export type Priority = (typeof PRIORITIES)[number];
export type ActionType = (typeof ACTION_TYPES)[number];
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export function isClosedStatus(status: string): boolean {
  return status === "done" || status === "wont_do";
}

export const ACTION_ITEM_LIMITS = {
  descriptionMax: 10_000,
  ownerMax: LIMITS.personNameMax,
  externalUrlMax: 2_000,
  wontDoReasonMax: 2_000,
  bulkMax: 500,
  exportMax: 10_000,
  pageSizeMax: LIMITS.listPageMax,
  pageSizeDefault: 50,
  digestDaysMax: 90,
} as const;

/** Columns the list can be sorted by (and the table can show). */
export const ACTION_ITEM_SORTS = ["title", "incident", "severity", "owner", "dueDate", "priority", "type", "status", "age"] as const;
export type ActionItemSort = (typeof ACTION_ITEM_SORTS)[number];

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of ${values.join(", ")}` });

export const zPriority = oneOf(PRIORITIES);
export const zActionType = oneOf(ACTION_TYPES);
export const zActionStatus = oneOf(ACTION_STATUSES);

const MIN_DAY = Date.UTC(1970, 0, 1);

/**
 * A due date: "2026-03-10", or an ISO 8601 instant whose UTC day is
 * taken. Stored as midnight UTC of that day.
 */
export const zDueDate = z
  .union([z.iso.date({ message: "must be a date (YYYY-MM-DD) or an ISO 8601 date-time" }).transform((s) => new Date(`${s}T00:00:00Z`)), zInstant])
  .refine((d) => !Number.isNaN(d.getTime()), "is not a valid date")
  .transform(startOfUtcDay)
  .refine((d) => d.getTime() >= MIN_DAY, "must not be before 1970")
  .refine((d) => d.getUTCFullYear() <= new Date().getUTCFullYear() + 100, "must be within 100 years from now");

/** "" clears a nullable text field. */
const emptyToNull = (v: string | null) => (v === "" || v === null ? null : v);

// A name shows up in headings and CSV cells: one line, no control characters.
const zOwner = zOptionalText(ACTION_ITEM_LIMITS.ownerMax)
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "must be a single line without control characters")
  .nullable()
  .transform(emptyToNull);

const zExternalUrl = z
  .union([
    z.literal(""),
    z
      .string()
      .trim()
      .max(ACTION_ITEM_LIMITS.externalUrlMax, `must be at most ${ACTION_ITEM_LIMITS.externalUrlMax} characters`)
      .pipe(z.url({ protocol: /^https?$/, message: "must be an http(s) URL" })),
  ])
  .nullable()
  .transform(emptyToNull);

// A title is one line: it heads table rows, digest lines and CSV cells.
const zTitle = zText(LIMITS.titleMax).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "must be a single line without control characters");
const zDescription = zOptionalText(ACTION_ITEM_LIMITS.descriptionMax);
const zReason = zText(ACTION_ITEM_LIMITS.wontDoReasonMax);

const fields = {
  title: zTitle,
  description: zDescription.optional(),
  /** Someone without an account, by name (a name that is exactly one account's name or email is linked to it). */
  owner: zOwner.optional(),
  /** An account (GET /api/v1/people finds them); shown and exported by its name. */
  ownerId: zAccountId.nullable().optional(),
  dueDate: zDueDate.nullable().optional(),
  priority: zPriority.optional(),
  type: zActionType.optional(),
  status: zActionStatus.optional(),
  wontDoReason: zReason.nullable().optional(),
  externalUrl: zExternalUrl.optional(),
  contributingFactorId: zId.nullable().optional(),
  timelineEventId: zId.nullable().optional(),
};

/** The won't-do reason goes with the won't-do status, and only with it. */
function checkReason(v: { status?: string; wontDoReason?: string | null }, ctx: z.RefinementCtx) {
  if (v.status === "wont_do" && !v.wontDoReason) {
    ctx.addIssue({ code: "custom", path: ["wontDoReason"], message: "is required when status is wont_do" });
  }
  if (v.status !== undefined && v.status !== "wont_do" && v.wontDoReason) {
    ctx.addIssue({ code: "custom", path: ["wontDoReason"], message: "is only allowed when status is wont_do" });
  }
}

export const ZCreateActionItem = z
  .strictObject({
    /** Made by the client so that a retried POST never duplicates. */
    id: zId.optional(),
    ...fields,
  })
  .superRefine((v, ctx) => checkReason({ status: v.status ?? "open", wontDoReason: v.wontDoReason }, ctx));
export type TCreateActionItem = z.input<typeof ZCreateActionItem>;

// The reason rule on update depends on the stored status, so the service checks it.
export const ZUpdateActionItem = z.strictObject({
  version: z.number({ message: "must be a number" }).int().positive(),
  ...fields,
  title: zTitle.optional(),
});
export type TUpdateActionItem = z.input<typeof ZUpdateActionItem>;

export const ZBulkUpdateActionItems = z
  .strictObject({
    ids: z
      .array(zId)
      .min(1, "must list at least one item")
      .max(ACTION_ITEM_LIMITS.bulkMax, `must list at most ${ACTION_ITEM_LIMITS.bulkMax} items`)
      .transform((ids) => [...new Set(ids)]),
    status: zActionStatus.optional(),
    wontDoReason: zReason.optional(),
    owner: zOwner.optional(),
    ownerId: zAccountId.nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status === undefined && v.owner === undefined && v.ownerId === undefined) {
      ctx.addIssue({ code: "custom", path: ["status"], message: "give a status or an owner to change" });
    }
    checkReason(v, ctx);
  });
export type TBulkUpdateActionItems = z.input<typeof ZBulkUpdateActionItems>;

/** "a,b" → ["a", "b"], each checked against `values`. */
function zCsvOf<T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .max(200, "is too long")
    .transform((s) => [...new Set(s.split(",").map((p) => p.trim()).filter(Boolean))])
    .pipe(z.array(oneOf(values)).min(1, "must name at least one value"));
}

export type IncidentRef = { id: string } | { number: number };

/** An incident by UUID or by its human number (INC-7 or 7). */
export const zIncidentRef = z
  .string()
  .trim()
  .max(40, "is too long")
  .transform((s, ctx): IncidentRef => {
    if (zId.safeParse(s).success) return { id: s.toLowerCase() };
    const n = /^(?:inc-)?(\d{1,9})$/i.exec(s)?.[1];
    if (n) return { number: Number(n) };
    ctx.addIssue({ code: "custom", message: "must be an incident id (UUID) or number (INC-7)" });
    return z.NEVER;
  });

const zBool = z.enum(["true", "false"], { message: "must be true or false" }).transform((v) => v === "true");

/**
 * The list query (API query string and table URL). A plain object, not
 * refined, so that the table can check its URL one parameter at a time.
 */
export const ZListActionItems = z.strictObject({
  status: zCsvOf(ACTION_STATUSES).optional(),
  /** Owner name, ignoring case and spacing (and the items of the one account it names). */
  owner: zOptionalText(ACTION_ITEM_LIMITS.ownerMax).optional(),
  /** The items of one account. */
  ownerId: zAccountId.optional(),
  /** The requester's own items (their account, or the person a personal API key belongs to). */
  mine: zBool.optional(),
  overdue: zBool.optional(),
  incident: zIncidentRef.optional(),
  type: zCsvOf(ACTION_TYPES).optional(),
  priority: zCsvOf(PRIORITIES).optional(),
  severity: zCsvOf(SEVERITIES).optional(),
  q: zOptionalText(LIMITS.queryMax).optional(),
  sort: oneOf(ACTION_ITEM_SORTS).optional(),
  dir: oneOf(["asc", "desc"] as const).optional(),
  page: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(1_000_000, "is too large").optional(),
  pageSize: zPageSize(ACTION_ITEM_LIMITS.pageSizeMax).optional(),
});
export type TListActionItems = z.input<typeof ZListActionItems>;
export type ListActionItemsQuery = z.output<typeof ZListActionItems>;

/** Columns that can be hidden in the table and left out of the CSV ("" hides none). */
export const zHiddenColumns = z.union([z.literal("").transform((): ActionItemSort[] => []), zCsvOf(ACTION_ITEM_SORTS)]);

/** The CSV export takes the list query (without paging) plus the hidden columns. */
export const ZExportActionItems = ZListActionItems.extend({ cols: zHiddenColumns.optional() });

export const ZDigestQuery = z.strictObject({
  days: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be at least 0")
    .max(ACTION_ITEM_LIMITS.digestDaysMax, `must be at most ${ACTION_ITEM_LIMITS.digestDaysMax}`)
    .default(7),
  now: zInstant.optional(),
});
