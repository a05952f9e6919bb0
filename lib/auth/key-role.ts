import { lowerRole } from "./capabilities";
import { isRole, type Role } from "./actor";

/**
 * The role an API key acts with now, or null when it may not act at all:
 * revoked; or a personal key whose owner is deactivated or gone. A personal
 * key never has more than its owner's current role; a service key keeps
 * its own.
 */
export function effectiveKeyRole(
  key: { role: string; service: boolean; revokedAt: Date | null },
  owner: { role: string; banned: boolean } | null,
): Role | null {
  if (key.revokedAt || !isRole(key.role)) return null;
  if (key.service) return key.role;
  if (!owner || owner.banned || !isRole(owner.role)) return null;
  return lowerRole(key.role, owner.role);
}
