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
