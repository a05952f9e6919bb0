import "server-only";
import { AppError, parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { changedFields } from "../audit/write";
import { runChange } from "../changes/run-change";
import type { ActionItem } from "../generated/prisma/client";
import { ACTION_ITEM_INCLUDE, auditSnapshot, toActionItemDto, type ActionItemDto } from "./dto";
import { resolveOwner } from "./owner";
import { reopenCompletedPostmortems } from "./reopen";
import { ZBulkUpdateActionItems, isClosedStatus } from "./schemas";

type Change = Pick<ActionItem, "status" | "wontDoReason" | "closedAt" | "owner" | "ownerId" | "ownerKey">;

/**
 * Change the status and/or owner of many items at once, all or nothing.
 * Bulk edits are last-write-wins (no `version`): they come from a person
 * looking at the current table. Closing keeps an earlier closedAt;
 * reopening clears it. Rows that would not change are left alone.
 */
export async function bulkUpdateActionItems({
  input,
  actor,
}: {
  input: unknown;
  actor: Actor;
}): Promise<{ updated: number; items: ActionItemDto[] }> {
  authorize(actor, "action_items.write");
  const { ids, status, wontDoReason, owner: ownerText, ownerId } = parseInput(ZBulkUpdateActionItems, input);
  const now = new Date();
  const rows = await runChange(actor, async (change) => {
    const { tx, audit, publish } = change;
    const current = await tx.actionItem.findMany({ where: { id: { in: ids }, incident: { deletedAt: null } } });
    if (current.length !== ids.length) {
      const found = new Set(current.map((r) => r.id));
      const missing = ids.filter((id) => !found.has(id));
      throw new AppError("not_found", `${missing.length} of the action items were not found`, {
        issues: [{ path: "ids", message: `not found: ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""}` }],
        details: { missing },
      });
    }
    const owner = await resolveOwner(tx, { owner: ownerText, ownerId });
    // Rows split by whether they were closed before: only that changes what they get.
    const plan = (wasClosed: boolean): Partial<Change> => ({
      ...owner,
      ...(status !== undefined
        ? {
            status,
            wontDoReason: status === "wont_do" ? (wontDoReason ?? null) : null,
            ...(isClosedStatus(status) ? (wasClosed ? {} : { closedAt: now }) : { closedAt: null }),
          }
        : {}),
    });
    const changes = current
      .map((row) => ({ row, patch: plan(isClosedStatus(row.status)) }))
      // ownerKey follows owner: it is not a change of its own.
      .map(({ row, patch: { ownerKey: _key, ...patch } }) => ({ row, patch, diff: changedFields(auditSnapshot(row), patch) }))
      .filter((c) => c.diff.changed);
    const wasClosed = changes.filter((c) => isClosedStatus(c.row.status)).map((c) => c.row.id);
    const wasOpen = changes.filter((c) => !isClosedStatus(c.row.status)).map((c) => c.row.id);
    await Promise.all(
      [
        { ids: wasClosed, data: plan(true) },
        { ids: wasOpen, data: plan(false) },
      ]
        .filter((g) => g.ids.length > 0)
        .map((g) => tx.actionItem.updateMany({ where: { id: { in: g.ids } }, data: { ...g.data, version: { increment: 1 } } })),
    );
    await audit(
      ...changes.map((c) => ({
        incidentId: c.row.incidentId,
        entity: "action_item" as const,
        entityId: c.row.id,
        action: "bulk_update" as const,
        before: c.diff.before,
        after: c.diff.after,
      })),
    );
    if (status !== undefined && !isClosedStatus(status)) {
      await reopenCompletedPostmortems(change, changes.filter((c) => isClosedStatus(c.row.status)).map((c) => c.row.incidentId));
    }
    // As for one item: the postmortems (and status site) that list them hear of it.
    for (const incidentId of new Set(changes.map((c) => c.row.incidentId))) publish(incidentId, { type: "postmortem", incidentId });
    const updated = await tx.actionItem.findMany({ where: { id: { in: ids } }, include: ACTION_ITEM_INCLUDE });
    return { updated: changes.length, rows: updated };
  });
  const order = new Map(ids.map((id, i) => [id, i]));
  const items = rows.rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)).map((r) => toActionItemDto(r, now));
  return { updated: rows.updated, items };
}
