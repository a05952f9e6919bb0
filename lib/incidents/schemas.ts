import { z } from "zod";
import { LIMITS, zInstant, zOptionalText, zText } from "../validation";

export const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export const POSTMORTEM_STATUSES = ["draft", "in_review", "published", "complete"] as const;

export type Severity = (typeof SEVERITIES)[number];
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const zSeverity = z.enum(SEVERITIES, { message: `must be one of ${SEVERITIES.join(", ")}` });
export const zIncidentStatus = z.enum(INCIDENT_STATUSES, {
  message: `must be one of ${INCIDENT_STATUSES.join(", ")}`,
});
export const zPostmortemStatus = z.enum(POSTMORTEM_STATUSES, {
  message: `must be one of ${POSTMORTEM_STATUSES.join(", ")}`,
});

const zServices = z
  .array(zText(LIMITS.serviceNameMax))
  .max(LIMITS.servicesMax, `at most ${LIMITS.servicesMax} services`)
  .transform((list) => [...new Set(list)]);

export const ZCreateIncident = z.strictObject({
  title: zText(LIMITS.titleMax),
  severity: zSeverity,
  summary: zOptionalText(LIMITS.summaryMax).optional(),
  startedAt: zInstant.optional(),
  services: zServices.optional(),
});
export type TCreateIncident = z.input<typeof ZCreateIncident>;

export const ZUpdateIncident = z.strictObject({
  version: z.number().int().positive(),
  title: zText(LIMITS.titleMax).optional(),
  severity: zSeverity.optional(),
  status: zIncidentStatus.optional(),
  summary: zOptionalText(LIMITS.summaryMax).optional(),
  startedAt: zInstant.optional(),
  services: zServices.optional(),
  // Roles (commander, scribe, …) are assigned through PUT …/roles/{role},
  // which writes the timeline entry and tells live viewers.
  // The postmortem's status moves through PUT …/postmortem/status and
  // POST …/complete, which enforce their rules; never through this update.
});
export type TUpdateIncident = z.input<typeof ZUpdateIncident>;

export const ZListIncidents = z.strictObject({
  status: zIncidentStatus.optional(),
  severity: zSeverity.optional(),
  q: zOptionalText(LIMITS.queryMax).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.listPageMax).default(100),
});
export type TListIncidents = z.input<typeof ZListIncidents>;
