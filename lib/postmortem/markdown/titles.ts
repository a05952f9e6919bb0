import type { RootContent, Table } from "mdast";
import { lineText } from "./plain";
import type { MarkdownTemplate } from "../document";

/** What a heading of a postmortem stands for, whoever wrote it. */
export type HeadingRole =
  | "summary"
  | "impact"
  | "rootCause"
  | "trigger"
  | "contributingFactors"
  | "detection"
  | "resolution"
  | "lessons"
  | "wentWell"
  | "wentWrong"
  | "gotLucky"
  | "actionItems"
  | "timeline"
  | "closing";

// Order matters: the first match wins. Lesson headings are anchored to how
// people start them ("What went wrong"), so "How this went wrong today" is
// read as a root-cause section, not a lesson.
const ROLE_PATTERNS: [HeadingRole, RegExp][] = [
  ["wentWell", /^(?:what|things\s+that)\s+(?:went\s+(?:well|right)|worked(?:\s+well)?)\b|^went\s+well\b|^the\s+good$/i],
  ["wentWrong", /^(?:what|things\s+that)\s+(?:went\s+(?:wrong|badly|poorly)|didn'?t\s+work|did\s+not\s+work|(?:didn'?t|did\s+not)\s+go\s+(?:so\s+)?well|could\s+(?:have\s+)?(?:gone|been|go)\s+better)\b|^went\s+wrong\b|^the\s+bad$/i],
  ["gotLucky", /^(?:where|what|how|when)\b.*\blucky\b|^(?:we\s+)?got\s+lucky\b|^luck$/i],
  ["lessons", /^(?:lessons?(?:\s+learn(?:ed|t))?|learnings|what\s+we\s+learned|key\s+takeaways|takeaways)\b/i],
  ["timeline", /^(?:(?:the|incident|detailed|full|complete|outage|event)\s+)*(?:timeline|chronology)\b|\btimeline\b(?!.*\b(?:for|of)\s+(?:fix|release|roll))|^sequence\s+of\s+events\b|^key\s+events\b/i],
  ["contributingFactors", /^contributing\s+(?:factors?|causes?)\b/i],
  ["trigger", /^(?:the\s+)?trigger(?:s|ed)?$|^what\s+triggered\b/i],
  ["actionItems", /^(?:remediation|follow[-\s]?ups?|action\s+items?|next\s+steps|corrective|preventi(?:on|ve)|preventative|future\s+(?:actions?|measures?|work)|what\s+we(?:'re|\s+are)\s+(?:doing|changing)|how\s+(?:are\s+)?we\s+(?:are\s+)?(?:going\s+to\s+)?do(?:ing)?\s+better|how\s+do\s+we\s+do\s+better|improvements)\b/i],
  ["detection", /^(?:detection|detect(?:ed|ing)?|how\s+(?:it\s+was|we)\s+(?:detected|noticed)|how\s+we\s+found\s+out)\b/i],
  ["resolution", /^(?:resolution|resolving|recovery|mitigation|how\s+(?:we|did\s+we)\s+fix(?:ed)?|how\s+it\s+was\s+fixed)\b/i],
  ["rootCause", /^(?:(?:the\s+)?root[-\s]+causes?|causes?|(?:root\s+)?cause\s+analysis|what\s+happened|why\s+(?:it|this|did\s+it|did\s+this)\s+happen(?:ed)?|technical\s+(?:details|analysis)|how\b.*\b(?:fail(?:ed)?|went\s+wrong|broke|happened)\b)/i],
  ["impact", /^(?:(?:the\s+)?(?:customer\s+|user\s+|business\s+)?impact|(?:the\s+)?outage|what\s+was\s+(?:impacted|affected)|scope\s+of\s+impact|affected\s+(?:services|customers|users))\b/i],
  ["summary", /^(?:(?:executive|incident|issue)\s+)?summary$|^overview$|^tl;?\s?dr$|^introduction$/i],
  ["closing", /^(?:conclusions?|closing(?:\s+(?:notes|thoughts|words|remarks))?|final\s+(?:thoughts|words|notes)|in\s+closing|wrap[-\s]?up)$/i],
];

/** A heading's words without numbering, emoji or trailing punctuation ("2. Timeline (UTC):" → "Timeline (UTC)"). */
export function headingWords(title: string): string {
  return title
    .trim()
    .replace(/^[^\p{L}\p{N}]+/u, "")
    .replace(/^\d+(?:\.\d+)*[.)]?\s+/, "")
    .replace(/[\s:.!?]+$/, "")
    .trim();
}

export function headingRole(title: string): HeadingRole | null {
  const t = headingWords(title);
  for (const [role, pattern] of ROLE_PATTERNS) if (pattern.test(t)) return role;
  return null;
}

/** The headings one level under a section that the importer reads as part of it. */
export const SUB_ROLES: Partial<Record<HeadingRole, HeadingRole[]>> = {
  rootCause: ["trigger", "contributingFactors"],
  lessons: ["wentWell", "wentWrong", "gotLucky"],
};

/** The wording of our own structure in each template. */
export type TemplateWords = {
  impact: string;
  rootCause: string;
  trigger: string;
  contributingFactors: string;
  detection: string;
  resolution: string;
  lessons: string;
  wentWell: string;
  wentWrong: string;
  gotLucky: string;
  actionItems: string;
  closing: string;
  timeline: string;
  servicesHeader: [string, string];
};

export const TEMPLATE_WORDS: Record<MarkdownTemplate, TemplateWords> = {
  cloudflare: {
    impact: "The outage",
    rootCause: "Root cause",
    trigger: "The trigger",
    contributingFactors: "Contributing factors",
    detection: "Detection",
    resolution: "Resolution",
    lessons: "Lessons learned",
    wentWell: "What went well",
    wentWrong: "What went wrong",
    gotLucky: "Where we got lucky",
    actionItems: "Remediation and follow-up steps",
    closing: "Closing",
    timeline: "Timeline",
    servicesHeader: ["Service / Product", "Impact description"],
  },
  sre: {
    impact: "Impact",
    rootCause: "Root Causes",
    trigger: "Trigger",
    contributingFactors: "Contributing Factors",
    detection: "Detection",
    resolution: "Resolution",
    lessons: "Lessons Learned",
    wentWell: "What went well",
    wentWrong: "What went wrong",
    gotLucky: "Where we got lucky",
    actionItems: "Action Items",
    closing: "Closing",
    timeline: "Timeline",
    servicesHeader: ["Service", "Impact"],
  },
};

export const UTC_NOTE = "All times in this post are UTC.";
export const SERVICES_LEAD_IN = "The following services were impacted:";
/** Written only when no action items exist and the closing text starts with a list that would otherwise be read as them. */
export const NO_ACTION_ITEMS = "No follow-up steps were recorded.";
export const TIMELINE_HEADER = ["Time (UTC)", "Status", "Description"] as const;
export const ACTION_ITEMS_HEADER = ["Action Item", "Type", "Owner", "Status"] as const;

export function isUtcNote(text: string): boolean {
  return /^all\s+times\s+(?:in\s+this\s+(?:post|document|report)\s+)?are\s+(?:in\s+)?utc\.?$/i.test(text.trim());
}

export function isServicesHeader(cells: string[]): boolean {
  if (cells.length !== 2) return false;
  const [a = "", b = ""] = cells;
  return /servic|product|system|component|feature|area/i.test(a) || /impact/i.test(b);
}



/** A two-column table whose header names services and their impact. */
export function isServicesTable(node: RootContent | undefined): node is Table {
  if (node?.type !== "table") return false;
  return isServicesHeader(headerCells(node));
}

export function headerCells(node: Table): string[] {
  return (node.children[0]?.children ?? []).map((cell) => lineText(cell.children));
}
