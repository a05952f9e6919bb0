import type { TimelineEvent, TimelineEventRevision } from "../generated/prisma/client";

/** An entry written this long after the time it reports is "backdated". */
export const BACKDATED_AFTER_MS = 60_000;

export type TimelineEventDto = TimelineEvent & { backdated: boolean };

export function toEventDto(row: TimelineEvent): TimelineEventDto {
  return { ...row, backdated: row.recordedAt.getTime() - row.occurredAt.getTime() > BACKDATED_AFTER_MS };
}

export type EventRevisionDto = TimelineEventRevision;
