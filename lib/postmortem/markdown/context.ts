import type { RootContent } from "mdast";
import { lineText, plainText } from "./plain";
import { dateOnlyLine, datesIn, type WrittenDate } from "./stamps";
import { headingRole, headingWords } from "./titles";
import { zoneIn, zoneNote, type Zone } from "./zones";

/**
 * Where the dates and zones of undated timeline lines come from: the
 * incident's date (front matter, title, the opening words, a "Date:" field)
 * and, inside a section, the nearest date heading or paragraph above
 * ("### 2023-08-25", "2019-01-22", "Unless otherwise noted all events
 * happened on 2019-10-21"), a zone note, or the heading ("Timeline (CET)").
 *
 * The exporter asks the same questions of the tree it writes, so it prints
 * a row's date exactly when the importer could not infer it.
 */

export type DayOrder = "dmy" | "mdy";

/** "2026-03-03" for a calendar day. */
export type IsoDate = string;

export function isoDate(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function dayNumber(iso: IsoDate): number {
  return Date.parse(`${iso}T00:00:00.000Z`) / 86_400_000;
}

function validIso(y: number, m: number, d: number): IsoDate | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d && y >= 1970 ? isoDate(y, m, d) : null;
}

/**
 * A written date as a calendar day. A missing year is the one that puts the
 * day closest to the reference (a timeline in January can start in
 * December); an ambiguous 04-07-2020 follows the document's order.
 */
export function resolveDate(date: WrittenDate, reference: IsoDate | null, order: DayOrder): IsoDate | null {
  if (date.kind === "numeric") {
    const { a, b, y } = date.value;
    const dmy = validIso(y, b, a);
    const mdy = validIso(y, a, b);
    if (a > 12) return dmy;
    if (b > 12) return mdy;
    return order === "dmy" ? dmy : mdy;
  }
  const { y, m, d } = date.value;
  if (y !== null) return validIso(y, m, d);
  if (!reference) return null;
  const ry = Number(reference.slice(0, 4));
  const candidates = [ry - 1, ry, ry + 1].map((yy) => validIso(yy, m, d)).filter((c): c is IsoDate => c !== null);
  candidates.sort((p, q) => Math.abs(dayNumber(p) - dayNumber(reference)) - Math.abs(dayNumber(q) - dayNumber(reference)));
  return candidates[0] ?? null;
}

/** The order of ambiguous numeric dates in a document: from any that is unambiguous, else closeness to a reference, else the separator's custom. */
export function dayOrderOf(dates: WrittenDate[], reference: IsoDate | null): DayOrder {
  const numeric = dates.flatMap((d) => (d.kind === "numeric" ? [d.value] : []));
  if (numeric.some((n) => n.a > 12)) return "dmy";
  if (numeric.some((n) => n.b > 12)) return "mdy";
  if (reference && numeric.length) {
    const cost = (order: DayOrder) =>
      numeric.reduce((sum, n) => {
        const iso = resolveDate({ kind: "numeric", value: n }, null, order);
        return sum + (iso ? Math.abs(dayNumber(iso) - dayNumber(reference)) : 1e6);
      }, 0);
    return cost("dmy") < cost("mdy") ? "dmy" : "mdy";
  }
  return numeric[0]?.sep === "/" ? "mdy" : "dmy";
}

function nodeText(node: RootContent): string {
  return node.type === "heading" ? lineText(node.children) : plainText([node]).trim();
}

/**
 * The incident's date: front matter, else the first full date in the title,
 * else in the opening words (paragraphs and lists before the first section,
 * a summary section, a section headed "Date").
 */
export function documentDate(source: {
  frontMatterDate: IsoDate | null;
  title: string;
  openingNodes: RootContent[];
  order: DayOrder;
}): IsoDate | null {
  if (source.frontMatterDate) return source.frontMatterDate;
  for (const text of [source.title, ...source.openingNodes.filter((n) => n.type !== "table" && n.type !== "code").map(nodeText)]) {
    for (const d of datesIn(text)) {
      const iso = resolveDate(d, null, source.order);
      if (iso) return iso;
    }
  }
  return null;
}

/** A year the title or opening words state without a whole date ("Outage in August 2026", "2026 Q3 incident"). */
export function documentYear(source: { title: string; openingNodes: RootContent[] }): number | null {
  for (const text of [source.title, ...source.openingNodes.filter((n) => n.type === "paragraph").map(nodeText)]) {
    const year = /(?<![\d.,:\/-])(19[89]\d|20\d\d)(?![\d.,:\/-]?\d)/.exec(text);
    if (year?.[1]) return Number(year[1]);
  }
  return null;
}

/** The document's zone: front matter, else a note in the opening words ("all times in this blog are UTC"). */
export function documentZone(openingNodes: RootContent[]): Zone | null {
  for (const node of openingNodes) {
    if (node.type !== "paragraph" && node.type !== "blockquote") continue;
    const text = plainText([node]);
    for (const sentence of text.split(/(?<=[.!?)])\s+|\n/)) {
      if (/\ball\s+times\b|\btimes\s+(?:are|in)\b|\btime\s*zone\b/i.test(sentence)) {
        const zone = zoneNote(sentence);
        if (zone) return zone;
      }
    }
  }
  return null;
}

export type NodeContext = {
  /** Inside a Timeline section or under a Timeline sub-heading. */
  inTimeline: boolean;
  date: WrittenDate | null;
  zone: Zone | null;
  /** Changes whenever the date context does, so rows know when they share one. */
  key: number;
};

/** A heading or line that states the zone or date of what follows it. */
function headingContext(title: string): { zone: Zone | null; date: WrittenDate | null } {
  return { zone: zoneIn(title), date: datesIn(title)[0] ?? null };
}

/**
 * The date and zone in force at each node of a section, and whether the
 * node sits in a timeline: the section's own heading, then sub-headings,
 * date lines and notes as they come. `subTimelines` is false when the
 * document has a Timeline section of its own (see `hasTimelineSection`):
 * then a "Timeline" sub-heading elsewhere is an ordinary heading.
 */
export function scanContexts(sectionTitle: string, nodes: readonly RootContent[], subTimelines = true): NodeContext[] {
  const sectionIsTimeline = headingRole(sectionTitle) === "timeline";
  const base = sectionIsTimeline ? headingContext(headingWords(sectionTitle)) : { zone: zoneNote(sectionTitle), date: null };
  let key = 0;
  let outer = { inTimeline: sectionIsTimeline, date: base.date, zone: base.zone };
  let state = { ...outer };
  let regionDepth = Number.POSITIVE_INFINITY;
  const out: NodeContext[] = [];
  for (const node of nodes) {
    if (node.type === "heading") {
      const title = lineText(node.children);
      if (node.depth <= regionDepth && regionDepth !== Number.POSITIVE_INFINITY) {
        state = { ...outer };
        regionDepth = Number.POSITIVE_INFINITY;
        key++;
      }
      if (subTimelines && headingRole(title) === "timeline") {
        const h = headingContext(headingWords(title));
        outer = { ...state };
        state = { inTimeline: true, date: h.date ?? state.date, zone: h.zone ?? state.zone };
        regionDepth = node.depth;
        key++;
      } else {
        const only = dateOnlyLine(title);
        if (only) {
          state = { ...state, date: only.date, zone: only.zone ?? state.zone };
          key++;
        }
      }
    } else if (node.type === "paragraph") {
      const text = plainText([node]).trim();
      const only = dateOnlyLine(text);
      if (only) {
        state = { ...state, date: only.date, zone: only.zone ?? state.zone };
        key++;
      } else if (text.length <= 300 && /\b(?:times?|happened\s+on|events)\b/i.test(text)) {
        const zone = zoneNote(text);
        const date = /\b(?:happened|occurred|events?|all\s+times|unless)\b/i.test(text) ? (datesIn(text)[0] ?? null) : null;
        if (zone || date) {
          state = { ...state, zone: zone ?? state.zone, date: date ?? state.date };
          if (date) key++;
        }
      }
    }
    out.push({ ...state, key });
  }
  return out;
}

/**
 * The incident's date and the document's numeric date order, decided the
 * same way by the importer (on what it reads) and the exporter (on what it
 * writes): the order from every date written, then the date from front
 * matter, title or opening words.
 */
export function documentDating(source: { frontMatterDate: IsoDate | null; title: string; openingNodes: RootContent[]; allText: string }): {
  date: IsoDate | null;
  order: DayOrder;
} {
  const written = [...datesIn(source.title), ...datesIn(source.allText)];
  const first = documentDate({ ...source, order: dayOrderOf(written, null) });
  const order = dayOrderOf(written, first);
  return { date: documentDate({ ...source, order }), order };
}

/** The nodes whose words give the incident's date: before the first section, a summary section, a section headed "Date". */
export function isOpeningSection(title: string, role: string | null): boolean {
  return role === "intro" || role === "summary" || /^date$/i.test(title.trim());
}
