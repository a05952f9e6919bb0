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
};
/** One row of the postmortem's timeline: a key entry of the incident. */
export type TimelineRow = { occurredAt: Date; endedAt: Date | null; statusLabel: string; body: string };

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
