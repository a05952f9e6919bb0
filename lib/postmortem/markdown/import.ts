import type { RootContent } from "mdast";
import { AppError, validationError } from "../../errors";
import { POSTMORTEM_STATUSES, type Severity } from "../../incidents/schemas";
import {
  emptySections,
  type ActionItemRow,
  type ContributingFactorRow,
  type ExtraSection,
  type ImpactedServiceRow,
  type LayoutBlock,
  type LayoutEntry,
  type LayoutStore,
  type PostmortemDocument,
  type PostmortemStatus,
  isSectionKey,
} from "../document";
import { POSTMORTEM_LIMITS, ZImportedDocument } from "../schemas";
import { canonicalLine } from "../text";
import { documentDating, documentYear, documentZone, isOpeningSection, isoDate, type IsoDate } from "./context";
import { detectFactors, detectFollowUps, detectServices } from "./follow-ups";
import { readFrontMatter, readTomlFrontMatter, type FrontMatter } from "./front-matter";
import { paragraphText } from "./nodes";
import { hasTimelineSection, sectionsOf, takeTitle, titleFromText, type Section } from "./outline";
import { isPlaceholder, type Part } from "./parts";
import { lineText, plainText } from "./plain";
import { parseMarkdown } from "./processor";
import type { ImportOptions, ImportReport, ImportedPostmortem, SectionReport } from "./report";
import { nodesToSection, sectionNodes } from "./sections";
import { severityStated } from "./severity";
import { detectTimeline, type RawRow } from "./timeline-detect";
import { resolveRows } from "./timeline-rows";
import { headingRole, isUtcNote } from "./titles";
import { zoneIn, type Zone } from "./zones";
import { formatUtcDate } from "../../time-format";

export type { ImportOptions, ImportReport, ImportedPostmortem } from "./report";

function unreadable(path: string, message: string): AppError {
  return new AppError("validation_failed", message, { issues: [{ path, message }] });
}

type FrontMatterRead = { fm: FrontMatter | null; body: RootContent[] };

/** remark-frontmatter's TOML node (mdast's types know only YAML). */
function tomlValue(node: unknown): string | null {
  if (typeof node !== "object" || node === null || !("type" in node) || node.type !== "toml" || !("value" in node)) return null;
  return typeof node.value === "string" ? node.value : null;
}

function frontMatterOf(nodes: RootContent[]): FrontMatterRead {
  const first = nodes[0];
  const toml = tomlValue(first);
  if (first?.type === "yaml" || toml !== null) {
    const read = first?.type === "yaml" ? readFrontMatter(first.value) : readTomlFrontMatter(toml ?? "");
    if (!read.ok) throw unreadable(read.path, read.message);
    return { fm: read.value, body: nodes.slice(1) };
  }
  return { fm: null, body: nodes };
}

const SEVERITY_WORDS = /^(?:sev(?:erity)?[-\s]?|p)?([0-4])$/i;

function frontMatterSeverity(fm: FrontMatter | null): Severity | null {
  if (fm?.severity === undefined) return null;
  const level = SEVERITY_WORDS.exec(fm.severity.trim())?.[1];
  if (level === "0" || level === "1") return "SEV1";
  if (level === "2" || level === "3" || level === "4") return `SEV${level}`;
  throw unreadable("frontMatter.severity", `frontMatter.severity: "${fm.severity.slice(0, 20)}" is not one of SEV1, SEV2, SEV3, SEV4`);
}

function postmortemStatusFrom(fm: FrontMatter | null): PostmortemStatus {
  const key = (fm?.status ?? "").trim().toLowerCase().replace(/[\s-]+/g, "_");
  return POSTMORTEM_STATUSES.find((s) => s === key) ?? "draft";
}

function uniqueServices(names: string[]): string[] {
  return [...new Set(names.map((n) => canonicalLine(n).slice(0, 100)).filter(Boolean))].slice(0, 50);
}

function hasTimelineHeading(nodes: RootContent[]): boolean {
  return nodes.some((n) => n.type === "heading" && headingRole(lineText(n.children)) === "timeline");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** A section's Markdown and where its blocks stand among its top-level nodes. */
function textAndBlocks(parts: Part[]): { text: string; blocks: LayoutBlock[] } {
  const nodes: RootContent[] = [];
  const blocks: LayoutBlock[] = [];
  for (const part of parts) {
    if (isPlaceholder(part)) {
      const { placeholder, ...rest } = part;
      // Counted on the Markdown as it will be read back, so the exporter puts the block in the same place.
      const at = nodes.length === 0 ? 0 : sectionNodes(nodesToSection(nodes)).length;
      blocks.push({ kind: placeholder, at, ...rest });
    } else {
      nodes.push(part);
    }
  }
  return { text: nodesToSection(nodes), blocks };
}

type ReadSection = { section: Section; parts: Part[] };

/**
 * Read a Markdown postmortem, ours or anyone's, into a document: title,
 * sections in the author's order and words, timeline (UTC), follow-ups,
 * contributing factors, impacted services and severity, with a report of
 * what was recognised. Pure: nothing is written; throws a 4xx AppError
 * naming what cannot be read.
 */
export function importPostmortemMarkdown(text: string, options: ImportOptions = {}): ImportedPostmortem {
  if (text.length > POSTMORTEM_LIMITS.importBytesMax) {
    throw new AppError("payload_too_large", `The Markdown must be at most ${POSTMORTEM_LIMITS.importBytesMax} bytes`);
  }
  const warnings: string[] = [];
  const { fm, body: afterFrontMatter } = frontMatterOf(parseMarkdown(text).children);
  const fmTitle = fm?.title ? canonicalLine(fm.title) : null;
  const titled = takeTitle(afterFrontMatter, fmTitle);
  let body = titled.body;
  // Our own export starts with "All times in this post are UTC."; it is written again on export.
  const firstParagraph = body.findIndex((n) => n.type !== "html");
  if (firstParagraph >= 0 && isUtcNote(paragraphText(body[firstParagraph]) ?? "\0")) body = body.filter((_, i) => i !== firstParagraph);

  const sections = sectionsOf(body);
  let title = titled.title;
  let titleSource: ImportReport["title"]["source"] = titled.source;
  if (options.title) {
    title = options.title;
    titleSource = "given";
  } else if (!title) {
    title = titleFromText(sections);
    titleSource = "text";
    if (title) warnings.push(`No title heading: the title "${clip(title, 60)}" was taken from the text; change it if it does not fit`);
  }
  if (!title) throw unreadable("title", 'The Markdown has no title: start it with a heading such as "# Checkout outage on March 3, 2026", or give a title');

  // The incident's date and zone: front matter, the title, the opening words.
  const opening = sections.filter((s) => isOpeningSection(s.title, s.role)).flatMap((s) => s.nodes);
  const fmDate = fm?.startedAt ?? fm?.date ?? null;
  const dating = documentDating({ frontMatterDate: fmDate ? formatUtcDate(fmDate) : null, title, openingNodes: opening, allText: plainText(body) });
  const order = dating.order;
  const docDate: IsoDate | null = options.date ?? dating.date;
  const fmZone = fm?.timezone ?? fm?.timeZone;
  const docZone: Zone | null = (fmZone ? zoneIn(fmZone) : null) ?? documentZone(opening);

  // Each section: timeline entries, then its own structured parts.
  const scope = { anywhere: !hasTimelineHeading(body), subTimelines: !hasTimelineSection(sections) };
  const rawRows: RawRow[] = [];
  const services: ImpactedServiceRow[] = [];
  const factors: ContributingFactorRow[] = [];
  const actions: ActionItemRow[] = [];
  const dates = { date: docDate, order };
  const read: ReadSection[] = sections.map((section) => {
    const timeline = detectTimeline(section.title, section.nodes, scope);
    rawRows.push(...timeline.rows);
    let parts = timeline.parts;
    if (section.role === "impact") {
      const found = detectServices(parts);
      parts = found.parts;
      services.push(...found.services);
    }
    if (section.role === "contributingFactors") {
      const found = detectFactors(parts);
      parts = found.parts;
      factors.push(...found.factors);
    }
    const followUps = detectFollowUps(parts, section.role === "actionItems", dates);
    actions.push(...followUps.items);
    return { section, parts: followUps.parts };
  });

  const resolved = resolveRows(rawRows, { date: docDate, zone: docZone, order, year: documentYear({ title, openingNodes: opening }) });
  if (resolved.missingDate) {
    throw unreadable(
      "date",
      "The timeline has times without a date, and the document states none: add the incident's date to the title, the front matter (date: 2026-03-03) or the first paragraph, or give the date",
    );
  }
  warnings.push(...resolved.warnings);
  if (resolved.zoneAssumed) warnings.push("No time zone stated: times read as UTC");
  if (!resolved.rows.length) warnings.push("No timeline found: the impact start and end stay unknown");

  // Where each section's words are kept.
  const sectionsText = emptySections();
  const extraSections: ExtraSection[] = [];
  const layout: LayoutEntry[] = [];
  const report: SectionReport[] = [];
  const hasSummary = sections.some((s) => s.role === "summary");
  let closingFree = !sections.some((s) => s.role === "closing");
  for (const { section, parts } of read) {
    const { text: words, blocks } = textAndBlocks(parts);
    const role = section.role;
    let store: LayoutStore;
    if (role === "intro") store = hasSummary ? "own" : "summary";
    // Every stored section is also a heading role of the same name.
    else if (role && isSectionKey(role)) store = role;
    else if (role === "actionItems" && closingFree) {
      store = "closing";
      closingFree = false;
    } else if (role === "timeline" || role === "contributingFactors" || role === "actionItems") store = "own";
    else if (role === "lessons") store = words ? "extra" : "own";
    else store = "extra";

    if (role === "intro" && !words && blocks.length === 0) continue;
    if (store === "extra") extraSections.push({ title: clip(section.title || "Untitled section", POSTMORTEM_LIMITS.extraTitleMax), body: words });
    else if (store !== "own") sectionsText[store] = words;
    layout.push({ title: section.title, level: section.level, store, text: store === "own" ? words : "", blocks });
    report.push({ title: section.title, level: section.level, keptAs: store === "extra" ? "own section" : store === "own" ? (role ?? "own section") : store });
  }

  // Severity: given, else front matter, else what the document states, else a default the user can change.
  const severityTexts = [
    ...read.filter((r) => r.section.role === "intro" || r.section.role === "summary" || r.section.role === "impact").flatMap((r) => r.section.nodes.map((n) => plainText([n]))),
    ...resolved.rows.flatMap((r) => [r.statusLabel, r.body]),
  ];
  const severitySection = sections.find((s) => /^severity$/i.test(s.title.trim()));
  const stated = severityStated(severityTexts, severitySection ? plainText(severitySection.nodes) : null);
  const fmSeverity = frontMatterSeverity(fm);
  let severity: Severity = "SEV2";
  let severitySource: ImportReport["severity"]["source"] = "default";
  if (options.severity) {
    severity = options.severity;
    severitySource = "given";
  } else if (fmSeverity) {
    severity = fmSeverity;
    severitySource = "frontMatter";
  } else if (stated) {
    severity = stated.severity;
    severitySource = "document";
  } else {
    warnings.push("No severity stated: SEV2 assumed; change it if it does not fit");
  }

  const doc: PostmortemDocument = {
    incident: {
      key: fm?.incident ?? null,
      title,
      severity,
      postmortemStatus: postmortemStatusFrom(fm),
      startedAt: fmDate,
      detectedAt: fm?.detectedAt ?? null,
      mitigatedAt: fm?.mitigatedAt ?? null,
      resolvedAt: fm?.resolvedAt ?? null,
      // Front matter lists the incident's services; without it, the impacted ones are the best guess.
      services: fm ? (fm.services ?? []) : uniqueServices(services.map((s) => s.service)),
    },
    authors: fm?.authors ?? [],
    sections: sectionsText,
    extraSections,
    impactedServices: services,
    contributingFactors: factors,
    actionItems: actions,
    timeline: resolved.rows,
    layout,
  };
  const checked = ZImportedDocument.safeParse(doc);
  if (!checked.success) throw validationError(checked.error);
  return {
    ...doc,
    report: {
      title: { value: title, source: titleSource },
      severity: { value: severity, source: severitySource, phrase: severitySource === "document" ? (stated?.phrase ?? null) : null },
      date: docDate,
      timeline: resolved.report,
      sections: report,
      warnings,
    },
  };
}

export { isoDate };
