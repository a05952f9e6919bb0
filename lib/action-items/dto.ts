import type { ActionItem } from "../generated/prisma/client";
import { incidentKey } from "../incidents/dto";
import { isClosedStatus } from "./schemas";
import { daysBetween, startOfUtcDay, toDateString } from "./dates";

/** What every action-item read selects besides its own columns. */
export const ACTION_ITEM_INCLUDE = {
  incident: { select: { number: true, severity: true, title: true } },
  contributingFactor: { select: { title: true } },
} as const;

export type ActionItemRow = ActionItem & {
  incident: { number: number; severity: string; title: string };
  contributingFactor: { title: string } | null;
};

export type ActionItemDto = Omit<ActionItem, "dueDate" | "ownerKey"> & {
  /** A calendar day, "2026-03-10". */
  dueDate: string | null;
  incident: { number: number; key: string; severity: string; title: string };
  contributingFactorTitle: string | null;
  /** Still open and its due day has passed (UTC). */
  overdue: boolean;
  /** Whole days since it was created. */
  ageDays: number;
};

export function isOverdue(row: { status: string; dueDate: Date | null }, now: Date): boolean {
  return !isClosedStatus(row.status) && row.dueDate !== null && row.dueDate < startOfUtcDay(now);
}

export function toActionItemDto(row: ActionItemRow, now: Date = new Date()): ActionItemDto {
  const { incident, contributingFactor, dueDate, ownerKey: _key, ...rest } = row;
  return {
    ...rest,
    dueDate: dueDate ? toDateString(dueDate) : null,
    incident: { ...incident, key: incidentKey(incident.number) },
    contributingFactorTitle: contributingFactor?.title ?? null,
    overdue: isOverdue(row, now),
    ageDays: Math.max(0, daysBetween(row.createdAt, now)),
  };
}

/** The stored fields an audit row records (no joins, dates as ISO, no match key). */
export function auditSnapshot(row: ActionItem) {
  const { ownerKey: _key, ...rest } = row;
  return { ...rest, dueDate: row.dueDate ? toDateString(row.dueDate) : null };
}
