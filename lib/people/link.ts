import type { Tx } from "../db/client";
import type { Actor } from "../auth/actor";
import type { Prisma } from "../generated/prisma/client";
import { writeAuditMany } from "../audit/write";
import { ownerLinkEntry, roleHolderLinkEntry } from "./link-audit";
import { accountsNamedBy } from "./match";
import { personKey } from "./person-key";

/** Rows changed in one statement: well under every database's limit on bound values. */
const IDS_PER_STATEMENT = 500;

function slices<T>(list: T[], size = IDS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < list.length; at += size) out.push(list.slice(at, at + size));
  return out;
}

export type LinkOutcome = { actionItems: number; roleHolders: number };

type Account = { id: string; name: string; email: string };

/**
 * Free-text action-item owners and role holders that name `account` (its
 * name or email, compared by personKey) and no other account become
 * linked to it: they show its name from then on and count as its items
 * ("My items"). Called inside the transaction that creates or renames the
 * account, after its row (and nameKey) is written. Rows already linked to
 * someone are never moved, and a name two accounts share is left alone.
 * Each linked row gets an audit row; linked items get a new version.
 */
export async function linkFreeTextToAccount(tx: Tx, account: Account, actor: Actor): Promise<LinkOutcome> {
  const keys = [...new Set([personKey(account.name), account.email.toLowerCase()])].filter(Boolean);
  const matched = await accountsNamedBy(tx, keys);
  const mine = keys.filter((k) => matched.get(k)?.id === account.id);
  if (mine.length === 0) return { actionItems: 0, roleHolders: 0 };
  return {
    actionItems: await linkActionItems(tx, { ownerKey: { in: mine } }, account, actor),
    roleHolders: await linkRoleHolders(tx, { personKey: { in: mine } }, account, actor),
  };
}

/** Link the unlinked action items `where` selects to `account`. */
export async function linkActionItems(
  tx: Tx,
  where: Prisma.ActionItemWhereInput,
  account: { id: string; name: string },
  actor: Actor,
): Promise<number> {
  const items = await tx.actionItem.findMany({ where: { AND: [where, { ownerId: null }] }, select: { id: true, incidentId: true, owner: true } });
  for (const part of slices(items)) {
    await tx.actionItem.updateMany({
      where: { id: { in: part.map((i) => i.id) }, ownerId: null },
      data: { ownerId: account.id, owner: account.name, ownerKey: personKey(account.name), version: { increment: 1 } },
    });
    await writeAuditMany(tx, actor, part.map((i) => ownerLinkEntry(i, { userId: account.id, name: account.name })));
  }
  return items.length;
}

/** Link the free-text role holders `where` selects to `account`. */
export async function linkRoleHolders(
  tx: Tx,
  where: Prisma.IncidentRoleAssignmentWhereInput,
  account: { id: string; name: string },
  actor: Actor,
): Promise<number> {
  const holders = await tx.incidentRoleAssignment.findMany({
    where: { AND: [where, { userId: null }] },
    select: { id: true, incidentId: true, personName: true, role: { select: { key: true, name: true } } },
  });
  for (const part of slices(holders)) {
    await tx.incidentRoleAssignment.updateMany({
      where: { id: { in: part.map((h) => h.id) }, userId: null },
      data: { userId: account.id, personName: account.name, personKey: personKey(account.name) },
    });
    // Live viewers that reconnect take the newer roles.
    await tx.incident.updateMany({ where: { id: { in: [...new Set(part.map((h) => h.incidentId))] } }, data: { rolesVersion: { increment: 1 } } });
    await writeAuditMany(
      tx,
      actor,
      part.map((h) => roleHolderLinkEntry({ incidentId: h.incidentId, role: h.role.key, name: h.personName }, { userId: account.id, name: account.name })),
    );
  }
  return holders.length;
}
