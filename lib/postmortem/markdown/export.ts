import type { ListItem, PhrasingContent, Root, RootContent } from "mdast";
import type {
  ActionItemRow,
  ActionItemStatus,
  ContributingFactorRow,
  ExportOptions,
  PostmortemDocument,
  TimelineRow,
} from "../document";
import { canonicalLine, canonicalParagraphs } from "../text";
import { frontMatterYaml } from "./front-matter";
import {
  firstParagraphText,
  heading,
  leadingListIndex,
  list,
  listItem,
  paragraph,
  table,
  textParagraph,
  textParagraphs,
} from "./nodes";
import { textToCell } from "./plain";
import { stringifyMarkdown } from "./processor";
import { withInertHtml } from "./safe-html";
import { sectionNodes } from "./sections";
import { formatTimeCell, incidentDate, utcDate } from "./times";
import {
  ACTION_ITEMS_HEADER,
  isServicesTable,
  isUtcNote,
  NO_ACTION_ITEMS,
  SERVICES_LEAD_IN,
  TEMPLATE_WORDS,
  TIMELINE_HEADER,
  UTC_NOTE,
  type TemplateWords,
} from "./titles";

export const ACTION_STATUS_WORDS: Record<ActionItemStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  blocked: "Blocked",
  done: "Done",
  wont_do: "Won't do",
};

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * The impact narrative, then the services table. The table (with its
 * lead-in) is written when there are services, or when the narrative itself
 * holds a table the importer would otherwise take for it.
 */
function impactNodes(doc: PostmortemDocument, words: TemplateWords): RootContent[] {
  const narrative = sectionNodes(doc.sections.impact);
  const needsTable = doc.impactedServices.length > 0 || narrative.some(isServicesTable);
  if (!needsTable) return narrative;
  const rows = doc.impactedServices.map((s) => [textToCell(canonicalLine(s.service)), textToCell(s.impact)]);
  return [...narrative, textParagraph(SERVICES_LEAD_IN), table(words.servicesHeader, rows)];
}

function factorItem(factor: ContributingFactorRow): ListItem {
  const [first, ...rest] = canonicalParagraphs(factor.description);
  const lead: PhrasingContent[] = [{ type: "strong", children: [{ type: "text", value: canonicalLine(factor.title) }] }];
  if (first) lead.push({ type: "text", value: ` ${first}` });
  // "technical" is the default and left unsaid; others are tagged so the import can tell.
  if (factor.category !== "technical") {
    lead.push({ type: "text", value: " " }, { type: "emphasis", children: [{ type: "text", value: `(${factor.category})` }] });
  }
  return listItem([paragraph(lead), ...rest.map(textParagraph)]);
}

function actionItemBullet(item: ActionItemRow): ListItem {
  return listItem([textParagraph(canonicalLine(item.title)), ...textParagraphs(item.description)]);
}

/** Remediation bullets, then the closing words (cloudflare). */
function remediationNodes(doc: PostmortemDocument): RootContent[] {
  const closing = sectionNodes(doc.sections.closing);
  if (doc.actionItems.length > 0) return [list(doc.actionItems.map(actionItemBullet)), ...closing];
  // Without bullets, a list at the start of the closing text would be read as them.
  return leadingListIndex(closing) >= 0 ? [textParagraph(NO_ACTION_ITEMS), ...closing] : closing;
}

function actionItemsTable(items: ActionItemRow[]) {
  return table(
    ACTION_ITEMS_HEADER,
    items.map((item) => [
      textToCell(canonicalLine(item.title)),
      textToCell(capitalise(item.type)),
      textToCell(canonicalLine(item.owner ?? "")),
      textToCell(ACTION_STATUS_WORDS[item.status]),
    ]),
  );
}

function sortedTimeline(rows: TimelineRow[]): TimelineRow[] {
  // Stable: equal times keep the order they were given in.
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => a.row.occurredAt.getTime() - b.row.occurredAt.getTime() || a.i - b.i)
    .map(({ row }) => row);
}

/** Rows carry their date unless every row falls on the date the importer would assume. */
function timelineTable(rows: TimelineRow[], assumedDate: string | null) {
  const sorted = sortedTimeline(rows);
  const withDates =
    assumedDate === null ||
    sorted.some((r) => utcDate(r.occurredAt) !== assumedDate || (r.endedAt !== null && utcDate(r.endedAt) !== assumedDate));
  return table(
    TIMELINE_HEADER,
    sorted.map((r) => [
      [{ type: "text", value: formatTimeCell(r.occurredAt, r.endedAt, withDates) }],
      textToCell(canonicalLine(r.statusLabel)),
      textToCell(r.body),
    ]),
  );
}

function section(depth: 2 | 3, title: string, nodes: RootContent[], always = false): RootContent[] {
  return nodes.length || always ? [heading(depth, title), ...nodes] : [];
}

function extraSectionNodes(doc: PostmortemDocument): RootContent[] {
  return doc.extraSections.flatMap((extra) => section(2, extra.title, sectionNodes(extra.body), true));
}

function lessonsNodes(doc: PostmortemDocument, words: TemplateWords, always: boolean): RootContent[] {
  const parts = [
    ...section(3, words.wentWell, sectionNodes(doc.sections.wentWell), always),
    ...section(3, words.wentWrong, sectionNodes(doc.sections.wentWrong), always),
    ...section(3, words.gotLucky, sectionNodes(doc.sections.gotLucky), always),
  ];
  return section(2, words.lessons, parts, always);
}

function factorsNodes(doc: PostmortemDocument, words: TemplateWords): RootContent[] {
  return doc.contributingFactors.length ? section(3, words.contributingFactors, [list(doc.contributingFactors.map(factorItem))]) : [];
}

function cloudflareBody(doc: PostmortemDocument): RootContent[] {
  const words = TEMPLATE_WORDS.cloudflare;
  const rootCause = [
    ...sectionNodes(doc.sections.rootCause),
    ...section(3, words.trigger, sectionNodes(doc.sections.trigger)),
    ...factorsNodes(doc, words),
  ];
  return [
    paragraph([{ type: "emphasis", children: [{ type: "text", value: UTC_NOTE }] }]),
    ...sectionNodes(doc.sections.summary),
    ...section(2, words.impact, impactNodes(doc, words)),
    ...section(2, words.rootCause, rootCause),
    ...section(2, words.detection, sectionNodes(doc.sections.detection)),
    ...section(2, words.resolution, sectionNodes(doc.sections.resolution)),
    ...lessonsNodes(doc, words, false),
    ...extraSectionNodes(doc),
    ...section(2, words.actionItems, remediationNodes(doc)),
  ];
}

function sreBody(doc: PostmortemDocument): RootContent[] {
  const words = TEMPLATE_WORDS.sre;
  return [
    ...section(2, "Summary", sectionNodes(doc.sections.summary), true),
    ...section(2, words.impact, impactNodes(doc, words), true),
    ...section(2, words.rootCause, [...sectionNodes(doc.sections.rootCause), ...factorsNodes(doc, words)], true),
    ...section(2, words.trigger, sectionNodes(doc.sections.trigger), true),
    ...section(2, words.resolution, sectionNodes(doc.sections.resolution), true),
    ...section(2, words.detection, sectionNodes(doc.sections.detection), true),
    ...section(2, words.actionItems, [actionItemsTable(doc.actionItems)], true),
    ...lessonsNodes(doc, words, true),
    ...extraSectionNodes(doc),
    ...section(2, words.closing, sectionNodes(doc.sections.closing)),
  ];
}

/** The postmortem as an mdast tree, in the shape of the chosen template. */
export function buildPostmortemTree(doc: PostmortemDocument, options: ExportOptions): Root {
  const title = canonicalLine(doc.incident.title);
  const body = options.template === "sre" ? sreBody(doc) : cloudflareBody(doc);
  const startedAt = options.frontMatter ? doc.incident.startedAt : null;
  const assumedDate = incidentDate({
    frontMatterDate: startedAt ? utcDate(startedAt) : null,
    title,
    firstParagraph: firstParagraphText(body, isUtcNote),
  });
  const children: RootContent[] = [
    ...(options.frontMatter ? [{ type: "yaml" as const, value: frontMatterYaml(doc) }] : []),
    heading(1, title),
    ...body,
    heading(2, TEMPLATE_WORDS[options.template].timeline),
    timelineTable(doc.timeline, assumedDate),
  ];
  return { type: "root", children };
}

/** The postmortem as Markdown: the same document always gives the same bytes. */
export function exportPostmortemMarkdown(doc: PostmortemDocument, options: ExportOptions): string {
  return stringifyMarkdown(withInertHtml(buildPostmortemTree(doc, options)));
}
