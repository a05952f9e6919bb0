import "server-only";
import { markdownLimits } from "../workers/limits";
import { markdownPool, tooComplex, type MarkdownFailure, type MarkdownSubject, type PartTimes } from "../workers/pool";
import { SECTION_KEYS, type PostmortemDocument } from "./document";
import type { ZUpdatePostmortem } from "./schemas";
import type { z } from "zod";

type SaveInput = z.output<typeof ZUpdatePostmortem>;

/** The postmortem as it will be once `input` is saved over `doc`. */
export function documentAfterSave(doc: PostmortemDocument, input: SaveInput): PostmortemDocument {
  const sections = { ...doc.sections };
  for (const key of SECTION_KEYS) {
    const text = input.sections?.[key];
    if (text !== undefined) sections[key] = text;
  }
  return {
    ...doc,
    sections,
    extraSections: input.extraSections ?? doc.extraSections,
    impactedServices: input.impactedServices ?? doc.impactedServices,
    contributingFactors: input.contributingFactors ?? doc.contributingFactors,
    authors: input.authors ?? doc.authors,
  };
}

/** Whether a save changes anything the export is made from (an unchanged save is not checked again). */
export function changesExport(before: PostmortemDocument, after: PostmortemDocument): boolean {
  const editable = (d: PostmortemDocument) =>
    JSON.stringify([d.sections, d.extraSections, d.impactedServices, d.contributingFactors, d.authors]);
  return editable(before) !== editable(after);
}

const MARKDOWN_PART = /^(?:sections\.\w+|extraSections\.\d+\.body)$/;

/**
 * The sections to name when the whole did not export in time: the one being
 * rendered when the worker was ended, and every one that took at least a
 * tenth of the heaviest one's time (ten equally heavy sections are all
 * named; one heavy among light ones alone). A section that overflowed the
 * stack is named alone. With no heavy section, the postmortem as a whole.
 */
export function blameParts(parts: PartTimes, failure: MarkdownFailure, limitMs: number): MarkdownSubject[] {
  const sections = parts.filter((p) => MARKDOWN_PART.test(p.part));
  const heaviest = Math.max(0, ...sections.map((p) => p.ms));
  const floor = Math.max(limitMs / 100, heaviest / 10);
  const named = sections.filter((p) => p.unfinished || (failure !== "nested" && p.ms >= floor));
  if (named.length === 0) return [{ path: "postmortem", label: "This postmortem" }];
  return named.map((p) => ({ path: p.part, label: p.part }));
}

/**
 * A postmortem that saved can always be exported: the whole document as it
 * would be after the save is exported in every template in the worker pool
 * under the save limit (well under the export's own limit), and the save is
 * refused with a 422 naming the heavy sections when that does not finish.
 * Run before the write transaction, never inside it.
 */
export async function checkPostmortemExports(doc: PostmortemDocument, owner: string): Promise<void> {
  const { saveMs } = markdownLimits();
  const outcome = await markdownPool().run("checkExports", { doc }, { limitMs: saveMs, owner });
  if (outcome.ok) return;
  throw tooComplex(blameParts(outcome.parts, outcome.failure, outcome.limitMs), outcome.failure, outcome.limitMs, true);
}
