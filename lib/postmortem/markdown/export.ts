import type { ListItem, PhrasingContent, Root, RootContent } from "mdast";
import type {
  ActionColumn,
  ActionItemRow,
  ActionItemStatus,
  ContributingFactorRow,
  ExportOptions,
  LayoutBlock,
  LayoutBlockKind,
  PostmortemDocument,
  TimelineRow,
} from "../document";
import { canonicalLine, canonicalLines, canonicalParagraphs } from "../text";
import { documentDating, isOpeningSection, resolveDate, scanContexts } from "./context";
import { frontMatterYaml } from "./front-matter";
import { followUpListIndex, ownerAndDueSuffix } from "./follow-ups";
import { heading, list, listItem, paragraph, table, textParagraph, textParagraphs } from "./nodes";
import { hasTimelineSection, sectionsOf } from "./outline";
import { planFor, type Plan, type PlanEntry } from "./plan";
import { plainText, textToCell } from "./plain";
import { stringifyMarkdown } from "./processor";
import { withInertHtml } from "./safe-html";
import { sectionNodes } from "./sections";
import { formatTimeCell, utcDate } from "./times";
import { headingRole, NO_ACTION_ITEMS, TEMPLATE_WORDS, TIMELINE_HEADER, UTC_NOTE } from "./titles";

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

function factorItem(factor: ContributingFactorRow): ListItem {
  const [first, ...rest] = canonicalParagraphs(factor.description);
  const title = canonicalLine(factor.title);
  // "**Title.** Description": a title that does not end a sentence gets a full stop, so the two do not run together.
  const separated = first && !/[.:!?…]$/.test(title) ? `${title}.` : title;
  const lead: PhrasingContent[] = [{ type: "strong", children: [{ type: "text", value: separated }] }];
  if (first) lead.push({ type: "text", value: ` ${first}` });
  // "technical" is the default and left unsaid; others are tagged so the import can tell.
  if (factor.category !== "technical") {
    lead.push({ type: "text", value: " " }, { type: "emphasis", children: [{ type: "text", value: `(${factor.category})` }] });
  }
  return listItem([paragraph(lead), ...rest.map(textParagraph)]);
}

/**
 * A follow-up as one list item: its title (with owner and due date), then
 * the description, unless the description merely repeats the title, in
 * which case the description alone is written.
 */
function actionItemChildren(item: ActionItemRow): ListItem["children"] {
  const title = canonicalLine(item.title);
  const suffix = ownerAndDueSuffix(item.owner, item.dueDate);
  const paragraphs = canonicalParagraphs(item.description);
  const stem = title.replace(/…$/, "");
  const first = paragraphs[0];
  if (first !== undefined && stem && canonicalLine(first).startsWith(stem)) {
    return [textParagraph(`${canonicalLine(first)}${suffix}`), ...paragraphs.slice(1).map(textParagraph)];
  }
  return [textParagraph(`${title}${suffix}`), ...paragraphs.map(textParagraph)];
}

function actionList(items: ActionItemRow[], style: LayoutBlock["actionStyle"]): RootContent {
  const node = list(
    items.map((item) => {
      const li = listItem(actionItemChildren(item));
      if (style === "tasks") li.checked = item.status === "done";
      return li;
    }),
  );
  if (style === "numbered") node.ordered = true;
  return node;
}

/** A line "Header: value" of a description, which a follow-up table writes back into its column. */
function takeLine(description: string, header: string): { value: string; rest: string } {
  const lines = canonicalLines(description).split("\n");
  const prefix = `${header || "Note"}: `;
  const at = lines.findIndex((l) => l.startsWith(prefix));
  if (at < 0) return { value: "", rest: description };
  const value = (lines[at] ?? "").slice(prefix.length);
  lines.splice(at, 1);
  return { value, rest: lines.join("\n") };
}

function actionTable(items: ActionItemRow[], header: string[], holds: ActionColumn[]) {
  const rows = items.map((item) => {
    let description = item.description;
    const values = holds.map((hold, j) => {
      if (hold !== "other") return "";
      const taken = takeLine(description, header[j] ?? "");
      description = taken.rest;
      return taken.value;
    });
    return holds.map((hold, j) => {
      switch (hold) {
        case "title":
          return textToCell(canonicalLine(item.title));
        case "type":
          return textToCell(capitalise(item.type));
        case "owner":
          return textToCell(canonicalLine(item.owner ?? ""));
        case "status":
          return textToCell(ACTION_STATUS_WORDS[item.status]);
        case "due":
          return textToCell(item.dueDate ? utcDate(item.dueDate) : "");
        case "description":
          return textToCell(description);
        default:
          return textToCell(values[j] ?? "");
      }
    });
  });
  return table(header, rows);
}

function sortedTimeline(rows: TimelineRow[]): TimelineRow[] {
  // Stable: equal times keep the order they were given in.
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => a.row.occurredAt.getTime() - b.row.occurredAt.getTime() || a.i - b.i)
    .map(({ row }) => row);
}

const DAY = 86_400_000;

/** A row that stands for a whole day (or days): written as its date(s), not as midnight. */
function wholeDays(row: TimelineRow): number {
  // On what the cell can say (minutes), as the importer will read it back.
  const minute = (d: Date) => d.getTime() - (d.getTime() % 60_000);
  if (!row.endedAt || minute(row.occurredAt) % DAY !== 0) return 0;
  const span = minute(row.endedAt) - minute(row.occurredAt);
  return span > 0 && span % DAY === 0 ? span / DAY : 0;
}

function timeCell(row: TimelineRow, withDates: boolean): string {
  const days = wholeDays(row);
  if (days === 1) return utcDate(row.occurredAt);
  if (days > 1) return `${utcDate(row.occurredAt)} to ${utcDate(new Date(row.occurredAt.getTime() + (days - 1) * DAY))}`;
  return formatTimeCell(row.occurredAt, row.endedAt, withDates);
}

function timelineTable(rows: TimelineRow[], contextDate: string | null) {
  const timed = rows.filter((r) => wholeDays(r) === 0);
  const withDates =
    contextDate === null ||
    timed.some((r) => utcDate(r.occurredAt) !== contextDate || (r.endedAt !== null && utcDate(r.endedAt) !== contextDate));
  return table(
    TIMELINE_HEADER,
    rows.map((r) => [[{ type: "text", value: timeCell(r, withDates) }], textToCell(canonicalLine(r.statusLabel)), textToCell(r.body)]),
  );
}

type Slicer = (kind: LayoutBlockKind, wanted: number, last: boolean) => [number, number];

/** Blocks of one kind take rows in order; the last one takes the rest. */
function slicer(totals: Record<LayoutBlockKind, number>, plan: Plan): Slicer {
  const taken: Record<LayoutBlockKind, number> = { timeline: 0, services: 0, factors: 0, actions: 0 };
  void plan;
  return (kind, wanted, last) => {
    const from = Math.min(taken[kind], totals[kind]);
    const to = last ? totals[kind] : Math.min(from + wanted, totals[kind]);
    taken[kind] = to;
    return [from, to];
  };
}

type TimelineSlot = { node: RootContent; rows: TimelineRow[]; entry: number; index: number };

function lastOfKind(plan: Plan): Map<LayoutBlock, boolean> {
  const last = new Map<LayoutBlock, boolean>();
  const seen = new Set<LayoutBlockKind>();
  for (let e = plan.entries.length - 1; e >= 0; e--) {
    const blocks = plan.entries[e]?.blocks ?? [];
    for (let b = blocks.length - 1; b >= 0; b--) {
      const block = blocks[b];
      if (!block) continue;
      last.set(block, !seen.has(block.kind));
      seen.add(block.kind);
    }
  }
  return last;
}

/** The postmortem as an mdast tree: the author's layout when it has one, else the chosen template. */
export function buildPostmortemTree(doc: PostmortemDocument, options: ExportOptions): Root {
  const plan = planFor(doc, options.template);
  const title = canonicalLine(doc.incident.title);
  const timeline = sortedTimeline(doc.timeline);
  const totals = { timeline: timeline.length, services: doc.impactedServices.length, factors: doc.contributingFactors.length, actions: doc.actionItems.length };
  const take = slicer(totals, plan);
  const isLast = lastOfKind(plan);
  const words = TEMPLATE_WORDS[options.template];
  const slots: TimelineSlot[] = [];
  const entryNodes: RootContent[][] = plan.entries.map((entry: PlanEntry, e) => {
    const nodes = sectionNodes(entry.text);
    const blocks = [...entry.blocks].map((b, i) => ({ b, i })).sort((x, y) => x.b.at - y.b.at || x.i - y.i);
    const out: RootContent[] = [];
    let cursor = 0;
    const flushTo = (at: number) => {
      while (cursor < Math.min(at, nodes.length)) {
        const n = nodes[cursor++];
        if (n) out.push(n);
      }
    };
    for (const { b } of blocks) {
      flushTo(b.at);
      const [from, to] = take(b.kind, b.count, isLast.get(b) ?? true);
      if (b.kind === "timeline") {
        const marker: RootContent = { type: "thematicBreak" };
        slots.push({ node: marker, rows: timeline.slice(from, to), entry: e, index: out.length });
        out.push(marker);
      } else if (b.kind === "services") {
        if (b.leadIn) out.push(textParagraph(b.leadIn));
        const header = b.header && b.header.length === 2 ? b.header : words.servicesHeader;
        out.push(table(header, doc.impactedServices.slice(from, to).map((s) => [textToCell(canonicalLine(s.service)), textToCell(s.impact)])));
      } else if (b.kind === "factors") {
        const factors = doc.contributingFactors.slice(from, to);
        if (factors.length) out.push(list(factors.map(factorItem)));
      } else {
        const items = doc.actionItems.slice(from, to);
        if (b.actionStyle === "table" && b.header && b.holds && b.holds.length === b.header.length) {
          out.push(actionTable(items, b.header, b.holds));
        } else if (items.length) {
          out.push(actionList(items, b.actionStyle));
        } else if (followUpListIndex(nodes.slice(cursor)) >= 0) {
          // Without items, a list right after would be read as them.
          out.push(textParagraph(NO_ACTION_ITEMS));
        }
      }
    }
    flushTo(nodes.length);
    return out;
  });

  // Dates: a timeline row carries its date unless the importer would infer the same one where the table stands.
  const startedAt = options.frontMatter ? doc.incident.startedAt : null;
  const body: RootContent[] = [];
  plan.entries.forEach((entry, e) => {
    if (entry.title) body.push(heading(entry.level === 0 ? 2 : 3, entry.title));
    body.push(...(entryNodes[e] ?? []));
  });
  let summarySeen = false;
  const opening = plan.entries.flatMap((entry, e) => {
    const role = entry.title ? headingRole(entry.title) : "intro";
    const isSummary = role === "summary" && entry.level === 0 && !summarySeen;
    if (isSummary) summarySeen = true;
    return isOpeningSection(entry.title, isSummary || role === "intro" ? role : null) ? (entryNodes[e] ?? []) : [];
  });
  const dating = documentDating({
    frontMatterDate: startedAt ? utcDate(startedAt) : null,
    title,
    openingNodes: opening,
    allText: plainText(body),
  });
  // Asked of the sections the importer will see, so both read the same regions as timeline.
  const subTimelines = !hasTimelineSection(sectionsOf(body));
  for (const slot of slots) {
    const entry = plan.entries[slot.entry];
    const nodes = entryNodes[slot.entry] ?? [];
    const ctx = scanContexts(entry?.title ?? "", nodes, subTimelines)[slot.index];
    const contextDate = ctx?.date ? resolveDate(ctx.date, dating.date, dating.order) : dating.date;
    Object.assign(slot.node, timelineTable(slot.rows, contextDate));
  }

  const children: RootContent[] = [
    ...(options.frontMatter ? [{ type: "yaml" as const, value: frontMatterYaml(doc) }] : []),
    heading(1, title),
    ...(plan.utcNote ? [paragraph([{ type: "emphasis", children: [{ type: "text", value: UTC_NOTE }] }])] : []),
    ...body,
  ];
  return { type: "root", children };
}

/** The postmortem as Markdown: the same document always gives the same bytes. */
export function exportPostmortemMarkdown(doc: PostmortemDocument, options: ExportOptions): string {
  return stringifyMarkdown(withInertHtml(buildPostmortemTree(doc, options)));
}

export { textParagraphs };
