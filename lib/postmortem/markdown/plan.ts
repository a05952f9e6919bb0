import type { ActionColumn, LayoutBlock, LayoutEntry, MarkdownTemplate, PostmortemDocument, SectionKey } from "../document";
import { SECTION_KEYS } from "../document";
import { sectionNodes } from "./sections";
import { followUpListIndex } from "./follow-ups";
import { ACTION_ITEMS_HEADER, headingRole, isServicesTable, SERVICES_LEAD_IN, TEMPLATE_WORDS, type TemplateWords } from "./titles";

/**
 * What the exporter writes, section by section: each with its heading (as
 * the author wrote it, or in the template's words), its Markdown, and the
 * blocks (timeline, services, factors, follow-ups) placed in it. Both
 * templates are plans too, so a postmortem exported from a template and
 * imported back (which gives it a layout) is written the same way again.
 */
export type PlanEntry = { title: string; level: 0 | 1; text: string; blocks: LayoutBlock[] };
export type Plan = { entries: PlanEntry[]; utcNote: boolean };

const ALL = 1_000_000;

function entry(title: string, text: string, blocks: LayoutBlock[] = [], level: 0 | 1 = 0): PlanEntry {
  return { title, level, text, blocks };
}

/** The impact narrative, then the services table when there are services, or when the narrative holds a table the importer would take for them. */
function impactBlocks(doc: PostmortemDocument, words: TemplateWords): LayoutBlock[] {
  const narrative = sectionNodes(doc.sections.impact);
  if (doc.impactedServices.length === 0 && !narrative.some(isServicesTable)) return [];
  return [{ kind: "services", at: narrative.length, count: ALL, leadIn: SERVICES_LEAD_IN, header: [...words.servicesHeader] }];
}

/** Whether a section has anything to write (whitespace alone has not). */
function present(markdown: string): boolean {
  return markdown.trim() !== "" && sectionNodes(markdown).length > 0;
}

function cloudflarePlan(doc: PostmortemDocument): Plan {
  const words = TEMPLATE_WORDS.cloudflare;
  const s = doc.sections;
  const entries: PlanEntry[] = [entry("", s.summary)];
  const impact = impactBlocks(doc, words);
  if (present(s.impact) || impact.length) entries.push(entry(words.impact, s.impact, impact));
  if (present(s.rootCause) || present(s.trigger) || doc.contributingFactors.length) {
    entries.push(entry(words.rootCause, s.rootCause));
    if (present(s.trigger)) entries.push(entry(words.trigger, s.trigger, [], 1));
    if (doc.contributingFactors.length) entries.push(entry(words.contributingFactors, "", [{ kind: "factors", at: 0, count: ALL }], 1));
  }
  if (present(s.detection)) entries.push(entry(words.detection, s.detection));
  if (present(s.resolution)) entries.push(entry(words.resolution, s.resolution));
  if (present(s.wentWell) || present(s.wentWrong) || present(s.gotLucky)) {
    entries.push(entry(words.lessons, ""));
    if (present(s.wentWell)) entries.push(entry(words.wentWell, s.wentWell, [], 1));
    if (present(s.wentWrong)) entries.push(entry(words.wentWrong, s.wentWrong, [], 1));
    if (present(s.gotLucky)) entries.push(entry(words.gotLucky, s.gotLucky, [], 1));
  }
  for (const extra of doc.extraSections) entries.push(entry(extra.title, extra.body));
  // Closing words follow the follow-ups under the same heading.
  const actions: LayoutBlock = { kind: "actions", at: 0, count: ALL, actionStyle: "bullets" };
  if (doc.actionItems.length || present(s.closing)) entries.push(entry(words.actionItems, s.closing, [actions]));
  entries.push(entry(words.timeline, "", [{ kind: "timeline", at: 0, count: ALL }]));
  return { entries, utcNote: true };
}

/**
 * An imported postmortem's words that no section field holds ("own" in its
 * layout): the opening words before a Summary heading, the Timeline
 * section's own prose, a second follow-up section. The SRE template has no
 * field for them either, so they are written under their own headings
 * rather than dropped; the timeline's prose stays around its table.
 */
function ownWords(doc: PostmortemDocument): { opening: string; timeline: PlanEntry | null; sections: PlanEntry[] } {
  const own = doc.layout.filter((e) => e.store === "own");
  const opening = own.filter((e) => e.title === "" && present(e.text)).map((e) => e.text).join("\n\n");
  // The section holding the timeline, or (no rows read) the one headed like it, whose words then stand alone.
  const withTimeline = own.find((e) => e.blocks.some((b) => b.kind === "timeline")) ?? own.find((e) => headingRole(e.title) === "timeline");
  const block = withTimeline?.blocks.find((b) => b.kind === "timeline");
  const rows: LayoutBlock[] = block || doc.timeline.length ? [{ kind: "timeline", at: block?.at ?? sectionNodes(withTimeline?.text ?? "").length, count: ALL }] : [];
  const timeline = withTimeline && present(withTimeline.text) ? entry("", withTimeline.text, rows) : null;
  const sections = own.filter((e) => e !== withTimeline && e.title !== "" && present(e.text)).map((e) => entry(e.title, e.text));
  return { opening, timeline, sections };
}

function srePlan(doc: PostmortemDocument): Plan {
  const words = TEMPLATE_WORDS.sre;
  const s = doc.sections;
  const own = ownWords(doc);
  const entries: PlanEntry[] = [
    ...(own.opening ? [entry("", own.opening)] : []),
    entry("Summary", s.summary),
    entry(words.impact, s.impact, impactBlocks(doc, words)),
    entry(words.rootCause, s.rootCause),
  ];
  if (doc.contributingFactors.length) entries.push(entry(words.contributingFactors, "", [{ kind: "factors", at: 0, count: ALL }], 1));
  entries.push(entry(words.trigger, s.trigger), entry(words.resolution, s.resolution), entry(words.detection, s.detection));
  // No follow-ups: the section is left out rather than printed as an empty table.
  if (doc.actionItems.length) {
    const due = doc.actionItems.some((a) => a.dueDate);
    // Descriptions (and the extra columns of an imported table, kept in them as "Ticket: OPS-12") get a column of their own.
    const details = doc.actionItems.some((a) => a.description.trim() !== "");
    const header = [...ACTION_ITEMS_HEADER, ...(due ? ["Due"] : []), ...(details ? ["Details"] : [])];
    const holds: ActionColumn[] = ["title", "type", "owner", "status", ...(due ? (["due"] as const) : []), ...(details ? (["description"] as const) : [])];
    entries.push(entry(words.actionItems, "", [{ kind: "actions", at: 0, count: ALL, actionStyle: "table", header, holds }]));
  }
  entries.push(
    entry(words.lessons, ""),
    entry(words.wentWell, s.wentWell, [], 1),
    entry(words.wentWrong, s.wentWrong, [], 1),
    entry(words.gotLucky, s.gotLucky, [], 1),
  );
  for (const extra of doc.extraSections) entries.push(entry(extra.title, extra.body));
  entries.push(...own.sections);
  if (present(s.closing)) entries.push(entry(words.closing, s.closing));
  entries.push(own.timeline ? { ...own.timeline, title: words.timeline } : entry(words.timeline, "", [{ kind: "timeline", at: 0, count: ALL }]));
  return { entries, utcNote: false };
}

// Each a key of the template's words too (the summary has no heading).
const TEMPLATE_ORDER: Exclude<SectionKey, "summary">[] = ["impact", "rootCause", "trigger", "detection", "resolution", "wentWell", "wentWrong", "gotLucky", "closing"];

/**
 * The author's layout, with what was added since (in the editor) placed
 * where a reader would look for it: a new section after the others, services
 * under the impact, follow-ups under the follow-up section, the timeline
 * under its heading — or new sections at the end.
 */
function layoutPlan(doc: PostmortemDocument): Plan {
  const words = TEMPLATE_WORDS.cloudflare;
  const extras = [...doc.extraSections];
  const used = new Set<SectionKey>();
  const entries: (PlanEntry & { store: LayoutEntry["store"] })[] = [];
  for (const e of doc.layout) {
    if (e.store === "extra") {
      const extra = extras.shift();
      if (!extra) continue;
      entries.push({ title: extra.title, level: e.level, text: extra.body, blocks: e.blocks, store: "extra" });
      continue;
    }
    if (e.store !== "own") used.add(e.store);
    entries.push({ title: e.title, level: e.level, text: e.store === "own" ? e.text : doc.sections[e.store], blocks: e.blocks, store: e.store });
  }
  if (!used.has("summary") && present(doc.sections.summary)) entries.unshift({ title: "", level: 0, text: doc.sections.summary, blocks: [], store: "summary" });
  for (const key of TEMPLATE_ORDER) {
    if (!used.has(key) && present(doc.sections[key])) entries.push({ title: words[key], level: 0, text: doc.sections[key], blocks: [], store: key });
  }
  for (const extra of extras) entries.push({ title: extra.title, level: 0, text: extra.body, blocks: [], store: "extra" });
  const has = (kind: LayoutBlock["kind"]) => entries.some((e) => e.blocks.some((b) => b.kind === kind));
  const attach = (kind: LayoutBlock["kind"], find: (e: PlanEntry & { store: LayoutEntry["store"] }) => boolean, title: string, extra: Partial<LayoutBlock> = {}) => {
    const target = entries.find(find);
    const block: LayoutBlock = { kind, at: target ? sectionNodes(target.text).length : 0, count: ALL, ...extra };
    if (target) target.blocks = [...target.blocks, block];
    else entries.push({ title, level: 0, text: "", blocks: [block], store: "own" });
  };
  const impactTable = sectionNodes(doc.sections.impact).some(isServicesTable);
  if ((doc.impactedServices.length || impactTable) && !has("services")) attach("services", (e) => e.store === "impact", words.impact, { leadIn: SERVICES_LEAD_IN });
  // The section the importer reads follow-ups from: the first one named like it, at the top level.
  const followUpEntry = entries.find((e) => e.level === 0 && e.title && headingRole(e.title) === "actionItems");
  for (const e of entries) {
    const nodes = sectionNodes(e.text);
    // The importer takes the last services table of the impact section: ours must stay last.
    e.blocks = e.blocks.map((b) => (b.kind === "services" && nodes.slice(b.at).some(isServicesTable) ? { ...b, at: nodes.length } : b));
    // In a follow-up section it takes the first list that reads as follow-ups: ours (or the marker
    // saying there are none) must come first; a section without one gets the marker where needed.
    if (e === followUpEntry) {
      const first = followUpListIndex(nodes);
      if (!e.blocks.some((b) => b.kind === "actions")) e.blocks = [...e.blocks, { kind: "actions", at: 0, count: 0, actionStyle: "bullets" }];
      e.blocks = e.blocks.map((b) => (b.kind === "actions" && b.actionStyle !== "table" && first >= 0 && first < b.at ? { ...b, at: first } : b));
    }
  }
  if (doc.contributingFactors.length && !has("factors")) attach("factors", () => false, words.contributingFactors);
  if (doc.actionItems.length && !has("actions")) attach("actions", (e) => headingRole(e.title) === "actionItems", words.actionItems, { actionStyle: "bullets" });
  if (doc.timeline.length && !has("timeline")) attach("timeline", (e) => headingRole(e.title) === "timeline", words.timeline);
  return { entries: entries.map(({ store: _store, ...rest }) => rest), utcNote: true };
}

export function planFor(doc: PostmortemDocument, template: MarkdownTemplate): Plan {
  if (template === "sre") return srePlan(doc);
  return doc.layout.length ? layoutPlan(doc) : cloudflarePlan(doc);
}

export { SECTION_KEYS };
