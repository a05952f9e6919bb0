import { MILESTONES, MILESTONE_LABELS, type Milestone } from "@/lib/timeline/schemas";
import { ENTRY_KINDS, type EntryKind } from "@/lib/timeline/parse-entry";

export { ENTRY_KINDS, MILESTONES, MILESTONE_LABELS, type EntryKind, type Milestone };

export const KIND_LABELS: Record<string, string> = {
  note: "Note",
  action: "Action",
  decision: "Decision",
  communication: "Communication",
  alert: "Alert",
  status_change: "Status change",
};

/** The prefix that picks each kind in the entry box (see lib/timeline/parse-entry.ts). */
export const KIND_PREFIX: Record<EntryKind, string> = {
  note: "n:",
  action: "a:",
  decision: "d:",
  communication: "c:",
  alert: "!",
};

export const KIND_STYLES: Record<string, string> = {
  note: "bg-zinc-200 text-zinc-800 dark:bg-zinc-700 dark:text-zinc-100",
  action: "bg-sky-200 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  decision: "bg-violet-200 text-violet-900 dark:bg-violet-900 dark:text-violet-100",
  communication: "bg-teal-200 text-teal-900 dark:bg-teal-900 dark:text-teal-100",
  alert: "bg-red-200 text-red-900 dark:bg-red-900 dark:text-red-100",
  status_change: "bg-amber-200 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
};

/** Alt+<letter> in the entry box posts the entry as this milestone (matched on e.code, layout-proof). */
export const MILESTONE_KEYS: Record<Milestone, { code: string; key: string }> = {
  impact_start: { code: "KeyI", key: "I" },
  detected: { code: "KeyD", key: "D" },
  mitigated: { code: "KeyM", key: "M" },
  resolved: { code: "KeyR", key: "R" },
};

export const MILESTONE_NAMES: Record<string, string> = {
  impact_start: "Impact starts",
  detected: "Detected",
  mitigated: "Mitigated",
  resolved: "Resolved",
};
