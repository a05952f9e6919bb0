/** A postmortem and an import preview as the browser holds them; see lib/wire.ts. */
import { z } from "zod";
import { zIso } from "../wire";
import { FACTOR_CATEGORIES, SECTION_KEYS, type SectionKey } from "./document";

const zSections = z.object(
  Object.fromEntries(SECTION_KEYS.map((k) => [k, z.string()])) as Record<SectionKey, z.ZodString>,
);

export const zPostmortemJson = z.object({
  id: z.string(),
  incidentId: z.string(),
  version: z.number().int(),
  updatedAt: zIso,
  postmortemStatus: z.string(),
  sections: zSections,
  extraSections: z.array(z.object({ title: z.string(), body: z.string() })),
  authors: z.array(z.string()),
  impactedServices: z.array(z.object({ id: z.string(), service: z.string(), impact: z.string() })),
  contributingFactors: z.array(
    z.object({ id: z.string(), title: z.string(), description: z.string(), category: z.enum(FACTOR_CATEGORIES) }),
  ),
});
export type PostmortemJson = z.infer<typeof zPostmortemJson>;

export const zImportPreviewJson = z.object({
  incident: z.object({
    title: z.string(),
    titleSource: z.string(),
    severity: z.enum(["SEV1", "SEV2", "SEV3", "SEV4"]),
    severitySource: z.string(),
    severityPhrase: z.string().nullable(),
    date: z.string().nullable(),
    startedAt: z.string().nullable(),
    detectedAt: z.string().nullable(),
    mitigatedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    services: z.array(z.string()),
  }),
  timeline: z.array(
    z.object({
      written: z.string(),
      occurredAt: z.string(),
      endedAt: z.string().nullable(),
      zone: z.string(),
      milestone: z.string().nullable(),
      statusLabel: z.string(),
      body: z.string(),
    }),
  ),
  timelineTotal: z.number().int(),
  sections: z.array(z.object({ title: z.string(), level: z.number().int(), keptAs: z.string() })),
  sectionsTotal: z.number().int(),
  followUps: z.array(z.object({ title: z.string(), owner: z.string().nullable(), status: z.string(), type: z.string(), dueDate: z.string().nullable() })),
  followUpsTotal: z.number().int(),
  impactedServices: z.array(z.object({ service: z.string(), impact: z.string() })),
  contributingFactors: z.number().int(),
  warnings: z.array(z.string()),
});
export type ImportPreviewJson = z.infer<typeof zImportPreviewJson>;

