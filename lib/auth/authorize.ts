import { AppError } from "../errors";
import type { Actor, Role } from "./actor";

/** What each role may do. The one place permissions are decided. */
const RANK: Record<Role, number> = { viewer: 0, responder: 1, admin: 2 };

/** The lower of two roles (an API key acts with at most its owner's role). */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}

export function roleAtLeast(role: Role, other: Role): boolean {
  return RANK[role] >= RANK[other];
}

export type Permission = "read" | "write" | "admin";
const NEEDS: Record<Permission, Role> = { read: "viewer", write: "responder", admin: "admin" };

export function can(actor: Actor, permission: Permission): boolean {
  return RANK[actor.role] >= RANK[NEEDS[permission]];
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new AppError("forbidden", `Your role (${actor.role}) may not ${permission}`);
  }
}
