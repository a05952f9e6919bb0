import { z } from "zod";
import { LIMITS, zId, zInstant, zOptionalText, zText } from "../validation";
import { EVENTS_PAGE_MAX, zCursor } from "./cursor";

export const EVENT_KINDS = ["note", "action", "decision", "communication", "alert", "status_change"] as const;
export const MILESTONES = ["impact_start", "detected", "mitigated", "resolved"] as const;
export const VISIBILITIES = ["internal", "public"] as const;

export type EventKind = (typeof EVENT_KINDS)[number];
export type Milestone = (typeof MILESTONES)[number];

export const MILESTONE_LABELS: Record<Milestone, string> = {
  impact_start: "Impact starts.",
  detected: "Detected.",
  mitigated: "Mitigated.",
  resolved: "Resolved.",
};

const zKind = z.enum(EVENT_KINDS, { message: `must be one of ${EVENT_KINDS.join(", ")}` });
const zMilestone = z.enum(MILESTONES, { message: `must be one of ${MILESTONES.join(", ")}` });
const zVisibility = z.enum(VISIBILITIES, { message: `must be one of ${VISIBILITIES.join(", ")}` });
const zBody = zText(LIMITS.eventBodyMax);
const zStatusLabel = zOptionalText(LIMITS.statusLabelMax);
/** Who said it (a chat log's speaker); "" or null means none. */
const zAttribution = zOptionalText(LIMITS.attributionMax).refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "must be one line without control characters");

function endNotBeforeStart(v: { occurredAt?: Date; endedAt?: Date | null }) {
  return !(v.occurredAt && v.endedAt && v.endedAt < v.occurredAt);
}

/** The fields an entry may be given on create and changed on edit (spread in place: issues keep the fields' order). */
const whenAndWhat = {
  occurredAt: zInstant.optional(),
  endedAt: zInstant.nullable().optional(),
  kind: zKind.optional(),
  milestone: zMilestone.nullable().optional(),
  statusLabel: zStatusLabel.nullable().optional(),
  attribution: zAttribution.nullable().optional(),
};

export const ZCreateTimelineEvent = z
  .strictObject({
    id: zId.optional(),
    ...whenAndWhat,
    body: zBody,
    key: z.boolean().optional(),
    visibility: zVisibility.optional(),
  })
  .refine(endNotBeforeStart, { path: ["endedAt"], message: "must not be before occurredAt" });
export type TCreateTimelineEvent = z.input<typeof ZCreateTimelineEvent>;

export const ZUpdateTimelineEvent = z
  .strictObject({
    version: z.number().int().positive(),
    ...whenAndWhat,
    body: zBody.optional(),
    key: z.boolean().optional(),
    visibility: zVisibility.optional(),
  })
  .refine(endNotBeforeStart, { path: ["endedAt"], message: "must not be before occurredAt" });
export type TUpdateTimelineEvent = z.input<typeof ZUpdateTimelineEvent>;

const zLimit = z
  .union([z.number(), z.string().max(6, "must be a whole number").regex(/^\d+$/, "must be a whole number").transform(Number)])
  .pipe(z.number().int("must be a whole number").min(1, "must be at least 1").max(EVENTS_PAGE_MAX, `must be at most ${EVENTS_PAGE_MAX}`));

/**
 * GET …/events: one page of the timeline. Without a position, the newest
 * `limit` entries; `before` / `after` (cursors from an earlier answer's
 * page.older / page.newer) the entries just before or after; `around` the
 * entries around an instant (jump to a time), `entry` around one entry; `since` the changes made at
 * or after an instant, deletions included, in the order they were made
 * (continue with `after` = page.newer). `visibility` keeps one kind of entry.
 */
export const ZListTimelineEvents = z
  .strictObject({
    limit: zLimit.optional(),
    before: zCursor.optional(),
    after: zCursor.optional(),
    around: zInstant.optional(),
    /** The entries around this one (a link to an entry, e.g. a search result). */
    entry: zId.optional(),
    /** Only events changed at or after this instant (catch-up after a reconnect). */
    since: zInstant.optional(),
    includeDeleted: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
    /** Only public updates (the status page's) or only internal entries. */
    visibility: zVisibility.optional(),
  })
  .superRefine((q, ctx) => {
    const given = (["before", "after", "around", "entry", "since"] as const).filter((k) => q[k] !== undefined);
    if (given.length > 1) {
      ctx.addIssue({ code: "custom", path: [given[1] ?? "after"], message: `cannot be combined with ${given[0]}; give one of before, after, around, entry, since` });
    }
    if (q.before?.kind === "changes") {
      ctx.addIssue({ code: "custom", path: ["before"], message: "a change cursor (from a since answer) only pages forward: pass it as after" });
    }
    if (q.visibility && (q.since || q.after?.kind === "changes")) {
      ctx.addIssue({ code: "custom", path: ["visibility"], message: "changes since an instant are never filtered (a change may be a move to internal)" });
    }
  });
export type TListTimelineEvents = z.input<typeof ZListTimelineEvents>;

/** Where a live stream resumes (?since= or Last-Event-ID). */
export const ZStreamResume = z.strictObject({ since: zInstant.optional() });
