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

// Order matters: the first match wins ("What went wrong" is a lesson, not a root cause).
const ROLE_PATTERNS: [HeadingRole, RegExp][] = [
  ["timeline", /^(?:the\s+)?(?:incident\s+)?(?:timeline|chronology)(?:\s+of\s+(?:events|the\s+incident))?(?:\s*\(utc\))?$/i],
  ["wentWell", /\bwent\s+(?:well|right)\b|\bgood\b.*\bwent\b/i],
  ["wentWrong", /\bwent\s+(?:wrong|badly|poorly)\b|\b(?:didn'?t|did\s+not)\s+go\s+well\b|could\s+(?:have\s+)?(?:gone|be|been|go)\s+better/i],
  ["gotLucky", /\blucky\b|\bluck\b/i],
  ["lessons", /\blessons?\b|\blearn(?:ed|ings|t)?\b/i],
  ["contributingFactors", /\bcontributing\s+(?:factors?|causes?)\b/i],
  ["trigger", /\btrigger(?:s|ed)?\b/i],
  ["actionItems", /\bremediation\b|\bfollow[-\s]?ups?\b|\baction\s+items?\b|\bnext\s+steps\b|\bpreventi(?:on|ve)\b/i],
  ["detection", /\bdetect(?:ion|ed|ing)?\b/i],
  ["resolution", /\bresol(?:ution|ved|ving)\b|\brecovery\b|\bmitigation\b|\bhow\s+we\s+fixed\b/i],
  ["rootCause", /\broot\s+causes?\b|^causes?$|^how\b.*\b(?:fail(?:ed)?|went\s+wrong|broke|happened)\b|\bwhat\s+happened\b|\btechnical\s+(?:details|analysis)\b/i],
  ["impact", /\bimpact(?:ed)?\b|\boutage\b/i],
  ["summary", /^(?:executive\s+)?summary$|^overview$|^tl;?\s?dr$|^introduction$/i],
  ["closing", /^(?:conclusion|closing(?:\s+(?:notes|thoughts|words))?|final\s+(?:thoughts|words)|in\s+closing)$/i],
];

export function headingRole(title: string): HeadingRole | null {
  const t = title.trim().replace(/[:.]+$/, "");
  for (const [role, pattern] of ROLE_PATTERNS) if (pattern.test(t)) return role;
  return null;
}

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

export function isTimelineHeader(cells: string[]): "three" | "two" | null {
  const [a = "", b = "", c = ""] = cells.map((c) => c.trim());
  const isTime = /^(?:time|when|timestamp)\b/i.test(a);
  if (!isTime) return null;
  if (cells.length === 3 && /status|phase|state/i.test(b) && /desc|event|what|detail/i.test(c)) return "three";
  if (cells.length === 2 && /event|desc|what|detail|action/i.test(b)) return "two";
  return null;
}

export function isServicesHeader(cells: string[]): boolean {
  if (cells.length !== 2) return false;
  const [a = "", b = ""] = cells;
  return /servic|product|system|component|feature|area/i.test(a) || /impact/i.test(b);
}

export function isActionItemsHeader(cells: string[]): boolean {
  return cells.length >= 1 && /action|item|task|remediation/i.test(cells[0] ?? "");
}

/** A two-column table whose header names services and their impact. */
export function isServicesTable(node: RootContent | undefined): node is Table {
  if (node?.type !== "table") return false;
  return isServicesHeader(headerCells(node));
}

export function headerCells(node: Table): string[] {
  return (node.children[0]?.children ?? []).map((cell) => lineText(cell.children));
}
