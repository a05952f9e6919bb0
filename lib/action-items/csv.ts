import "server-only";
import { getDb } from "../db/client";
import { parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { ACTION_ITEM_COLUMNS } from "./columns";
import { ACTION_PRIORITY_LABELS, ACTION_STATUS_LABELS, ACTION_TYPE_LABELS } from "./labels";
import { toActionItemDto, type ActionItemDto } from "./dto";
import { findActionItemPage, forActor, pageRequest } from "./query";
import { ACTION_ITEM_LIMITS, ZExportActionItems, type ActionItemSort } from "./schemas";

type Cell = string | number | null;

// A spreadsheet runs a cell that starts like a formula (CSV injection); a
// leading apostrophe makes it text. Tab and CR count too (OWASP).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: formula-safe, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: Cell): string {
  if (value === null) return "";
  let s = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows to CSV text with CRLF line ends (RFC 4180). */
export function toCsv(rows: Cell[][]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

const CELL: Record<ActionItemSort, (i: ActionItemDto) => Cell> = {
  title: (i) => i.title,
  incident: (i) => i.incident.key,
  severity: (i) => i.incident.severity,
  owner: (i) => i.owner,
  dueDate: (i) => i.dueDate,
  priority: (i) => ACTION_PRIORITY_LABELS[i.priority] ?? i.priority,
  type: (i) => ACTION_TYPE_LABELS[i.type] ?? i.type,
  status: (i) => ACTION_STATUS_LABELS[i.status] ?? i.status,
  age: (i) => i.ageDays,
};

/** The table's visible columns as CSV, with the id first and the overdue flag, URL and reason after. */
export function actionItemsToCsv(items: ActionItemDto[], hidden: readonly string[] = []): string {
  const columns = ACTION_ITEM_COLUMNS.filter((c) => !hidden.includes(c.id));
  const header: Cell[] = ["ID", ...columns.map((c) => c.label), "Overdue", "Link", "Won't do reason"];
  const body = items.map((i): Cell[] => [
    i.id,
    ...columns.map((c) => CELL[c.id](i)),
    i.overdue ? "yes" : "no",
    i.externalUrl,
    i.wontDoReason,
  ]);
  return toCsv([header, ...body]);
}

/**
 * Every item matching the list query (paging ignored), in its sort order,
 * up to ACTION_ITEM_LIMITS.exportMax rows; `total` tells whether it was cut.
 */
export async function exportActionItemsCsv({ query = {}, actor }: { query?: unknown; actor: Actor }) {
  authorize(actor, "incidents.read");
  const { cols, page: _page, pageSize: _size, ...q } = parseInput(ZExportActionItems, query);
  const now = new Date();
  const req = pageRequest(forActor({ ...q, page: 1, pageSize: ACTION_ITEM_LIMITS.exportMax }, actor), now, ACTION_ITEM_LIMITS.exportMax);
  const { rows, total } = await findActionItemPage(await getDb(), req);
  const items = rows.map((r) => toActionItemDto(r, now));
  return { csv: actionItemsToCsv(items, cols ?? []), rows: items.length, total };
}
