/** An incident as the browser holds it (API answers, live frames, page props); see lib/wire.ts. */
import { z } from "zod";
import { zIso } from "../wire";

export const zIncidentJson = z.object({
  id: z.string(),
  number: z.number().int(),
  key: z.string(),
  title: z.string(),
  summary: z.string(),
  severity: z.string(),
  status: z.string(),
  postmortemStatus: z.string(),
  startedAt: zIso.nullable(),
  detectedAt: zIso.nullable(),
  mitigatedAt: zIso.nullable(),
  resolvedAt: zIso.nullable(),
  services: z.array(z.string()),
  createdAt: zIso,
  updatedAt: zIso,
  version: z.number().int(),
});
export type IncidentJson = z.infer<typeof zIncidentJson>;

/** A frame of the incident list's stream (GET /api/v1/incidents/stream). */
export const zIncidentListMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("incident"), incident: zIncidentJson }),
  z.object({ type: z.literal("incident_deleted"), incidentId: z.string() }),
]);
export type IncidentListMessageJson = z.infer<typeof zIncidentListMessage>;
