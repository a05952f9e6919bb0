import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Tx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { AppError, notFound, parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { changedFields } from "../audit/write";
import { runChange } from "../changes/run-change";
import { requireIncident, staleVersion } from "../changes/guards";
import type { ActionItem } from "../generated/prisma/client";
import { toDateString } from "./dates";
import { ACTION_ITEM_INCLUDE, auditSnapshot, toActionItemDto, type ActionItemDto, type ActionItemRow } from "./dto";
import { checkLinks } from "./links";
import { findActionItemPage, forActor, pageRequest } from "./query";
import { reopenCompletedPostmortems } from "./reopen";
import { resolveOwner } from "./owner";
import { ZCreateActionItem, ZListActionItems, ZUpdateActionItem, isClosedStatus } from "./schemas";

export type ActionItemList = { items: ActionItemDto[]; total: number; page: number; pageSize: number };

async function findItem(db: Tx, id: string): Promise<ActionItemRow> {
  const row = await db.actionItem.findFirst({ where: { id, incident: { deletedAt: null } }, include: ACTION_ITEM_INCLUDE });
  if (!row) throw notFound("Action item");
  return row;
}

/** The keys whose value is not undefined ("not given" is not "set to null"). */
function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** closedAt records when an item was first closed; reopening clears it. */
export function closedAtFor(before: { status: string; closedAt: Date | null } | null, nextStatus: string, now: Date): Date | null {
  if (!isClosedStatus(nextStatus)) return null;
  return before && isClosedStatus(before.status) ? (before.closedAt ?? now) : now;
}

/**
 * Add an action item to an incident, optionally linked to the timeline
 * entry or contributing factor it came from. Idempotent on the client-made
 * id: a retry returns the stored item with `created: false`.
 */
export async function createActionItem({ incidentId, input, actor }: { incidentId: string; input: unknown; actor: Actor }): Promise<{ item: ActionItemDto; created: boolean }> {
  authorize(actor, "action_items.write");
  const data = parseInput(ZCreateActionItem, input);
  const db = await getDb();
  const id = data.id ?? randomUUID();
  const stored = async () => {
    const row = await findItem(db, id);
    if (row.incidentId !== incidentId) {
      throw new AppError("conflict", "This action item id is already used in another incident", {
        issues: [{ path: "id", message: "already used in another incident" }],
      });
    }
    return { item: toActionItemDto(row), created: false };
  };
  if (data.id && (await db.actionItem.findUnique({ where: { id }, select: { id: true } }))) return stored();
  const now = new Date();
  const status = data.status ?? "open";
  try {
    const row = await runChange(actor, async (change) => {
      const { tx, audit, publish } = change;
      await requireIncident(tx, incidentId);
      await checkLinks(tx, incidentId, data);
      const owner = (await resolveOwner(tx, data)) ?? { owner: null, ownerId: null, ownerKey: null };
      const created = await tx.actionItem.create({
        data: {
          id,
          incidentId,
          title: data.title,
          description: data.description ?? "",
          ...owner,
          dueDate: data.dueDate ?? null,
          priority: data.priority ?? "medium",
          type: data.type ?? "prevent",
          status,
          wontDoReason: status === "wont_do" ? (data.wontDoReason ?? null) : null,
          externalUrl: data.externalUrl ?? null,
          timelineEventId: data.timelineEventId ?? null,
          contributingFactorId: data.contributingFactorId ?? null,
          createdById: actor.id,
          closedAt: closedAtFor(null, status, now),
        },
        include: ACTION_ITEM_INCLUDE,
      });
      const { incident: _i, contributingFactor: _c, ...plain } = created;
      await audit({ incidentId, entity: "action_item", entityId: id, action: "create", after: auditSnapshot(plain) });
      if (!isClosedStatus(status)) await reopenCompletedPostmortems(change, [incidentId]);
      // Action items are part of a published postmortem (the status site lists them by title).
      publish(incidentId, { type: "postmortem", incidentId });
      return created;
    });
    return { item: toActionItemDto(row), created: true };
  } catch (err) {
    // Two concurrent retries of one id: the loser answers with the winner's row.
    if (isUniqueViolation(err)) return stored();
    throw err;
  }
}

export async function getActionItem({ id, actor }: { id: string; actor: Actor }): Promise<ActionItemDto> {
  authorize(actor, "incidents.read");
  return toActionItemDto(await findItem(await getDb(), id));
}

/** Filtered, sorted, paged in SQL; `total` counts every match. */
export async function listActionItems({ query = {}, actor }: { query?: unknown; actor: Actor }): Promise<ActionItemList> {
  authorize(actor, "incidents.read");
  const q = forActor(parseInput(ZListActionItems, query), actor);
  const now = new Date();
  const req = pageRequest(q, now);
  const { rows, total } = await findActionItemPage(await getDb(), req);
  return { items: rows.map((r) => toActionItemDto(r, now)), total, page: req.page, pageSize: req.take };
}

/**
 * Edit an item with optimistic concurrency (`version`, 409 when stale).
 * Closing sets closedAt, reopening clears it; won't do needs a reason.
 */
export async function updateActionItem({ id, input, actor }: { id: string; input: unknown; actor: Actor }): Promise<ActionItemDto> {
  authorize(actor, "action_items.write");
  const { version, ...fields } = parseInput(ZUpdateActionItem, input);
  const row = await runChange(actor, async (change) => {
    const { tx, audit, publish } = change;
    const current = await findItem(tx, id);
    if (current.version !== version) throw staleVersion("action item", toActionItemDto(current));
    const status = fields.status ?? current.status;
    const reason = fields.wontDoReason === undefined ? current.wontDoReason : fields.wontDoReason;
    if (status === "wont_do" && !reason) {
      throw new AppError("validation_failed", "Invalid input — wontDoReason: is required when status is wont_do", {
        issues: [{ path: "wontDoReason", message: "is required when status is wont_do" }],
      });
    }
    if (status !== "wont_do" && fields.wontDoReason) {
      throw new AppError("validation_failed", "Invalid input — wontDoReason: is only allowed when status is wont_do", {
        issues: [{ path: "wontDoReason", message: "is only allowed when status is wont_do" }],
      });
    }
    await checkLinks(tx, current.incidentId, fields);
    const owner = await resolveOwner(tx, fields, current.ownerId);
    const patch: Partial<ActionItem> = {
      ...owner,
      ...definedOnly({
        title: fields.title,
        description: fields.description,
        dueDate: fields.dueDate,
        priority: fields.priority,
        type: fields.type,
        status: fields.status,
        externalUrl: fields.externalUrl,
        timelineEventId: fields.timelineEventId,
        contributingFactorId: fields.contributingFactorId,
      }),
      wontDoReason: status === "wont_do" ? reason : null,
      closedAt: closedAtFor(current, status, new Date()),
    };
    const { incident: _i, contributingFactor: _c, ...plain } = current;
    // ownerKey follows owner: it is not a change of its own.
    const { dueDate, ownerKey: _key, ...rest } = patch;
    const diff = changedFields(auditSnapshot(plain), {
      ...rest,
      ...(dueDate !== undefined ? { dueDate: dueDate ? toDateString(dueDate) : null } : {}),
    });
    if (!diff.changed) return current;
    const updated = await tx.actionItem.updateMany({ where: { id, version }, data: { ...patch, version: { increment: 1 } } });
    if (updated.count === 0) throw staleVersion("action item");
    await audit({ incidentId: current.incidentId, entity: "action_item", entityId: id, action: "update", before: diff.before, after: diff.after });
    if (isClosedStatus(current.status) && !isClosedStatus(status)) await reopenCompletedPostmortems(change, [current.incidentId]);
    publish(current.incidentId, { type: "postmortem", incidentId: current.incidentId });
    return findItem(tx, id);
  });
  return toActionItemDto(row);
}
