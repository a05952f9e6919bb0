import type { ActionItemSort } from "./schemas";

/**
 * The columns of the action-item table, in order; the CSV export uses the
 * same ones. Every column sorts (its id is its sort key) and can be hidden.
 */
export const ACTION_ITEM_COLUMNS: ReadonlyArray<{ id: ActionItemSort; label: string }> = [
  { id: "title", label: "Title" },
  { id: "incident", label: "Incident" },
  { id: "severity", label: "Severity" },
  { id: "owner", label: "Owner" },
  { id: "dueDate", label: "Due" },
  { id: "priority", label: "Priority" },
  { id: "type", label: "Type" },
  { id: "status", label: "Status" },
  { id: "age", label: "Age (days)" },
];

export const STATUS_LABELS: Record<string, string> = {
  open: "Open",
  in_progress: "In progress",
  blocked: "Blocked",
  done: "Done",
  wont_do: "Won't do",
};

export const TYPE_LABELS: Record<string, string> = {
  prevent: "Prevent",
  mitigate: "Mitigate",
  detect: "Detect",
  process: "Process",
};

export const PRIORITY_LABELS: Record<string, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: "Urgent",
};
