import { z } from "zod";
import { zLayout } from "./schemas";
import type { ContributingFactor, ImpactedService, Postmortem } from "../generated/prisma/client";
import {
  FACTOR_CATEGORIES,
  type ExtraSection,
  type LayoutEntry,
  type FactorCategory,
  type PostmortemSections,
  type PostmortemStatus,
} from "./document";

export type PostmortemDto = {
  id: string;
  incidentId: string;
  version: number;
  updatedAt: Date;
  postmortemStatus: PostmortemStatus;
  sections: PostmortemSections;
  extraSections: ExtraSection[];
  authors: string[];
  impactedServices: { id: string; service: string; impact: string }[];
  contributingFactors: { id: string; title: string; description: string; category: FactorCategory }[];
};

const zStoredExtras = z.array(z.object({ title: z.string(), body: z.string() }));
const zStoredNames = z.array(z.string());

/** Stored JSON is still outside data: parse it, never trust it. */
function parseStored<T>(schema: z.ZodType<T>, json: string, fallback: T): T {
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export function parseExtraSections(json: string): ExtraSection[] {
  return parseStored(zStoredExtras, json, []);
}

/** The author's headings of an imported postmortem; a layout that does not read back is dropped (the export falls back to its template). */
export function parseLayout(json: string): LayoutEntry[] {
  return parseStored(zLayout, json, []);
}

export function parseAuthors(json: string): string[] {
  return parseStored(zStoredNames, json, []);
}

export function factorCategory(value: string): FactorCategory {
  return FACTOR_CATEGORIES.find((c) => c === value) ?? "technical";
}

export function sectionsOf(row: Postmortem): PostmortemSections {
  const { summary, impact, rootCause, trigger, detection, resolution, wentWell, wentWrong, gotLucky, closing } = row;
  return { summary, impact, rootCause, trigger, detection, resolution, wentWell, wentWrong, gotLucky, closing };
}

export function toPostmortemDto(
  row: Postmortem & { impactedServices: ImpactedService[]; contributingFactors: ContributingFactor[] },
  postmortemStatus: PostmortemStatus,
): PostmortemDto {
  return {
    id: row.id,
    incidentId: row.incidentId,
    version: row.version,
    updatedAt: row.updatedAt,
    postmortemStatus,
    sections: sectionsOf(row),
    extraSections: parseExtraSections(row.extraSections),
    authors: parseAuthors(row.authors),
    impactedServices: [...row.impactedServices]
      .sort((a, b) => a.position - b.position)
      .map((s) => ({ id: s.id, service: s.service, impact: s.impact })),
    contributingFactors: [...row.contributingFactors]
      .sort((a, b) => a.position - b.position)
      .map((f) => ({ id: f.id, title: f.title, description: f.description, category: factorCategory(f.category) })),
  };
}
