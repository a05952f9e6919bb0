import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { AppError, notFound, parseInput } from "../errors";
import { writeAudit } from "../audit";
import { auth } from "./better-auth";
import { authorize } from "./authorize";
import { isRole, type Actor, type Role } from "./actor";
import { ZCreateUser, ZSetUserRole, ZSetupAdmin } from "./schemas";

export type UserDto = { id: string; name: string; email: string; role: Role; banned: boolean; createdAt: Date };

function toUserDto(u: { id: string; name: string; email: string; role: string; banned: boolean; createdAt: Date }): UserDto {
  return { id: u.id, name: u.name, email: u.email, role: isRole(u.role) ? u.role : "viewer", banned: u.banned, createdAt: u.createdAt };
}

/** True until the first admin exists: the app then shows the setup page. */
export async function needsSetup(): Promise<boolean> {
  const db = await getDb();
  return (await db.user.count()) === 0;
}

async function insertUser(
  input: { email: string; name: string; password: string; role: Role },
  actor: Actor,
  onlyIfNoUsers: boolean,
): Promise<UserDto> {
  // The library hashes (scrypt); the rows are written here so that the user,
  // its credential and the audit row share one transaction.
  const ctx = await auth().$context;
  const hash = await ctx.password.hash(input.password);
  const db = await getDb();
  const id = randomUUID();
  try {
    const user = await db.$transaction(async (tx) => {
      if (onlyIfNoUsers && (await tx.user.count()) > 0) {
        throw new AppError("conflict", "This instance is already set up; sign in instead");
      }
      const created = await tx.user.create({ data: { id, email: input.email, name: input.name, role: input.role, emailVerified: true } });
      await tx.account.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: hash } });
      await writeAudit(tx, actor, { entity: "user", entityId: id, action: "create", after: { email: input.email, name: input.name, role: input.role } });
      return created;
    });
    return toUserDto(user);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError("conflict", "A user with this email already exists", { issues: [{ path: "email", message: "already exists" }] });
    }
    throw err;
  }
}

/** The first visitor of a fresh install becomes its admin. */
export async function setupFirstAdmin({ input }: { input: unknown }): Promise<UserDto> {
  const data = parseInput(ZSetupAdmin, input);
  const actor: Actor = { id: "setup", name: data.name, role: "admin", kind: "system" };
  return insertUser({ ...data, role: "admin" }, actor, true);
}

export async function createUser({ input, actor }: { input: unknown; actor: Actor }): Promise<UserDto> {
  authorize(actor, "admin");
  return insertUser(parseInput(ZCreateUser, input), actor, false);
}

export async function listUsers({ actor }: { actor: Actor }): Promise<UserDto[]> {
  authorize(actor, "admin");
  const db = await getDb();
  const users = await db.user.findMany({ orderBy: { createdAt: "asc" } });
  return users.map(toUserDto);
}

export async function setUserRole({ userId, input, actor }: { userId: string; input: unknown; actor: Actor }): Promise<UserDto> {
  authorize(actor, "admin");
  const { role } = parseInput(ZSetUserRole, input);
  const db = await getDb();
  const user = await db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId } });
    if (!before) throw notFound("User");
    if (before.role === "admin" && role !== "admin" && (await tx.user.count({ where: { role: "admin", banned: false } })) <= 1) {
      throw new AppError("conflict", "The last admin cannot lose the admin role", { issues: [{ path: "role", message: "last admin" }] });
    }
    const after = await tx.user.update({ where: { id: userId }, data: { role } });
    await writeAudit(tx, actor, { entity: "user", entityId: userId, action: "set_role", before: { role: before.role }, after: { role } });
    return after;
  });
  return toUserDto(user);
}

/** Sign a user out everywhere. */
export async function revokeUserSessions({ userId, actor }: { userId: string; actor: Actor }): Promise<{ revoked: number }> {
  if (actor.id !== userId) authorize(actor, "admin");
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw notFound("User");
    const { count } = await tx.session.deleteMany({ where: { userId } });
    await writeAudit(tx, actor, { entity: "user", entityId: userId, action: "revoke_sessions", after: { revoked: count } });
    return { revoked: count };
  });
}
