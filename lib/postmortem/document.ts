/**
 * The postmortem as plain data: what the Markdown export writes and the
 * import reads. Independent of Prisma, so export and import are pure
 * functions over it (and can be tested and benchmarked without a database).
 */
import type { Severity } from "../incidents/schemas";

export const SECTION_KEYS = [
  "summary",
  "impact",
  "rootCause",
  "trigger",
  "detection",
  "resolution",
  "wentWell",
  "wentWrong",
  "gotLucky",
  "closing",
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export function isSectionKey(value: string): value is SectionKey {
  return (SECTION_KEYS as readonly string[]).includes(value);
}
export type PostmortemSections = Record<SectionKey, string>;

export const SECTION_LABELS: Record<SectionKey, string> = {
  summary: "Summary",
  impact: "Impact",
  rootCause: "Root cause",
  trigger: "Trigger",
  detection: "Detection",
  resolution: "Resolution",
  wentWell: "What went well",
  wentWrong: "What went wrong",
  gotLucky: "Where we got lucky",
  closing: "Closing",
};

export const FACTOR_CATEGORIES = ["technical", "process", "people", "external"] as const;
export type FactorCategory = (typeof FACTOR_CATEGORIES)[number];

export const ACTION_ITEM_TYPES = ["prevent", "mitigate", "detect", "process"] as const;
export type ActionItemType = (typeof ACTION_ITEM_TYPES)[number];
export const ACTION_ITEM_STATUSES = ["open", "in_progress", "blocked", "done", "wont_do"] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** The statuses this issue moves a postmortem through ("complete" belongs to action items). */
export const EDITABLE_POSTMORTEM_STATUSES = ["draft", "in_review", "published"] as const;
export type EditablePostmortemStatus = (typeof EDITABLE_POSTMORTEM_STATUSES)[number];
export type PostmortemStatus = EditablePostmortemStatus | "complete";

export type ImpactedServiceRow = { service: string; impact: string };
export type ContributingFactorRow = { title: string; description: string; category: FactorCategory };
export type ExtraSection = { title: string; body: string };
export type ActionItemRow = {
  title: string;
  description: string;
  type: ActionItemType;
  owner: string | null;
  status: ActionItemStatus;
  dueDate: Date | null;
};
/** One row of the postmortem's timeline: a key entry of the incident. */
export type TimelineRow = { occurredAt: Date; endedAt: Date | null; statusLabel: string; body: string };

/**
 * Structured parts a section's words can hold, written where the author put
 * them: the timeline table, the impacted-services table, the list of
 * contributing factors and the follow-ups.
 */
export const LAYOUT_BLOCK_KINDS = ["timeline", "services", "factors", "actions"] as const;
export type LayoutBlockKind = (typeof LAYOUT_BLOCK_KINDS)[number];
/** How follow-ups were written, so they are written back the same way. */
export const ACTION_STYLES = ["bullets", "tasks", "numbered", "table"] as const;
export type ActionStyle = (typeof ACTION_STYLES)[number];
/** The columns an action-item table can carry, by what they hold. */
export const ACTION_COLUMNS = ["title", "description", "type", "owner", "status", "due", "other"] as const;
export type ActionColumn = (typeof ACTION_COLUMNS)[number];

export type LayoutBlock = {
  kind: LayoutBlockKind;
  /** Index among the section's top-level Markdown nodes where the block stands. */
  at: number;
  /** How many rows/items this block holds; the last block of its kind takes the rest. */
  count: number;
  actionStyle?: ActionStyle;
  /** Tables (services, follow-ups): the header as written. */
  header?: string[];
  /** Follow-up tables: what each column holds ("other" columns live in the description as "Header: value"). */
  holds?: ActionColumn[];
  /** Services: the sentence written just before the table ("The following services were impacted:"). */
  leadIn?: string;
};

/** Where a section's words are kept: one of the built-in sections, the next extra section, or the entry itself. */
export type LayoutStore = SectionKey | "extra" | "own";

/**
 * One heading of an imported postmortem, as its author wrote it, in order.
 * Level 0 is a section, level 1 a sub-section the importer gave meaning to
 * (the trigger under a root cause, "What went well" under lessons). Other
 * sub-headings stay inside their section's words. An empty title is the text
 * before the first heading. Empty for postmortems written in Debrief: the
 * export then follows its template.
 */
export type LayoutEntry = {
  title: string;
  level: 0 | 1;
  store: LayoutStore;
  /** The words, when store is "own". */
  text: string;
  blocks: LayoutBlock[];
};

export type PostmortemDocument = {
  incident: {
    /** INC-n; informational (an import gets a new number). */
    key: string | null;
    title: string;
    severity: Severity;
    postmortemStatus: PostmortemStatus;
    startedAt: Date | null;
    detectedAt: Date | null;
    mitigatedAt: Date | null;
    resolvedAt: Date | null;
    services: string[];
  };
  authors: string[];
  sections: PostmortemSections;
  extraSections: ExtraSection[];
  impactedServices: ImpactedServiceRow[];
  contributingFactors: ContributingFactorRow[];
  actionItems: ActionItemRow[];
  timeline: TimelineRow[];
  layout: LayoutEntry[];
};

export function emptySections(): PostmortemSections {
  return {
    summary: "",
    impact: "",
    rootCause: "",
    trigger: "",
    detection: "",
    resolution: "",
    wentWell: "",
    wentWrong: "",
    gotLucky: "",
    closing: "",
  };
}

export type MarkdownTemplate = "cloudflare" | "sre";
export const MARKDOWN_TEMPLATES = ["cloudflare", "sre"] as const;
export type ExportOptions = { template: MarkdownTemplate; frontMatter: boolean };
