import type { Tx } from "../db/client";
import type { Actor } from "../auth/actor";
import type { AuditEntry } from "./actions";

export type { AuditEntry } from "./actions";

/** The stored form of one audit entry by one actor. */
export function auditRow(actor: Actor, entry: AuditEntry) {
  return {
    actorId: actor.id,
    actorName: actor.name,
    incidentId: entry.incidentId ?? null,
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
}

/** Append one audit row; call inside the transaction that makes the change. */
export async function writeAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: auditRow(actor, entry) });
}

/**
 * Append several audit rows in one statement (bulk changes), inside the
 * transaction that makes the change.
 */
export async function writeAuditMany(tx: Tx, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.auditLog.createMany({ data: entries.map((entry) => auditRow(actor, entry)) });
}

/** The fields of `after` whose values differ from `before`, for compact audit rows. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const from: Record<string, unknown> = {};
  const to: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    const a = before[key];
    const b = after[key];
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : JSON.stringify(a) === JSON.stringify(b);
    if (!same) {
      from[key] = a;
      to[key] = b;
    }
  }
  return { before: from, after: to, changed: Object.keys(to).length > 0 };
}
