import { z } from "zod";
import { LIMITS, zId, zInstant, zOptionalText, zText } from "../validation";

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

export const ZCreateTimelineEvent = z
  .strictObject({
    id: zId.optional(),
    occurredAt: zInstant.optional(),
    endedAt: zInstant.nullable().optional(),
    kind: zKind.optional(),
    milestone: zMilestone.nullable().optional(),
    statusLabel: zStatusLabel.nullable().optional(),
    attribution: zAttribution.nullable().optional(),
    body: zBody,
    key: z.boolean().optional(),
    visibility: zVisibility.optional(),
  })
  .refine(endNotBeforeStart, { path: ["endedAt"], message: "must not be before occurredAt" });
export type TCreateTimelineEvent = z.input<typeof ZCreateTimelineEvent>;

export const ZUpdateTimelineEvent = z
  .strictObject({
    version: z.number().int().positive(),
    occurredAt: zInstant.optional(),
    endedAt: zInstant.nullable().optional(),
    kind: zKind.optional(),
    milestone: zMilestone.nullable().optional(),
    statusLabel: zStatusLabel.nullable().optional(),
    attribution: zAttribution.nullable().optional(),
    body: zBody.optional(),
    key: z.boolean().optional(),
    visibility: zVisibility.optional(),
  })
  .refine(endNotBeforeStart, { path: ["endedAt"], message: "must not be before occurredAt" });
export type TUpdateTimelineEvent = z.input<typeof ZUpdateTimelineEvent>;

export const ZListTimelineEvents = z.strictObject({
  /** Only events changed at or after this instant (catch-up after a reconnect). */
  since: zInstant.optional(),
  includeDeleted: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});
