import type { Heading, RootContent } from "mdast";
import { lineText } from "./plain";
import { headingRole, SUB_ROLES, type HeadingRole } from "./titles";

/**
 * The shape of a postmortem as its author wrote it: a title, the words
 * before the first heading, then sections in order. Headings are given a
 * meaning only at the level where sections stand (and, one level down, for
 * the few parts a section is known to hold: the trigger under a root cause,
 * "What went well" under lessons), so a sub-heading such as "Resolving data
 * inconsistencies" under "Next steps" stays inside its section.
 */
export type SectionRole = HeadingRole | "intro" | null;

export type Section = {
  /** The heading as written (plain text); "" for the words before the first heading. */
  title: string;
  level: 0 | 1;
  /** What the heading stands for; null for a section of the author's own. */
  role: SectionRole;
  nodes: RootContent[];
};

export type TitleSource = "heading" | "frontMatter" | "text" | "none";

export type Titled = { title: string; source: TitleSource; body: RootContent[] };

const MAX_TITLE = 200;

function headings(nodes: readonly RootContent[]): Heading[] {
  return nodes.filter((n): n is Heading => n.type === "heading");
}

/**
 * The title: a lone H1; else the front matter's title; else a heading that
 * is alone at the top level and comes first. Otherwise nothing is consumed
 * and the caller derives a title from the text.
 */
export function takeTitle(nodes: RootContent[], frontMatterTitle: string | null): Titled {
  const all = headings(nodes);
  const first = all[0];
  const h1s = all.filter((h) => h.depth === 1);
  const firstText = first ? lineText(first.children) : "";
  if (first && first.depth === 1 && h1s.length === 1 && firstText) {
    return { title: firstText, source: "heading", body: nodes.filter((n) => n !== first) };
  }
  if (frontMatterTitle) return { title: frontMatterTitle, source: "frontMatter", body: nodes };
  // "## Note\n\nDraft.\n\n# Incident on 2023-07-21": a note above the one H1 does not make it any less the title.
  const onlyH1 = h1s.length === 1 ? h1s[0] : undefined;
  const onlyH1Text = onlyH1 ? lineText(onlyH1.children) : "";
  if (onlyH1 && onlyH1Text) return { title: onlyH1Text, source: "heading", body: nodes.filter((n) => n !== onlyH1) };
  if (first && firstText) {
    const top = Math.min(...all.map((h) => h.depth));
    const atTop = all.filter((h) => h.depth === top);
    if (first.depth === top && atTop.length === 1 && all.length > 1) {
      return { title: firstText, source: "heading", body: nodes.filter((n) => n !== first) };
    }
  }
  return { title: "", source: "none", body: nodes };
}

/** A title from the words when no heading or front matter gives one: a "Description:"/"Title:" field, else the first sentence. */
export function titleFromText(sections: Section[]): string {
  const texts = sections
    .filter((s) => s.role === "intro" || s.role === "summary" || s.role === null)
    .flatMap((s) => s.nodes)
    .filter((n) => n.type === "paragraph")
    .map((n) => lineText([n]));
  for (const text of texts) {
    const field = /(?:^|\s)(?:description|title|summary|incident)\s*:\s*(.+?)(?:\s+\w[\w /]*:\s|$)/i.exec(text);
    if (field?.[1] && field[1].split(/\s+/).length >= 3) return clip(firstSentence(field[1]));
  }
  for (const text of texts) {
    if (text.split(/\s+/).length >= 6 && !/^[\w /]+:\s/.test(text)) return clip(firstSentence(text));
  }
  return "";
}

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(?:\s|$)/.exec(text);
  return (m?.[1] ?? text).replace(/[.!]$/, "").trim();
}

function clip(text: string): string {
  if (text.length <= MAX_TITLE) return text;
  const cut = text.slice(0, MAX_TITLE - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > MAX_TITLE / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Sections in order. Roles used once: a second "Impact" is a section of
 * the author's own. A sub-heading becomes its own section only when its
 * parent is known to hold it; otherwise it is part of its parent's words.
 */
export function sectionsOf(body: RootContent[]): Section[] {
  const all = headings(body);
  const intro: Section = { title: "", level: 0, role: "intro", nodes: [] };
  const sections: Section[] = [intro];
  if (all.length === 0) {
    intro.nodes.push(...body);
    return sections;
  }
  const top = Math.min(...all.map((h) => h.depth));
  const used = new Set<HeadingRole>();
  let current = intro;
  let parent = intro;
  for (const node of body) {
    if (node.type === "heading" && node.depth === top) {
      const title = lineText(node.children);
      let role: SectionRole = headingRole(title);
      if (role && role !== "lessons" && used.has(role)) role = null;
      if (role === "lessons" && used.has("lessons")) role = null;
      if (role) used.add(role);
      current = parent = { title, level: 0, role, nodes: [] };
      sections.push(current);
      continue;
    }
    if (node.type === "heading" && node.depth === top + 1 && parent !== intro) {
      const title = lineText(node.children);
      const role = headingRole(title);
      // "## How the rotation failed" holding "### The trigger" is a root-cause section under its own name.
      const parentRole: SectionRole = parent.role === null && role && SUB_ROLES.rootCause?.includes(role) && !used.has("rootCause") ? "rootCause" : parent.role;
      const allowed = parentRole && parentRole !== "intro" ? (SUB_ROLES[parentRole] ?? []) : [];
      if (role && allowed.includes(role) && !used.has(role)) {
        if (parent.role !== parentRole) {
          parent.role = parentRole;
          used.add("rootCause");
        }
        used.add(role);
        current = { title, level: 1, role, nodes: [] };
        sections.push(current);
        continue;
      }
    }
    current.nodes.push(node);
  }
  return sections;
}

/**
 * Whether the document has a Timeline section. When it has, a "Timeline"
 * sub-heading inside another section ("#### Timeline of the retry storm"
 * under What went wrong) is read as the author's words, not as a second
 * timeline: the importer and the exporter both ask this of the same
 * sections, so an exported section that mentions a timeline reads back as
 * the text it was.
 */
export function hasTimelineSection(sections: readonly Section[]): boolean {
  return sections.some((s) => s.role === "timeline");
}
