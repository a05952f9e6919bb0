import type { Tx } from "../db/client";
import { AppError } from "../errors";
import { accountNamedBy } from "../people/match";
import { personKey } from "../people/person-key";

export type OwnerFields = { owner: string | null; ownerId: string | null; ownerKey: string | null };

const invalid = (path: string, message: string) => new AppError("validation_failed", `Invalid input — ${path}: ${message}`, { issues: [{ path, message }] });

/**
 * What the owner fields of a write mean, as the columns to store:
 * - `ownerId`: that account, shown (and exported) by its current name;
 * - `owner` (text): the one account it names (name or email, ignoring case
 *   and spacing), else free text for someone without an account;
 * - either set to null (the other absent or null): nobody;
 * - neither given: undefined, nothing changes.
 * A deactivated account cannot be given new work by id; `keepId` (the
 * item's current owner) may stay.
 */
export async function resolveOwner(
  tx: Tx,
  input: { owner?: string | null; ownerId?: string | null },
  keepId: string | null = null,
): Promise<OwnerFields | undefined> {
  const { owner, ownerId } = input;
  if (ownerId != null && owner != null) throw invalid("ownerId", "give owner (a name) or ownerId (an account), not both");
  if (ownerId != null) {
    const user = await tx.user.findUnique({ where: { id: ownerId }, select: { id: true, name: true, banned: true } });
    if (!user) throw invalid("ownerId", "no account has this id");
    if (user.banned && user.id !== keepId) throw invalid("ownerId", "this account is deactivated");
    return { owner: user.name, ownerId: user.id, ownerKey: personKey(user.name) };
  }
  if (owner != null) {
    const account = await accountNamedBy(tx, owner);
    return account ? { owner: account.name, ownerId: account.id, ownerKey: personKey(account.name) } : { owner, ownerId: null, ownerKey: personKey(owner) };
  }
  if (owner === null || ownerId === null) return { owner: null, ownerId: null, ownerKey: null };
  return undefined;
}
