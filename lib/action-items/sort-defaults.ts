import type { ActionItemSort } from "./schemas";

/** Soonest due first: what needs chasing. Shared by the service and the table URL. */
export const DEFAULT_SORT: ActionItemSort = "dueDate";
export const DEFAULT_DIR: "asc" | "desc" = "asc";
