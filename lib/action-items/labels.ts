/** How an action item's fields read to people (table, forms, CSV): the one label table of the action-items area. */
export const ACTION_STATUS_LABELS: Record<string, string> = {
  open: "Open",
  in_progress: "In progress",
  blocked: "Blocked",
  done: "Done",
  wont_do: "Won't do",
};

export const ACTION_TYPE_LABELS: Record<string, string> = {
  prevent: "Prevent",
  mitigate: "Mitigate",
  detect: "Detect",
  process: "Process",
};

export const ACTION_PRIORITY_LABELS: Record<string, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: "Urgent",
};
