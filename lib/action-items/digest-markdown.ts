import type { Link, ListItem, PhrasingContent, Root, RootContent } from "mdast";
import { incidentKey } from "../incidents/dto";
import { withInertHtml } from "../postmortem/markdown/safe-html";
import { daysBetween, startOfUtcDay, toDateString } from "./dates";
import { PRIORITIES } from "./schemas";
import { personKey } from "../people/person-key";
import { markdownProcessor } from "../markdown/processors";

/**
 * The action-item digest as Markdown: a pure function of its input (no
 * database), so it runs in the Markdown worker pool (lib/workers).
 */

export type DigestItem = {
  id: string;
  title: string;
  owner: string | null;
  dueDate: Date;
  status: string;
  priority: string;
  externalUrl: string | null;
  incident: { number: number; severity: string };
};

export type DigestInput = { items: DigestItem[]; now: Date; days: number; baseUrl?: string; omitted?: number };

const text = (value: string): PhrasingContent => ({ type: "text", value });
const strong = (value: string): PhrasingContent => ({ type: "strong", children: [text(value)] });
const link = (url: string, value: string): Link => ({ type: "link", url, children: [text(value)] });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

// Names sort the same on every machine: a fixed locale, ties broken by code point.
const collator = new Intl.Collator("en", { sensitivity: "base" });
const byName = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
const PRIORITY_ORDER: readonly string[] = PRIORITIES;
const priorityRank = (p: string) => PRIORITY_ORDER.indexOf(p);

function windowPhrase(days: number): string {
  return days === 0 ? "due today" : `due in the next ${plural(days, "day")}`;
}

function whenPhrase(dueInDays: number): PhrasingContent {
  if (dueInDays < 0) return strong(`Overdue by ${plural(-dueInDays, "day")}`);
  if (dueInDays === 0) return text("Due today");
  if (dueInDays === 1) return text("Due tomorrow");
  return text(`Due in ${dueInDays} days`);
}

function itemLine(item: DigestItem, today: Date, baseUrl: string | undefined): ListItem {
  const key = incidentKey(item.incident.number);
  const tail = [`due ${toDateString(item.dueDate)}`, `${item.priority} priority`];
  if (item.status !== "open") tail.push(item.status.replace("_", " "));
  const children: PhrasingContent[] = [
    whenPhrase(daysBetween(today, item.dueDate)),
    text(" · "),
    baseUrl ? link(`${baseUrl}/incidents/${item.incident.number}/action-items`, key) : text(key),
    text(` ${item.incident.severity} · ${item.title} · ${tail.join(" · ")}`),
  ];
  if (item.externalUrl) children.push(text(" · "), link(item.externalUrl, "tracker"));
  return { type: "listItem", spread: false, children: [{ type: "paragraph", children }] };
}

function compareItems(a: DigestItem, b: DigestItem): number {
  return (
    a.dueDate.getTime() - b.dueDate.getTime() ||
    priorityRank(b.priority) - priorityRank(a.priority) ||
    a.incident.number - b.incident.number ||
    byName(a.title, b.title) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * The digest as an mdast tree: a summary, then one section per owner
 * (alphabetical, "Unassigned" last), overdue items first. Pure: the same
 * input always gives the same tree.
 */
export function buildDigestTree({ items, now, days, baseUrl, omitted = 0 }: DigestInput): Root {
  const today = startOfUtcDay(now);
  const overdue = items.filter((i) => i.dueDate < today).length;
  const soon = items.length - overdue;
  // One section per person however their name was typed ("Alice Chen", "alice chen"),
  // headed by the first spelling in name order.
  const groups = new Map<string | null, DigestItem[]>();
  const shownAs = new Map<string, string>();
  for (const item of items) {
    const key = item.owner === null ? null : personKey(item.owner);
    if (key !== null && item.owner !== null) {
      const seen = shownAs.get(key);
      if (seen === undefined || byName(item.owner, seen) < 0) shownAs.set(key, item.owner);
    }
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const owners = [...groups.keys()].filter((o): o is string => o !== null).sort((a, b) => byName(shownAs.get(a) ?? a, shownAs.get(b) ?? b));

  const children: RootContent[] = [{ type: "heading", depth: 1, children: [text(`Action items digest — ${toDateString(today)}`)] }];
  if (items.length === 0) {
    children.push({ type: "paragraph", children: [text(`Nothing is overdue or ${windowPhrase(days)}.`)] });
    return { type: "root", children };
  }
  const ownerCount = owners.length + (groups.has(null) ? 1 : 0);
  children.push({
    type: "paragraph",
    children: [strong(`${overdue} overdue`), text(`, ${soon} ${windowPhrase(days)} (${plural(ownerCount, "owner")}).`)],
  });
  for (const owner of [...owners, null]) {
    const list = groups.get(owner);
    if (!list) continue;
    const late = list.filter((i) => i.dueDate < today).length;
    children.push({
      type: "heading",
      depth: 2,
      children: [text(`${owner === null ? "Unassigned" : (shownAs.get(owner) ?? owner)} — ${late} overdue, ${list.length - late} due soon`)],
    });
    children.push({ type: "list", ordered: false, spread: false, children: [...list].sort(compareItems).map((i) => itemLine(i, today, baseUrl)) });
  }
  if (omitted > 0) children.push({ type: "paragraph", children: [text(`…and ${omitted} more not shown.`)] });
  if (baseUrl) children.push({ type: "paragraph", children: [link(`${baseUrl}/action-items?overdue=true`, "All overdue items")] });
  return { type: "root", children };
}


/** Titles are plain text, but a tracker URL is the user's: the same rules as the postmortem export keep it inert. */
export function renderDigestMarkdown(input: DigestInput): string {
  return markdownProcessor.digest().stringify(withInertHtml(buildDigestTree(input)));
}
