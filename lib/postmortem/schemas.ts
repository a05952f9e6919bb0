import { z } from "zod";
import { LIMITS, zDateInRange, zOptionalText, zString, zText } from "../validation";
import { zPostmortemStatus, zSeverity } from "../incidents/schemas";
import {
  ACTION_COLUMNS,
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_TYPES,
  ACTION_STYLES,
  EDITABLE_POSTMORTEM_STATUSES,
  FACTOR_CATEGORIES,
  LAYOUT_BLOCK_KINDS,
  SECTION_KEYS,
  type SectionKey,
} from "./document";
import { headingRole } from "./markdown/titles";

/** Limits of a postmortem. Change them here, not at call sites. */
export const POSTMORTEM_LIMITS = {
  // The longest section in the corpus of published postmortems is 14,383 characters
  // (Chia's CATbleed FAQ), the longest built-in one 10,216 (Cloudflare's root cause): ~7×.
  sectionMax: 100_000,
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
  /** Headings of an imported postmortem, in order (the longest corpus document has 31). */
  layoutEntriesMax: 300,
  headingMax: 500,
  blocksPerEntryMax: 100,
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

const zAnyExtraSection = z.strictObject({ title: zText(L.extraTitleMax), body: zSection.default("") });

/** As ZUpdatePostmortem, but extra sections may be named like built-in ones (an imported postmortem keeps its headings). */
export const ZUpdateImportedPostmortem = z.strictObject({
  version: z.number().int().positive(),
  sections: z.strictObject(sectionShape).optional(),
  impactedServices: z.array(zImpactedService).max(L.impactedServicesMax, `at most ${L.impactedServicesMax} impacted services`).optional(),
  contributingFactors: z.array(zContributingFactor).max(L.contributingFactorsMax, `at most ${L.contributingFactorsMax} contributing factors`).optional(),
  extraSections: z.array(zAnyExtraSection).max(L.extraSectionsMax, `at most ${L.extraSectionsMax} extra sections`).optional(),
  authors: z.array(zText(LIMITS.personNameMax)).max(L.authorsMax, `at most ${L.authorsMax} authors`).optional(),
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

export const zLayoutBlock = z.object({
  kind: z.enum(LAYOUT_BLOCK_KINDS),
  at: z.number().int().min(0).max(100_000),
  count: z.number().int().min(0).max(LIMITS.eventsPerIncident),
  actionStyle: z.enum(ACTION_STYLES).optional(),
  header: z.array(z.string().max(L.headingMax)).max(50).optional(),
  holds: z.array(z.enum(ACTION_COLUMNS)).max(50).optional(),
  leadIn: z.string().max(L.headingMax).optional(),
});

export const zLayoutEntry = z.object({
  title: z.string().max(L.headingMax, `a heading must be at most ${L.headingMax} characters`),
  level: z.union([z.literal(0), z.literal(1)]),
  store: z.enum([...SECTION_KEYS, "extra", "own"]),
  text: zSection,
  blocks: z.array(zLayoutBlock).max(L.blocksPerEntryMax),
});

/** The author's headings in order; also how stored layouts are read back (stored JSON is outside data). */
export const zLayout = z.array(zLayoutEntry).max(L.layoutEntriesMax, `at most ${L.layoutEntriesMax} sections`);

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
        dueDate: z.date().nullable(),
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
  layout: zLayout,
});

/** The query of POST /api/v1/import/markdown: a dry run, and what the person importing decided instead of the document. */
export const ZImportQuery = z.strictObject({
  dryRun: z.enum(["1", "0", "true", "false"], { message: "must be 1 or 0" }).transform((v) => v === "1" || v === "true").default(false),
  title: zText(LIMITS.titleMax).optional(),
  severity: zSeverity.optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date such as 2026-03-03")
    .refine((v) => {
      const d = new Date(`${v}T00:00:00.000Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 9999;
    }, "is not a calendar date")
    .optional(),
});
export type TImportQuery = z.input<typeof ZImportQuery>;
