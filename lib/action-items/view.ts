import { z } from "zod";
import type { ActionItemDto } from "./dto";

/**
 * What the browser holds of an action item: plain JSON, no Dates. Server
 * components map DTOs with toActionItemView; client code parses API answers
 * with zActionItemView (an API answer is outside data to the browser).
 */
export const zActionItemView = z.object({
  id: z.string(),
  incidentId: z.string(),
  incident: z.object({ number: z.number(), key: z.string(), severity: z.string(), title: z.string() }),
  title: z.string(),
  description: z.string(),
  owner: z.string().nullable(),
  ownerId: z.string().nullable(),
  dueDate: z.string().nullable(),
  priority: z.string(),
  type: z.string(),
  status: z.string(),
  wontDoReason: z.string().nullable(),
  externalUrl: z.string().nullable(),
  timelineEventId: z.string().nullable(),
  contributingFactorId: z.string().nullable(),
  contributingFactorTitle: z.string().nullable(),
  overdue: z.boolean(),
  ageDays: z.number(),
  version: z.number(),
});
export type ActionItemView = z.infer<typeof zActionItemView>;

export function toActionItemView(dto: ActionItemDto): ActionItemView {
  return {
    id: dto.id,
    incidentId: dto.incidentId,
    incident: dto.incident,
    title: dto.title,
    description: dto.description,
    owner: dto.owner,
    ownerId: dto.ownerId,
    dueDate: dto.dueDate,
    priority: dto.priority,
    type: dto.type,
    status: dto.status,
    wontDoReason: dto.wontDoReason,
    externalUrl: dto.externalUrl,
    timelineEventId: dto.timelineEventId,
    contributingFactorId: dto.contributingFactorId,
    contributingFactorTitle: dto.contributingFactorTitle,
    overdue: dto.overdue,
    ageDays: dto.ageDays,
    version: dto.version,
  };
}
