import { LIMITS } from "../validation";
import { ACTION_ITEM_LIMITS } from "./schemas";

/** What the "new action item" dialog starts with. */
export type ActionItemDefaults = {
  title: string;
  description: string;
  timelineEventId?: string;
  contributingFactorId?: string;
};

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

/**
 * An item from a timeline entry: the first line (without Markdown markers)
 * becomes the title, the whole entry the description.
 */
export function defaultsFromTimelineEntry(entry: { id: string; body: string }): ActionItemDefaults {
  const firstLine = entry.body.split(/\r?\n/).find((l) => l.trim()) ?? "";
  const title = firstLine.replace(/^\s*(?:[#>*+-]+|\d+[.)])\s*/, "").replace(/\s+/g, " ").trim();
  return {
    title: clip(title || "Follow up on timeline entry", LIMITS.titleMax),
    description: clip(entry.body.trim(), ACTION_ITEM_LIMITS.descriptionMax),
    timelineEventId: entry.id,
  };
}

/** An item from a contributing factor: "Address: <factor>" and its description. */
export function defaultsFromContributingFactor(factor: { id: string; title: string; description?: string }): ActionItemDefaults {
  return {
    title: clip(`Address: ${factor.title.replace(/\s+/g, " ").trim()}`, LIMITS.titleMax),
    description: clip((factor.description ?? "").trim(), ACTION_ITEM_LIMITS.descriptionMax),
    contributingFactorId: factor.id,
  };
}
