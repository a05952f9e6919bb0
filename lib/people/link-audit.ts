import type { AuditEntry } from "../audit/write";

/** The account a written name is linked to, and the name shown from then on. */
export type NameLink = { userId: string; name: string };

/**
 * The audit rows of a written name linked to an account: the same whether
 * the link is made as an account is created or renamed (link.ts) or by the
 * start-up backfill (backfill.ts).
 */
export function ownerLinkEntry(item: { id: string; incidentId: string; owner: string | null }, link: NameLink): AuditEntry {
  return {
    incidentId: item.incidentId,
    entity: "action_item",
    entityId: item.id,
    action: "link_owner",
    before: { owner: item.owner, ownerId: null },
    after: { owner: link.name, ownerId: link.userId },
  };
}

/** A role holder's name linked to an account (`role`: the role's key). */
export function roleHolderLinkEntry(holder: { incidentId: string; role: string; name: string }, link: NameLink): AuditEntry {
  return {
    incidentId: holder.incidentId,
    entity: "incident",
    entityId: holder.incidentId,
    action: "link_role_holder",
    before: { role: holder.role, holder: holder.name, userId: null },
    after: { role: holder.role, holder: link.name, userId: link.userId },
  };
}
