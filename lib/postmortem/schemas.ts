import { z } from "zod";
import { LIMITS, zDateInRange, zOptionalText, zString, zText } from "../validation";
import { zPostmortemStatus, zSeverity } from "../incidents/schemas";
import {
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_TYPES,
  EDITABLE_POSTMORTEM_STATUSES,
  FACTOR_CATEGORIES,
  SECTION_KEYS,
  type SectionKey,
} from "./document";
import { headingRole } from "./markdown/titles";

/** Limits of a postmortem. Change them here, not at call sites. */
export const POSTMORTEM_LIMITS = {
  sectionMax: 50_000,
  impactedServicesMax: 100,
  serviceImpactMax: 5_000,
  contributingFactorsMax: 100,
  factorTitleMax: 200,
  factorDescriptionMax: 10_000,
  extraSectionsMax: 50,
  extraTitleMax: 200,
  authorsMax: 20,
  actionItemsMax: 500,
  actionTitleMax: 200,
  actionDescriptionMax: 10_000,
  importBytesMax: 2 * 1024 * 1024,
} as const;

const L = POSTMORTEM_LIMITS;

const zSection = zString().max(L.sectionMax, `must be at most ${L.sectionMax} characters`);

const sectionShape = Object.fromEntries(SECTION_KEYS.map((k) => [k, zSection.optional()])) as Record<
  SectionKey,
  z.ZodOptional<typeof zSection>
>;

export const zFactorCategory = z.enum(FACTOR_CATEGORIES, { message: `must be one of ${FACTOR_CATEGORIES.join(", ")}` });

export const zImpactedService = z.strictObject({
  service: zText(LIMITS.serviceNameMax),
  impact: zOptionalText(L.serviceImpactMax).default(""),
});

export const zContributingFactor = z.strictObject({
  title: zText(L.factorTitleMax),
  description: zOptionalText(L.factorDescriptionMax).default(""),
  category: zFactorCategory.default("technical"),
});

// An extra section named like one of ours would be read back as ours.
export const zExtraSection = z.strictObject({
  title: zText(L.extraTitleMax).refine((t) => {
    const role = headingRole(t);
    return role === null || role === "lessons";
  }, "is the name of a built-in section; write it there instead"),
  body: zSection.default(""),
});

export const ZUpdatePostmortem = z.strictObject({
  version: z.number().int().positive(),
  sections: z.strictObject(sectionShape).optional(),
  impactedServices: z
    .array(zImpactedService)
    .max(L.impactedServicesMax, `at most ${L.impactedServicesMax} impacted services`)
    .optional(),
  contributingFactors: z
    .array(zContributingFactor)
    .max(L.contributingFactorsMax, `at most ${L.contributingFactorsMax} contributing factors`)
    .optional(),
  extraSections: z.array(zExtraSection).max(L.extraSectionsMax, `at most ${L.extraSectionsMax} extra sections`).optional(),
  authors: z.array(zText(LIMITS.personNameMax)).max(L.authorsMax, `at most ${L.authorsMax} authors`).optional(),
});
export type TUpdatePostmortem = z.input<typeof ZUpdatePostmortem>;

export const ZSetPostmortemStatus = z.strictObject({
  status: z.enum(EDITABLE_POSTMORTEM_STATUSES, { message: `must be one of ${EDITABLE_POSTMORTEM_STATUSES.join(", ")}` }),
});

export const ZExportOptions = z.strictObject({
  template: z.enum(["cloudflare", "sre"], { message: "must be cloudflare or sre" }).default("cloudflare"),
  frontMatter: z.enum(["true", "false"], { message: "must be true or false" }).transform((v) => v === "true").default(true),
});

/** What an import produced, checked against the same limits as typed input before anything is written. */
export const ZImportedDocument = z.object({
  incident: z.object({
    key: z.string().nullable(),
    title: zText(LIMITS.titleMax),
    severity: zSeverity,
    postmortemStatus: zPostmortemStatus,
    startedAt: zDateInRange.nullable(),
    detectedAt: zDateInRange.nullable(),
    mitigatedAt: zDateInRange.nullable(),
    resolvedAt: zDateInRange.nullable(),
    services: z.array(zText(LIMITS.serviceNameMax)).max(LIMITS.servicesMax, `at most ${LIMITS.servicesMax} services`),
  }),
  authors: z.array(zText(LIMITS.personNameMax)).max(L.authorsMax, `at most ${L.authorsMax} authors`),
  sections: z.object(Object.fromEntries(SECTION_KEYS.map((k) => [k, zSection])) as Record<SectionKey, typeof zSection>),
  extraSections: z
    .array(z.object({ title: zText(L.extraTitleMax), body: zSection }))
    .max(L.extraSectionsMax, `at most ${L.extraSectionsMax} extra sections`),
  impactedServices: z
    .array(z.object({ service: zText(LIMITS.serviceNameMax), impact: zOptionalText(L.serviceImpactMax) }))
    .max(L.impactedServicesMax, `at most ${L.impactedServicesMax} impacted services`),
  contributingFactors: z
    .array(z.object({ title: zText(L.factorTitleMax), description: zOptionalText(L.factorDescriptionMax), category: zFactorCategory }))
    .max(L.contributingFactorsMax, `at most ${L.contributingFactorsMax} contributing factors`),
  actionItems: z
    .array(
      z.object({
        title: zText(L.actionTitleMax),
        description: zOptionalText(L.actionDescriptionMax),
        type: z.enum(ACTION_ITEM_TYPES),
        owner: zOptionalText(LIMITS.personNameMax).nullable(),
        status: z.enum(ACTION_ITEM_STATUSES),
      }),
    )
    .max(L.actionItemsMax, `at most ${L.actionItemsMax} action items`),
  timeline: z
    .array(
      z.object({
        occurredAt: zDateInRange,
        endedAt: zDateInRange.nullable(),
        statusLabel: zOptionalText(LIMITS.statusLabelMax),
        body: zOptionalText(LIMITS.eventBodyMax),
      }),
    )
    .max(LIMITS.eventsPerIncident, `at most ${LIMITS.eventsPerIncident} timeline rows`),
});
