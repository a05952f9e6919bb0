import type { List, ListItem, PhrasingContent, RootContent, Table } from "mdast";
import { scanContexts, type NodeContext } from "./context";
import { headerCells } from "./titles";
import { cellText, lineText, plainText, readableText } from "./plain";
import { dateAtStart, dateOnlyLine, stampAtStart, type Stamp } from "./stamps";
import { isPureZoneNote, zoneIn, type Zone } from "./zones";
import { isPlaceholder, type Part } from "./parts";

/**
 * Finding a timeline wherever its author put it: a table whose first
 * columns hold times or dates; a list whose items start with one; a
 * heading per entry ("### 14:24 UTC"); lines in a paragraph that start with
 * a time ("15:27 - …<br> 21:14 - …"). Lists and paragraphs count inside a
 * Timeline section (or under a Timeline sub-heading); when the document
 * has no Timeline heading at all, a table with a time column, or a list
 * with three or more timestamped items, counts anywhere.
 */

export type RawRow = {
  /** Null when the time could not be read (the row keeps its place after the one before). */
  stamp: Stamp | null;
  written: string;
  statusLabel: string;
  body: string;
  ctx: NodeContext;
  /** Zone and year named by a table's column header ("Time (PST)", "Date (2022)"). */
  columnZone: Zone | null;
  columnYear: number | null;
};


const WEEKDAY_CELL = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?$/i;
const TIME_HEADER = /\b(?:time|timestamp|when|hour|clock)\b/i;
const DATE_HEADER = /\b(?:date|day)\b/i;
const STATUS_HEADER = /\b(?:status|phase|state|stage)\b/i;
const DESC_HEADER = /\b(?:events?|description|desc|what|details?|actions?|updates?|summary|notes?|message|activity|happened|comments?|observations?)\b/i;

type Shape = {
  timeCol: number | null;
  dateCol: number | null;
  statusCol: number | null;
  descCol: number;
  zone: Zone | null;
  year: number | null;
};

function tableShape(table: Table, inTimeline: boolean): Shape | null {
  const header = headerCells(table);
  const rows = table.children.slice(1).map((r) => r.children.map((c) => lineText(c.children)));
  let timeCol: number | null = null;
  let dateCol: number | null = null;
  const dayCols: number[] = [];
  header.slice(0, 3).forEach((h, j) => {
    if (TIME_HEADER.test(h)) {
      if (timeCol === null) timeCol = j;
      return;
    }
    if (DATE_HEADER.test(h)) {
      const values = rows.map((r) => r[j] ?? "").filter(Boolean);
      if (values.length && values.every((v) => WEEKDAY_CELL.test(v))) dayCols.push(j);
      else if (dateCol === null) dateCol = j;
    }
  });
  if (timeCol === null && dateCol === null) return null;
  const used = new Set<number>([...(timeCol === null ? [] : [timeCol]), ...(dateCol === null ? [] : [dateCol]), ...dayCols]);
  let descCol = -1;
  header.forEach((h, j) => {
    if (!used.has(j) && DESC_HEADER.test(h)) descCol = j;
  });
  if (descCol < 0) {
    if (!inTimeline) return null;
    for (let j = header.length - 1; j >= 0; j--) if (!used.has(j)) {
      descCol = j;
      break;
    }
  }
  if (descCol < 0) return null;
  let statusCol: number | null = null;
  header.forEach((h, j) => {
    if (statusCol === null && !used.has(j) && j !== descCol && STATUS_HEADER.test(h)) statusCol = j;
  });
  const zoneHeader = [timeCol, dateCol].map((c) => (c === null ? "" : (header[c] ?? ""))).join(" ");
  const year = /\b((?:19|20)\d{2})\b/.exec(dateCol === null ? "" : (header[dateCol] ?? ""));
  return { timeCol, dateCol, statusCol, descCol, zone: zoneIn(zoneHeader), year: year ? Number(year[1]) : null };
}

function cellStamp(dateText: string, timeText: string): Stamp | null {
  if (!timeText && !dateText) return null;
  const time = timeText ? stampAtStart(timeText) : null;
  if (!dateText) return time;
  const date = dateAtStart(dateText.trim());
  if (!date) return time;
  if (!time) return { date: date.date, time: null, endDate: null, endTime: null, zone: null, written: dateText.trim(), rest: "" };
  return { ...time, date: time.date ?? date.date, written: `${dateText.trim()} ${time.written}` };
}

function tableRows(table: Table, shape: Shape, ctx: NodeContext): RawRow[] | null {
  const header = headerCells(table);
  const rows: RawRow[] = [];
  for (const row of table.children.slice(1)) {
    const cells = row.children;
    if (cells.every((c) => lineText(c.children) === "")) continue;
    const text = (j: number | null) => (j === null ? "" : lineText(cells[j]?.children ?? []));
    const dateText = text(shape.dateCol);
    const timeText = text(shape.timeCol);
    const stamp = cellStamp(dateText, timeText);
    // Columns we have no place for stay in the entry's words, by their header.
    const extras = cells
      .map((c, j) => ({ j, value: cellText(c) }))
      .filter(({ j, value }) => value && j !== shape.timeCol && j !== shape.dateCol && j !== shape.statusCol && j !== shape.descCol && !WEEKDAY_CELL.test(value))
      .map(({ j, value }) => `${header[j] || "Note"}: ${value}`);
    rows.push({
      stamp,
      written: [dateText, timeText].filter(Boolean).join(" "),
      statusLabel: text(shape.statusCol),
      body: [cellReadable(cells[shape.descCol]), ...extras].filter(Boolean).join("\n"),
      ctx,
      columnZone: shape.zone,
      columnYear: shape.year,
    });
  }
  const readable = rows.filter((r) => r.stamp);
  return readable.length > 0 && readable.length * 2 >= rows.length ? rows : null;
}

function cellReadable(cell: Table["children"][number]["children"][number] | undefined): string {
  return cell ? readableText(cell.children).split("\n").map((l) => l.trim()).join("\n").replace(/^\n+|\n+$/g, "") : "";
}

/**
 * Code blocks and images cannot stand in a table cell: they are taken out
 * of a timeline entry and written right after the timeline, so none is lost.
 */
type Attachments = RootContent[];

function hasAttachment(node: RootContent | ListItem | PhrasingContent): boolean {
  if (node.type === "code" || node.type === "image" || node.type === "imageReference") return true;
  return "children" in node && node.children.some((c: RootContent | ListItem | PhrasingContent) => hasAttachment(c));
}

function takeAttachments<T extends RootContent | ListItem>(node: T, into: Attachments): T {
  if (!hasAttachment(node)) return node;
  const copy = structuredClone(node);
  const strip = (n: RootContent | ListItem | PhrasingContent): void => {
    if (!("children" in n)) return;
    if (n.type === "paragraph") {
      const images = n.children.filter((c) => c.type === "image" || c.type === "imageReference");
      if (images.length) {
        into.push({ type: "paragraph", children: images.flatMap((img, i) => (i ? [{ type: "text", value: " " } as const, img] : [img])) });
        n.children = n.children.filter((c) => c.type !== "image" && c.type !== "imageReference");
      }
      return;
    }
    if (n.type === "listItem" || n.type === "list" || n.type === "blockquote") {
      const kids: (RootContent | ListItem)[] = n.children;
      for (const k of kids) if (k.type === "code") into.push(k);
      if (n.type === "listItem" || n.type === "blockquote") n.children = n.children.filter((k) => k.type !== "code");
      for (const k of n.children) strip(k);
    }
  };
  if (copy.type === "code") {
    into.push(copy);
    return copy;
  }
  strip(copy);
  return copy;
}

function itemText(item: ListItem): { first: string; rest: string[] } {
  const [first, ...others] = item.children;
  const firstText = first?.type === "paragraph" ? readableText(first.children) : "";
  const rest = (first?.type === "paragraph" ? others : item.children).map((c) => readableText([c]).trim()).filter(Boolean);
  return { first: firstText, rest };
}

/**
 * A list item that is only a date over a list of its entries ("- March 2"
 * with "  - 14:05 UTC: …" under it): the nested list, read under that date.
 */
function datedSublist(item: ListItem, stamp: Stamp | null): List | null {
  if (!stamp || stamp.time || stamp.rest !== "" || !stamp.date) return null;
  const [first, ...others] = item.children;
  return first?.type === "paragraph" && others.length === 1 && others[0]?.type === "list" ? others[0] : null;
}

function listRows(list: List, ctx: NodeContext, inTimeline: boolean, attachments: Attachments): RawRow[] | null {
  const found: Attachments = [];
  const items = list.children.map((original) => {
    const item = takeAttachments(original, found);
    const { first, rest } = itemText(item);
    const stamp = stampAtStart(oneLine(first), inTimeline);
    return { item, stamp, first, rest };
  });
  const stamped = items.filter((i) => i.stamp).length;
  if (stamped * 2 < items.length || stamped < (inTimeline ? 1 : 3)) return null;
  const rows: RawRow[] = [];
  items.forEach(({ item, stamp, first, rest }, index) => {
    const sublist = datedSublist(item, stamp);
    // Its own date context: a fraction, so it is told apart from every whole-numbered one of the section.
    const dated = stamp ? { ...ctx, date: stamp.date, zone: stamp.zone ?? ctx.zone, key: ctx.key + (index + 1) / (items.length + 1) } : ctx;
    const nested = sublist ? listRows(sublist, dated, true, found) : null;
    if (nested) {
      rows.push(...nested);
      return;
    }
    rows.push({
      stamp,
      written: stamp?.written ?? oneLine(first).slice(0, 40),
      statusLabel: "",
      body: joinBody(stamp ? stamp.rest : oneLine(first), rest),
      ctx,
      columnZone: null,
      columnYear: null,
    });
  });
  attachments.push(...found);
  return rows;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

function joinBody(lead: string, rest: string[]): string {
  return [lead, ...rest].filter(Boolean).join("\n\n");
}

/** Lines of a paragraph, each starting an entry when it starts with a time ("15:27 - …<br> 21:14 - …"). */
function paragraphRows(text: string, ctx: NodeContext): RawRow[] | null {
  const lines = text.split("\n").map((l) => l.trim());
  const firstStamp = stampAtStart(lines.find(Boolean) ?? "", true);
  if (!firstStamp || (!firstStamp.time && !firstStamp.date)) return null;
  const rows: RawRow[] = [];
  for (const line of lines) {
    if (!line) continue;
    const stamp = stampAtStart(line, true);
    if (stamp && (stamp.time || rows.length === 0)) {
      rows.push({ stamp, written: stamp.written, statusLabel: "", body: stamp.rest, ctx, columnZone: null, columnYear: null });
    } else if (rows.length) {
      const last = rows[rows.length - 1];
      if (last) last.body = last.body ? `${last.body} ${line}` : line;
    }
  }
  return rows.length ? rows : null;
}

/** A heading that is itself a time ("### 2018 October 21 22:52 UTC", "### 14:24 UTC"). */
function headingStamp(text: string): Stamp | null {
  const stamp = stampAtStart(text);
  return stamp && stamp.time && stamp.rest === "" ? stamp : null;
}

/**
 * The timeline entries of one section and its words with each run of
 * entries replaced by a placeholder where the timeline table will stand.
 */
export function detectTimeline(
  title: string,
  nodes: RootContent[],
  scope: { anywhere: boolean; subTimelines: boolean },
): { parts: Part[]; rows: RawRow[] } {
  const { anywhere } = scope;
  const contexts = scanContexts(title, nodes, scope.subTimelines);
  const parts: Part[] = [];
  const rows: RawRow[] = [];
  let attachments: Attachments = [];
  const place = (found: RawRow[]) => {
    rows.push(...found);
    const last = parts[parts.length - 1];
    if (last && isPlaceholder(last) && last.placeholder === "timeline") last.count += found.length;
    else parts.push({ placeholder: "timeline", count: found.length });
  };
  // What was taken out of a run of entries is written after the run.
  const flush = () => {
    parts.push(...attachments);
    attachments = [];
  };
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const ctx = contexts[i];
    if (!node || !ctx) continue;
    const inScope = ctx.inTimeline || anywhere;
    if (node.type === "heading" && ctx.inTimeline) {
      const stamp = headingStamp(lineText(node.children));
      if (stamp) {
        const content: RootContent[] = [];
        let j = i + 1;
        for (; j < nodes.length; j++) {
          const next = nodes[j];
          if (next?.type === "heading" && (next.depth <= node.depth || headingStamp(lineText(next.children)))) break;
          if (next) content.push(next);
        }
        const kept = content.map((c) => takeAttachments(c, attachments)).filter((c) => c.type !== "code");
        place([{ stamp, written: stamp.written, statusLabel: "", body: kept.map((c) => readableText([c]).trim()).filter(Boolean).join("\n\n"), ctx, columnZone: null, columnYear: null }]);
        i = j - 1;
        continue;
      }
    }
    if (node.type === "table" && inScope) {
      const shape = tableShape(node, ctx.inTimeline);
      const found = shape ? tableRows(node, shape, ctx) : null;
      if (found) {
        place(found);
        continue;
      }
    }
    if (node.type === "list" && inScope) {
      const found = listRows(node, ctx, ctx.inTimeline, attachments);
      if (found) {
        place(found);
        continue;
      }
    }
    if (node.type === "paragraph" && ctx.inTimeline) {
      const text = plainText([node]).trim();
      if (isPureZoneNote(text) && !dateOnlyLine(text)) continue;
      if (!dateOnlyLine(text)) {
        const found: Attachments = [];
        const kept = takeAttachments(node, found);
        const entries = kept.type === "paragraph" ? paragraphRows(readableText(kept.children), ctx) : null;
        if (entries) {
          attachments.push(...found);
          place(entries);
          continue;
        }
      }
    }
    flush();
    parts.push(node);
  }
  flush();
  // Nothing read here: the words stay as written, a zone note too (its times were not converted to UTC).
  if (rows.length === 0) return { parts: [...nodes], rows };
  return { parts, rows };
}
