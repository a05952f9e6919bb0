import type { List, ListItem, Table } from "mdast";
import {
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_TYPES,
  FACTOR_CATEGORIES,
  type ActionColumn,
  type ActionItemRow,
  type ActionItemStatus,
  type ActionItemType,
  type ActionStyle,
  type ContributingFactorRow,
  type FactorCategory,
  type ImpactedServiceRow,
} from "../document";
import { POSTMORTEM_LIMITS } from "../schemas";
import { canonicalLine, canonicalLines, canonicalParagraphs } from "../text";
import { resolveDate, type DayOrder, type IsoDate } from "./context";
import { paragraphText } from "./nodes";
import { isPlaceholder, type Part, type Placeholder } from "./parts";
import { cellText, lineText, plainText, readableText } from "./plain";
import { dateAtStart } from "./stamps";
import { headerCells, isServicesTable, NO_ACTION_ITEMS, SERVICES_LEAD_IN } from "./titles";
import { formatUtcDate } from "../../time-format";

/**
 * Follow-ups, contributing factors and impacted services, read from where
 * the author wrote them. Follow-ups: in a follow-up section ("Action items",
 * "Remediation", "Next steps" …) the first list under the section or under
 * each of its sub-headings (only paragraphs before it, as in "In particular
 * we are:"); and an action-item table anywhere ("Action Item | Owner |
 * Status"). Owner and due date come from their columns or from
 * "(owner: …; due …)" at the end of an item; "- [x]", "✅" or a Done
 * status mark it done.
 */

export type DocDates = { date: IsoDate | null; order: DayOrder };

const DONE_MARK = /^(?:✅|✔️?|☑️?|\[x\])\s*|\s*(?:✅|✔️?|☑️?)$|\((?:done|completed|fixed)\)\s*$|\*\*DONE\*\*|\bDONE\b/i;
const STATUS_WORDS: [RegExp, ActionItemStatus][] = [
  [/^(?:done|complete[d]?|fixed|closed|resolved|shipped|finished|implemented|merged|✅|✔️?|☑️?|yes)$/i, "done"],
  [/^(?:in[\s-]?progress|wip|ongoing|started|doing|in review|underway)$/i, "in_progress"],
  [/^(?:blocked|on hold|waiting)$/i, "blocked"],
  [/^(?:won'?t\s*(?:do|fix)|wontfix|cancel+ed|dropped|rejected|not planned|obsolete)$/i, "wont_do"],
  [/^(?:todo|to do|open|not started|planned|pending|backlog|new|no|)$/i, "open"],
];
const TYPE_WORDS: [RegExp, ActionItemType][] = [
  [/^prevent(?:ion|ive|ative)?$/i, "prevent"],
  [/^mitigat(?:e|ion)$/i, "mitigate"],
  [/^detect(?:ion)?$/i, "detect"],
  [/^process$/i, "process"],
];

export function statusFromWord(text: string): ActionItemStatus | null {
  const word = text.replace(/[*_`~]/g, "").trim();
  for (const [re, status] of STATUS_WORDS) if (re.test(word)) return status;
  return null;
}

function typeFromWord(text: string): ActionItemType {
  const word = text.replace(/[*_`]/g, "").trim();
  for (const [re, type] of TYPE_WORDS) if (re.test(word)) return type;
  return ACTION_ITEM_TYPES.find((t) => t === word.toLowerCase()) ?? "prevent";
}

function dueFrom(text: string, dates: DocDates): Date | null {
  const found = dateAtStart(text.trim());
  if (!found) return null;
  const iso = resolveDate(found.date, dates.date, dates.order);
  return iso ? new Date(`${iso}T00:00:00.000Z`) : null;
}

const SUFFIX = /\s*\(([^()]*)\)\s*$/;

/** "Add alerts (owner: Resolver team; due 2026-04-01)" → the title, the owner and the due date. */
export function ownerAndDue(text: string, dates: DocDates): { text: string; owner: string | null; dueDate: Date | null } {
  const m = SUFFIX.exec(text);
  if (!m?.[1]) return { text, owner: null, dueDate: null };
  let owner: string | null = null;
  let dueDate: Date | null = null;
  for (const part of m[1].split(/\s*;\s*/)) {
    const o = /^(?:owner|owners|assignee|assigned to)\s*:?\s*(.+)$/i.exec(part);
    const d = /^(?:due|due date|by|deadline)\s*:?\s*(.+)$/i.exec(part);
    if (o?.[1]) owner = canonicalLine(o[1]).slice(0, 100);
    else if (d?.[1] && dueFrom(d[1], dates)) dueDate = dueFrom(d[1], dates);
    else return { text, owner: null, dueDate: null };
  }
  return { text: text.slice(0, m.index).trimEnd(), owner, dueDate };
}

/** The suffix the exporter writes, which ownerAndDue reads back. */
export function ownerAndDueSuffix(owner: string | null, dueDate: Date | null): string {
  const parts = [owner ? `owner: ${canonicalLine(owner)}` : "", dueDate ? `due ${formatUtcDate(dueDate)}` : ""].filter(Boolean);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

export function shorten(text: string, max: number): string {
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function joinParagraphs(...parts: string[]): string {
  return parts.filter(Boolean).join("\n\n");
}

function itemFromListItem(item: ListItem, dates: DocDates): ActionItemRow {
  const [first, ...others] = item.children;
  const lead = first?.type === "paragraph" ? canonicalLine(readableText(first.children)) : canonicalLine(readableText([item]));
  const rest = (first?.type === "paragraph" ? others : [])
    .map((c) => canonicalLines(readableText([c])))
    .filter(Boolean)
    .join("\n\n");
  const { text, owner, dueDate } = ownerAndDue(lead, dates);
  let status: ActionItemStatus = item.checked === true ? "done" : "open";
  if (item.checked !== true && DONE_MARK.test(text)) status = "done";
  // "**Add alerts**: on disk space …": the bold words are the title; the whole item stays the description
  // (the exporter writes the description alone when it starts with the title, so nothing is repeated).
  const bold = first?.type === "paragraph" && first.children[0]?.type === "strong" ? canonicalLine(plainText(first.children[0].children)) : "";
  // A bold priority or status ("**HIGH** Include …") is not a title.
  const titleLike = /\s/.test(bold) && !/^(?:p[0-4]|high|medium|low|critical|urgent|todo|done)\b/i.test(bold);
  if (bold && titleLike && bold.length <= POSTMORTEM_LIMITS.actionTitleMax && text.length > bold.length + 1 && text.startsWith(bold)) {
    return { title: bold, description: joinParagraphs(text, rest), type: "prevent", owner, status, dueDate };
  }
  const long = text.length > POSTMORTEM_LIMITS.actionTitleMax;
  return {
    title: long ? shorten(text, POSTMORTEM_LIMITS.actionTitleMax) : text || "Untitled follow-up",
    description: long ? joinParagraphs(text, rest) : rest,
    type: "prevent",
    owner,
    status,
    dueDate,
  };
}

function listStyle(list: List): ActionStyle {
  if (list.children.some((i) => i.checked === true || i.checked === false)) return "tasks";
  return list.ordered ? "numbered" : "bullets";
}

const TITLE_COL = /\b(?:action|item|task|todo|to-do|remediation|follow[-\s]?ups?|title|fix|improvement|measure)s?\b/i;
const OWNER_COL = /\b(?:owner|owners|assignee|assigned|who|responsible|dri|team|lead)\b/i;
const STATUS_COL = /\b(?:status|state|done|progress|complete)\b/i;
const TYPE_COL = /\b(?:type|category|kind)\b/i;
const DUE_COL = /\b(?:due|deadline|eta|target|by\s+when|date)\b/i;
const DESC_COL = /\b(?:details?|notes?|comments?|description)\b/i;

/** What each column of a follow-up table holds, or null when the table is something else. */
export function actionColumns(header: string[]): ActionColumn[] | null {
  // A table with a time column is a timeline, whatever else it holds.
  if (header.some((h) => /\b(?:time|timestamp|when)\b/i.test(h))) return null;
  const holds: ActionColumn[] = header.map(() => "other");
  const titleAt = header.findIndex((h) => TITLE_COL.test(h));
  if (titleAt < 0) return null;
  holds[titleAt] = "title";
  let known = 0;
  header.forEach((h, j) => {
    if (j === titleAt) return;
    const pick = (c: ActionColumn) => {
      if (!holds.includes(c)) {
        holds[j] = c;
        known++;
      }
    };
    if (OWNER_COL.test(h)) pick("owner");
    else if (STATUS_COL.test(h)) pick("status");
    else if (TYPE_COL.test(h)) pick("type");
    else if (DUE_COL.test(h)) pick("due");
    else if (DESC_COL.test(h)) pick("description");
  });
  const strongTitle = /^(?:action\s*items?|follow[-\s]?ups?|remediation(?:\s+items?)?|tasks?)\b/i.test(header[titleAt] ?? "");
  return known > 0 || (strongTitle && header.length >= 2) ? holds : null;
}

function itemsFromTable(table: Table, holds: ActionColumn[], header: string[], dates: DocDates): ActionItemRow[] {
  const items: ActionItemRow[] = [];
  for (const row of table.children.slice(1)) {
    const cells = row.children;
    if (cells.every((c) => lineText(c.children) === "")) continue;
    let title = "";
    let owner: string | null = null;
    let status: ActionItemStatus | null = null;
    let type: ActionItemType = "prevent";
    let dueDate: Date | null = null;
    const description: string[] = [];
    const others: string[] = [];
    holds.forEach((hold, j) => {
      const cell = cells[j];
      const text = cell ? canonicalLine(readableText(cell.children)) : "";
      if (!text) return;
      if (hold === "title") title = text;
      else if (hold === "owner") owner = text.slice(0, 100);
      else if (hold === "status") status = statusFromWord(text) ?? (DONE_MARK.test(text) ? "done" : "open");
      else if (hold === "type") type = typeFromWord(text);
      else if (hold === "due") dueDate = dueFrom(text, dates);
      else if (hold === "description") description.push(cellText(cell));
      else others.push(`${header[j] || "Note"}: ${text}`);
    });
    if (status === null) {
      const marks = cells.map((c) => plainText(c.children));
      status = marks.some((m) => /\bDONE\b|✅/.test(m)) ? "done" : "open";
    }
    const long = title.length > POSTMORTEM_LIMITS.actionTitleMax;
    items.push({
      title: long ? shorten(title, POSTMORTEM_LIMITS.actionTitleMax) : title || "Untitled follow-up",
      description: joinParagraphs(long ? title : "", description.join("\n\n"), others.join("\n")),
      type,
      owner,
      status,
      dueDate,
    });
  }
  return items;
}

/**
 * Which list of a follow-up section holds its follow-ups: the first one
 * that has only paragraphs (a lead-in such as "In particular we are:") or
 * headings before it since the section or its last sub-heading began; a
 * table, code block or the like before it means it is something else. One
 * list per section: the exporter asks the same question of what it writes,
 * so the closing words' own lists are never taken for follow-ups.
 */
export function followUpListIndex(parts: readonly Part[]): number {
  let armed = true;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part) continue;
    if (isPlaceholder(part)) armed = false;
    else if (part.type === "heading") armed = true;
    else if (part.type === "list") {
      if (armed) return i;
      armed = false;
    } else if (part.type !== "paragraph") armed = false;
  }
  return -1;
}

/**
 * Follow-ups of one section: in a follow-up section its list (see
 * followUpListIndex), or none after our own "No follow-up steps were
 * recorded." (ours only with such a list after it; without one the sentence
 * is the author's); and follow-up tables anywhere. Each becomes a placeholder.
 */
export function detectFollowUps(parts: Part[], followUpSection: boolean, dates: DocDates): { parts: Part[]; items: ActionItemRow[] } {
  const out: Part[] = [];
  const items: ActionItemRow[] = [];
  let listAt = -1;
  if (followUpSection) {
    // Ours only where the exporter writes it: before a list that would otherwise be read as follow-ups.
    const marker = parts.findIndex((p, i) => !isPlaceholder(p) && paragraphText(p) === NO_ACTION_ITEMS && followUpListIndex(parts.slice(i + 1)) >= 0);
    const list = followUpListIndex(parts);
    listAt = marker >= 0 && (list < 0 || marker < list) ? -2 - marker : list;
  }
  parts.forEach((part, i) => {
    if (listAt <= -2 && i === -2 - listAt) {
      // Our own marker: there are none, and the list after it is not one.
      out.push({ placeholder: "actions", count: 0, actionStyle: "bullets" });
      return;
    }
    if (i === listAt && !isPlaceholder(part) && part.type === "list") {
      const found = part.children.map((item) => itemFromListItem(item, dates));
      items.push(...found);
      out.push({ placeholder: "actions", count: found.length, actionStyle: listStyle(part) });
      return;
    }
    if (!isPlaceholder(part) && part.type === "table") {
      const header = headerCells(part);
      const holds = actionColumns(header);
      if (holds) {
        const found = itemsFromTable(part, holds, header, dates);
        items.push(...found);
        out.push({ placeholder: "actions", count: found.length, actionStyle: "table", header, holds });
        return;
      }
    }
    out.push(part);
  });
  return { parts: out, items };
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
  const rest = item.children
    .slice(first?.type === "paragraph" ? 1 : 0)
    .map((child) => canonicalLines(plainText([child])))
    .filter(Boolean)
    .join("\n\n");
  if (lead[0]?.type === "strong") {
    let title = lineText(lead[0].children);
    let description = canonicalLines(plainText(lead.slice(1)));
    // "**Title**: text" (never written by us: our bold titles end in punctuation) keeps its colon with the title.
    const colon = /^([:.])\s+/.exec(description);
    if (colon?.[1] && !/[.:!?…]$/.test(title)) {
      title = `${title}${colon[1]}`;
      description = description.slice(colon[0].length);
    }
    // "**Title.** Description": the full stop is the one our export adds before a
    // description (a title that ends a sentence by itself gets none), so it is not
    // part of the title; dropping it reads back what was written. After a space
    // ("**! .**") it cannot be ours: the export writes titles trimmed.
    if ((description || rest) && /[^.:!?…\s]\.$/.test(title)) title = title.slice(0, -1);
    // Someone else's bold lead can be longer than a title may be: the whole of it stays, in the description.
    if (title.length > POSTMORTEM_LIMITS.factorTitleMax) {
      return { title: shorten(title, POSTMORTEM_LIMITS.factorTitleMax), description: joinParagraphs(joinParagraphs(title, description), rest), category };
    }
    return { title: title || "Untitled factor", description: joinParagraphs(description, rest), category };
  }
  const text = canonicalLine(plainText(lead));
  if (text.length <= POSTMORTEM_LIMITS.factorTitleMax) return { title: text || "Untitled factor", description: rest, category };
  return { title: shorten(text, POSTMORTEM_LIMITS.factorTitleMax), description: joinParagraphs(text, rest), category };
}

/** Contributing factors: the first list of a contributing-factors section (only paragraphs before it). */
export function detectFactors(parts: Part[]): { parts: Part[]; factors: ContributingFactorRow[] } {
  const at = parts.findIndex((p) => !isPlaceholder(p) && p.type === "list");
  const before = parts.slice(0, Math.max(at, 0));
  const list = parts[at];
  if (at < 0 || !list || isPlaceholder(list) || list.type !== "list" || before.some((p) => isPlaceholder(p) || p.type !== "paragraph")) {
    return { parts, factors: [] };
  }
  const factors = list.children.map(factorFrom);
  return { parts: [...before, { placeholder: "factors", count: factors.length }, ...parts.slice(at + 1)], factors };
}

/** Impacted services: the last two-column "Service | Impact" table of an impact section, with our lead-in if it precedes it. */
export function detectServices(parts: Part[]): { parts: Part[]; services: ImpactedServiceRow[] } {
  let at = -1;
  parts.forEach((p, i) => {
    if (!isPlaceholder(p) && isServicesTable(p)) at = i;
  });
  const table = parts[at];
  if (at < 0 || !table || isPlaceholder(table) || table.type !== "table") return { parts, services: [] };
  const services: ImpactedServiceRow[] = [];
  for (const row of table.children.slice(1)) {
    if (row.children.every((c) => lineText(c.children) === "")) continue;
    const [service, impact] = row.children;
    services.push({ service: lineText(service?.children ?? []) || "Unnamed service", impact: cellText(impact) });
  }
  const prev = parts[at - 1];
  const leadIn = prev && !isPlaceholder(prev) && paragraphText(prev) === SERVICES_LEAD_IN;
  const block: Placeholder = { placeholder: "services", count: services.length, header: headerCells(table) };
  if (leadIn) block.leadIn = SERVICES_LEAD_IN;
  return { parts: [...parts.slice(0, leadIn ? at - 1 : at), block, ...parts.slice(at + 1)], services };
}

export { canonicalParagraphs, ACTION_ITEM_STATUSES };
