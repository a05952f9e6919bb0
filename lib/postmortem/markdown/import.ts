import type { ListItem, RootContent, Table, TableRow } from "mdast";
import { AppError, validationError } from "../../errors";
import { POSTMORTEM_STATUSES, type Severity } from "../../incidents/schemas";
import {
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_TYPES,
  FACTOR_CATEGORIES,
  type ActionItemRow,
  type ActionItemStatus,
  type ActionItemType,
  type ContributingFactorRow,
  type FactorCategory,
  type PostmortemDocument,
  type PostmortemStatus,
  type SectionKey,
  type TimelineRow,
} from "../document";
import { POSTMORTEM_LIMITS, ZImportedDocument } from "../schemas";
import { canonicalLine, canonicalLines } from "../text";
import { readFrontMatter, type FrontMatter } from "./front-matter";
import { firstParagraphText, leadingListIndex, paragraphText } from "./nodes";
import { cellText, lineText, plainText } from "./plain";
import { parseMarkdown } from "./processor";
import { nodesToSection } from "./sections";
import { addDays, incidentDate, instantOf, parseTimeCell, utcDate } from "./times";
import {
  headerCells,
  headingRole,
  isActionItemsHeader,
  isServicesTable,
  isTimelineHeader,
  isUtcNote,
  NO_ACTION_ITEMS,
  SERVICES_LEAD_IN,
  type HeadingRole,
} from "./titles";

function unreadable(path: string, message: string): AppError {
  return new AppError("validation_failed", message, { issues: [{ path, message }] });
}

type Bucket = { role: HeadingRole | "intro" | "extra"; title: string; nodes: RootContent[] };

const SUB_ROLES_OF_ROOT_CAUSE: HeadingRole[] = ["trigger", "contributingFactors"];

/**
 * Split the body into buckets by heading: section-level headings start a
 * section (ours by title, others kept as extra sections); one level deeper,
 * only headings we recognise start a new bucket; anything deeper is content.
 */
function bucketize(nodes: RootContent[], skip: RootContent | null): Bucket[] {
  const depths = nodes.flatMap((n) => (n.type === "heading" ? [n.depth] : []));
  const sectionDepth = depths.length ? Math.min(...depths) : 1;
  const intro: Bucket = { role: "intro", title: "", nodes: [] };
  const buckets: Bucket[] = [intro];
  let current = intro;
  let section = intro;
  for (const node of nodes) {
    if (node === skip) continue;
    if (node.type === "heading" && node.depth === sectionDepth) {
      const title = lineText(node.children);
      current = section = { role: headingRole(title) ?? "extra", title, nodes: [] };
      buckets.push(current);
      continue;
    }
    if (node.type === "heading" && node.depth === sectionDepth + 1) {
      const title = lineText(node.children);
      const role = headingRole(title);
      if (role) {
        // "## How the rotation failed" holding "### The trigger" is a root-cause section under its own name.
        if (section.role === "extra" && SUB_ROLES_OF_ROOT_CAUSE.includes(role)) section.role = "rootCause";
        current = { role, title, nodes: [] };
        buckets.push(current);
        continue;
      }
    }
    current.nodes.push(node);
  }
  return buckets;
}

function tableRole(node: RootContent): "timeline" | null {
  return node.type === "table" && isTimelineHeader(headerCells(node)) ? "timeline" : null;
}

/** The timeline table: the first one under a Timeline heading, else the first with a timeline header anywhere. */
function findTimelineTable(nodes: RootContent[]): Table | null {
  const underHeading = bucketize(nodes, null)
    .filter((b) => b.role === "timeline")
    .flatMap((b) => b.nodes)
    .find((n) => tableRole(n) === "timeline");
  const found = underHeading ?? nodes.find((n) => tableRole(n) === "timeline");
  return found?.type === "table" ? found : null;
}

function cells(row: TableRow | undefined): TableRow["children"] {
  return row?.children ?? [];
}

function isEmptyRow(row: TableRow): boolean {
  return row.children.every((c) => cellText(c) === "");
}

function timelineRows(table: Table, assumedDate: string | null): TimelineRow[] {
  const shape = isTimelineHeader(headerCells(table));
  const rows: TimelineRow[] = [];
  let currentDate = assumedDate;
  let previous: Date | null = null;
  table.children.slice(1).forEach((row, i) => {
    if (isEmptyRow(row)) return;
    const [timeCell, second, third] = cells(row);
    const written = lineText(timeCell?.children ?? []);
    const parsed = parseTimeCell(written);
    const path = `timeline[${i}].time`;
    if (!parsed) {
      throw unreadable(path, `Timeline row ${i + 1}: "${written.slice(0, 40)}" is not a time like 11:32, 11:32-13:05 or 2026-03-03 23:50`);
    }
    if (parsed.start.date) currentDate = parsed.start.date;
    if (!currentDate) {
      throw unreadable(path, `Timeline row ${i + 1} has a time without a date, and the incident's date is unknown: add startedAt to the front matter or a date to the title`);
    }
    let occurredAt = instantOf(currentDate, parsed.start);
    // A dateless time far earlier than the row before it is on the next day (23:50, then 00:10).
    if (!parsed.start.date && previous && previous.getTime() - occurredAt.getTime() > 12 * 3_600_000) {
      currentDate = addDays(currentDate, 1);
      occurredAt = instantOf(currentDate, parsed.start);
    }
    previous = occurredAt;
    let endedAt: Date | null = null;
    if (parsed.end) {
      endedAt = instantOf(parsed.end.date ?? utcDate(occurredAt), parsed.end);
      if (endedAt < occurredAt) endedAt = new Date(endedAt.getTime() + 86_400_000);
    }
    rows.push({
      occurredAt,
      endedAt,
      statusLabel: shape === "three" ? lineText(second?.children ?? []) : "",
      body: cellText(shape === "three" ? third : second),
    });
  });
  return rows;
}

/** Paragraphs (and anything else) of a list item after its first, as plain paragraphs. */
function restAsText(item: ListItem): string {
  return item.children
    .slice(1)
    .map((child) => canonicalLines(plainText([child])))
    .filter(Boolean)
    .join("\n\n");
}

function joinParagraphs(...parts: string[]): string {
  return parts.filter(Boolean).join("\n\n");
}

const CATEGORY_TAG = new RegExp(`^\\((${FACTOR_CATEGORIES.join("|")})\\)$`, "i");

function factorFrom(item: ListItem): ContributingFactorRow {
  const first = item.children[0];
  const lead = first?.type === "paragraph" ? [...first.children] : [];
  let category: FactorCategory = "technical";
  const last = lead.at(-1);
  const tag = last?.type === "emphasis" ? CATEGORY_TAG.exec(lineText(last.children)) : null;
  if (tag) {
    const found = FACTOR_CATEGORIES.find((c) => c === tag[1]?.toLowerCase());
    if (found) category = found;
    lead.pop();
  }
  const rest = restAsText(item);
  if (lead[0]?.type === "strong") {
    const title = lineText(lead[0].children);
    return { title, description: joinParagraphs(canonicalLines(plainText(lead.slice(1))), rest), category };
  }
  // No bold title: the first sentence-sized piece is the title, the whole text the description.
  const text = canonicalLine(plainText(lead));
  if (text.length <= POSTMORTEM_LIMITS.factorTitleMax) return { title: text, description: rest, category };
  return { title: shorten(text, POSTMORTEM_LIMITS.factorTitleMax), description: joinParagraphs(text, rest), category };
}

function shorten(text: string, max: number): string {
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function actionFromBullet(item: ListItem): ActionItemRow {
  const first = item.children[0];
  const text = first?.type === "paragraph" ? canonicalLine(plainText(first.children)) : canonicalLine(plainText([item]));
  const rest = first?.type === "paragraph" ? restAsText(item) : "";
  const long = text.length > POSTMORTEM_LIMITS.actionTitleMax;
  return {
    title: long ? shorten(text, POSTMORTEM_LIMITS.actionTitleMax) : text,
    description: long ? joinParagraphs(text, rest) : rest,
    type: "prevent",
    owner: null,
    status: "open",
  };
}

function wordKey(text: string): string {
  return text.trim().toLowerCase().replace(/[’']/g, "").replace(/[\s-]+/g, "_");
}

function actionFromRow(row: TableRow): ActionItemRow {
  const [title, type, owner, status] = cells(row).map((c) => lineText(c.children));
  const typeKey = wordKey(type ?? "");
  const statusKey = wordKey(status ?? "");
  return {
    title: title ?? "",
    description: "",
    type: ACTION_ITEM_TYPES.find((t) => t === typeKey) ?? ("prevent" satisfies ActionItemType),
    owner: owner ? owner : null,
    status: ACTION_ITEM_STATUSES.find((s) => s === statusKey) ?? ("open" satisfies ActionItemStatus),
  };
}

type Collected = {
  nodes: Record<SectionKey, RootContent[]>;
  extras: { title: string; nodes: RootContent[] }[];
  services: PostmortemDocument["impactedServices"];
  factors: ContributingFactorRow[];
  actions: ActionItemRow[];
};

function collectImpact(nodes: RootContent[], into: Collected): void {
  let at = -1;
  nodes.forEach((n, i) => {
    if (isServicesTable(n)) at = i;
  });
  const table = nodes[at];
  if (at < 0 || table?.type !== "table") {
    into.nodes.impact.push(...nodes);
    return;
  }
  for (const row of table.children.slice(1)) {
    if (isEmptyRow(row)) continue;
    const [service, impact] = cells(row);
    into.services.push({ service: lineText(service?.children ?? []), impact: cellText(impact) });
  }
  const leadIn = at > 0 && paragraphText(nodes[at - 1]) === SERVICES_LEAD_IN ? at - 1 : at;
  into.nodes.impact.push(...nodes.slice(0, leadIn), ...nodes.slice(at + 1));
}

function collectFactors(nodes: RootContent[], into: Collected): void {
  const index = nodes.findIndex((n) => n.type === "list");
  const listNode = nodes[index];
  if (listNode?.type === "list") into.factors.push(...listNode.children.map(factorFrom));
  into.nodes.rootCause.push(...nodes.filter((_, i) => i !== index));
}

function collectActions(nodes: RootContent[], into: Collected): void {
  const tableAt = nodes.findIndex((n) => n.type === "table" && isActionItemsHeader(headerCells(n)));
  const tableNode = nodes[tableAt];
  if (tableNode?.type === "table") {
    into.actions.push(...tableNode.children.slice(1).filter((r) => !isEmptyRow(r)).map(actionFromRow));
    into.nodes.closing.push(...nodes.filter((_, i) => i !== tableAt));
    return;
  }
  // Our marker: there are no bullets, and the list after it belongs to the closing words.
  if (paragraphText(nodes[0]) === NO_ACTION_ITEMS && leadingListIndex(nodes.slice(1)) >= 0) {
    into.nodes.closing.push(...nodes.slice(1));
    return;
  }
  const at = leadingListIndex(nodes);
  const listNode = nodes[at];
  if (listNode?.type === "list") into.actions.push(...listNode.children.map(actionFromBullet));
  into.nodes.closing.push(...nodes.filter((_, i) => i !== at));
}

function collect(buckets: Bucket[]): Collected {
  const nodes: Record<SectionKey, RootContent[]> = {
    summary: [],
    impact: [],
    rootCause: [],
    trigger: [],
    detection: [],
    resolution: [],
    wentWell: [],
    wentWrong: [],
    gotLucky: [],
    closing: [],
  };
  const into: Collected = { nodes, extras: [], services: [], factors: [], actions: [] };
  for (const bucket of buckets) {
    switch (bucket.role) {
      case "intro":
      case "summary":
        nodes.summary.push(...bucket.nodes);
        break;
      case "impact":
        collectImpact(bucket.nodes, into);
        break;
      case "contributingFactors":
        collectFactors(bucket.nodes, into);
        break;
      case "actionItems":
        collectActions(bucket.nodes, into);
        break;
      case "rootCause":
      case "trigger":
      case "detection":
      case "resolution":
      case "wentWell":
      case "wentWrong":
      case "gotLucky":
      case "closing":
        nodes[bucket.role].push(...bucket.nodes);
        break;
      case "timeline":
        if (bucket.nodes.length) into.extras.push({ title: "Timeline notes", nodes: bucket.nodes });
        break;
      case "lessons":
      case "extra":
        if (bucket.role === "extra" || bucket.nodes.length) {
          into.extras.push({ title: bucket.title || "Untitled section", nodes: bucket.nodes });
        }
        break;
    }
  }
  return into;
}

const SEVERITY_WORDS = /^(?:sev(?:erity)?[-\s]?|p)?([1-4])$/i;

function severityFrom(fm: FrontMatter): Severity {
  if (fm.severity === undefined) return "SEV2";
  const level = SEVERITY_WORDS.exec(fm.severity.trim())?.[1];
  if (level === "1" || level === "2" || level === "3" || level === "4") return `SEV${level}`;
  throw unreadable("frontMatter.severity", `frontMatter.severity: "${fm.severity.slice(0, 20)}" is not one of SEV1, SEV2, SEV3, SEV4`);
}

function postmortemStatusFrom(fm: FrontMatter): PostmortemStatus {
  const key = wordKey(fm.status ?? "");
  return POSTMORTEM_STATUSES.find((s) => s === key) ?? "draft";
}

function uniqueServices(names: string[]): string[] {
  return [...new Set(names.map((n) => canonicalLine(n).slice(0, 100)).filter(Boolean))].slice(0, 50);
}

/**
 * Read a Markdown postmortem (ours, or one written by hand in the same
 * style) into a document. Pure: nothing is written. Throws a 4xx AppError
 * naming what could not be read.
 */
export function importPostmortemMarkdown(text: string): PostmortemDocument {
  if (text.length > POSTMORTEM_LIMITS.importBytesMax) {
    throw new AppError("payload_too_large", `The Markdown must be at most ${POSTMORTEM_LIMITS.importBytesMax} bytes`);
  }
  let nodes = parseMarkdown(text).children;
  let fm: FrontMatter | null = null;
  const first = nodes[0];
  if (first?.type === "yaml") {
    const read = readFrontMatter(first.value);
    if (!read.ok) throw unreadable(read.path, read.message);
    fm = read.value;
    nodes = nodes.slice(1);
  }

  const titleAt = nodes.findIndex((n) => n.type === "heading");
  const titleNode = nodes[titleAt];
  const headingTitle = titleNode?.type === "heading" ? lineText(titleNode.children) : "";
  const title = headingTitle || canonicalLine(fm?.title ?? "");
  if (!title) throw unreadable("title", "The Markdown has no title: start it with a heading such as \"# Checkout outage on March 3, 2026\"");
  const before = titleAt >= 0 ? nodes.slice(0, titleAt) : [];
  let body = titleAt >= 0 ? nodes.slice(titleAt + 1) : nodes;

  const fmStart = fm?.startedAt ?? fm?.date ?? null;
  const assumedDate = incidentDate({
    frontMatterDate: fmStart ? utcDate(fmStart) : null,
    title,
    firstParagraph: firstParagraphText(body, isUtcNote),
  });
  if (isUtcNote(paragraphText(body[0]) ?? "\0")) body = body.slice(1);

  const timelineTable = findTimelineTable(body);
  const timeline = timelineTable ? timelineRows(timelineTable, assumedDate) : [];
  const collected = collect(bucketize([...before, ...body], timelineTable));

  const sections = {
    summary: nodesToSection(collected.nodes.summary),
    impact: nodesToSection(collected.nodes.impact),
    rootCause: nodesToSection(collected.nodes.rootCause),
    trigger: nodesToSection(collected.nodes.trigger),
    detection: nodesToSection(collected.nodes.detection),
    resolution: nodesToSection(collected.nodes.resolution),
    wentWell: nodesToSection(collected.nodes.wentWell),
    wentWrong: nodesToSection(collected.nodes.wentWrong),
    gotLucky: nodesToSection(collected.nodes.gotLucky),
    closing: nodesToSection(collected.nodes.closing),
  };
  const doc: PostmortemDocument = {
    incident: {
      key: fm?.incident ?? null,
      title,
      severity: severityFrom(fm ?? {}),
      postmortemStatus: postmortemStatusFrom(fm ?? {}),
      startedAt: fmStart,
      detectedAt: fm?.detectedAt ?? null,
      mitigatedAt: fm?.mitigatedAt ?? null,
      resolvedAt: fm?.resolvedAt ?? null,
      // Front matter lists the incident's services; without it, the impacted ones are the best guess.
      services: fm ? (fm.services ?? []) : uniqueServices(collected.services.map((s) => s.service)),
    },
    authors: fm?.authors ?? [],
    sections,
    extraSections: collected.extras.map((e) => ({ title: e.title, body: nodesToSection(e.nodes) })),
    impactedServices: collected.services,
    contributingFactors: collected.factors,
    actionItems: collected.actions,
    timeline,
  };
  const checked = ZImportedDocument.safeParse(doc);
  if (!checked.success) throw validationError(checked.error);
  return doc;
}
