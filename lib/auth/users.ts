import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "../db/client";
import { databaseUrl } from "../db/url";
import { isUniqueViolation } from "../db/errors";
import { AppError, notFound, parseInput } from "../errors";
import { writeAudit } from "../audit/write";
import { authorize, authorizeForAccount } from "./authorize";
import { SIGN_OUT_EVERYWHERE } from "./capabilities";
import { runChange } from "../changes/run-change";
import { roleAtLeast } from "./capabilities";
import { isRole, type Actor, type Role } from "./actor";
import { forgetApiKeyCache } from "./api-keys";
import { linkFreeTextToAccount } from "../people/link";
import { personKey } from "../people/person-key";
import { QueueFullError } from "./fair-queue";
import { closeLiveStreams } from "./live-access";
import { hashPassword } from "./password-hash";
import { consumeAttempt } from "./attempt-limit";
import { forgetSetupCode, setupCodeMatches } from "./setup-code";
import { ZCreateUser, ZSetUserRole, ZSetupAdmin } from "./schemas";

export type UserDto = { id: string; name: string; email: string; role: Role; banned: boolean; createdAt: Date };

export function toUserDto(u: { id: string; name: string; email: string; role: string; banned: boolean; createdAt: Date }): UserDto {
  return { id: u.id, name: u.name, email: u.email, role: isRole(u.role) ? u.role : "viewer", banned: u.banned, createdAt: u.createdAt };
}

// Once a user exists the instance is set up for good (accounts are
// deactivated, never deleted), so later setup requests cost no query.
const globalForSetup = globalThis as unknown as { __debriefSetUp?: Set<string> };

/** True until the first admin exists: the app then shows the setup page. */
export async function needsSetup(): Promise<boolean> {
  const setUp = (globalForSetup.__debriefSetUp ??= new Set());
  const url = databaseUrl();
  if (setUp.has(url)) return false;
  const db = await getDb();
  const empty = (await db.user.count()) === 0;
  if (!empty) setUp.add(url);
  return empty;
}

/** A password hash, or a 429 when the server already has too many to compute. */
export async function hashOrBusy(password: string): Promise<string> {
  try {
    return await hashPassword(password);
  } catch (err) {
    if (err instanceof QueueFullError) throw new AppError("rate_limited", "The server is busy checking passwords; try again in a few seconds");
    throw err;
  }
}

async function insertUser(
  input: { email: string; name: string; password: string; role: Role },
  actor: Actor,
  onlyIfNoUsers: boolean,
): Promise<UserDto> {
  // Hashed before the transaction: the write lock is never held while
  // scrypt runs. The user, its credential and the audit row share one
  // transaction.
  const hash = await hashOrBusy(input.password);
  const db = await getDb();
  const id = randomUUID();
  try {
    const user = await db.$transaction(async (tx) => {
      if (onlyIfNoUsers && (await tx.user.count()) > 0) {
        throw new AppError("conflict", "This instance is already set up; sign in instead");
      }
      const created = await tx.user.create({
        data: { id, email: input.email, name: input.name, nameKey: personKey(input.name), role: input.role, emailVerified: true },
      });
      await tx.account.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: hash } });
      await writeAudit(tx, actor, { entity: "user", entityId: id, action: "create", after: { email: input.email, name: input.name, role: input.role } });
      // Items and roles already written with this person's name or email become theirs.
      await linkFreeTextToAccount(tx, created, actor);
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

/** Where a setup request came from (lib/auth/request-origin.ts). */
export type SetupClient = { address: string; local: boolean };

const SETUP_ATTEMPTS = { max: 5, windowMs: 60_000 };

/**
 * The first visitor of a fresh install becomes its admin. Cheap refusals
 * come first (too many attempts, already set up, bad input, wrong setup
 * code); only then is the password hashed.
 */
export async function setupFirstAdmin({ input, client }: { input: unknown; client: SetupClient }): Promise<UserDto> {
  await consumeAttempt("setup", SETUP_ATTEMPTS, client.address || "unknown", "setup attempts");
  if (!(await needsSetup())) throw new AppError("conflict", "This instance is already set up; sign in instead");
  const data = parseInput(ZSetupAdmin, input);
  if (!client.local) {
    const where = "It is printed in the server's log when Debrief starts (\"First-run setup code: …\")";
    if (!data.setupCode) {
      throw new AppError("forbidden", `Enter the setup code to set up this instance from another machine. ${where}.`, {
        issues: [{ path: "setupCode", message: "is required when setting up from another machine" }],
      });
    }
    if (!setupCodeMatches(data.setupCode)) {
      throw new AppError("forbidden", `The setup code is wrong. ${where}; a restart prints a new one.`, {
        issues: [{ path: "setupCode", message: "does not match the code in the server log" }],
      });
    }
  }
  const actor: Actor = { id: "setup", name: data.name, role: "admin", kind: "system" };
  const user = await insertUser({ email: data.email, name: data.name, password: data.password, role: "admin" }, actor, true);
  forgetSetupCode();
  return user;
}

export async function createUser({ input, actor }: { input: unknown; actor: Actor }): Promise<UserDto> {
  authorize(actor, "users.manage");
  return insertUser(parseInput(ZCreateUser, input), actor, false);
}

export async function listUsers({ actor }: { actor: Actor }): Promise<UserDto[]> {
  authorize(actor, "users.manage");
  const db = await getDb();
  const users = await db.user.findMany({ orderBy: { createdAt: "asc" } });
  return users.map(toUserDto);
}

const lastAdmin = (path: string, what: string) =>
  new AppError("conflict", `The last active admin cannot ${what}`, { issues: [{ path, message: "last active admin" }] });

export async function setUserRole({ userId, input, actor }: { userId: string; input: unknown; actor: Actor }): Promise<UserDto> {
  authorize(actor, "users.manage");
  const { role } = parseInput(ZSetUserRole, input);
  const db = await getDb();
  const { before, after } = await db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId } });
    if (!before) throw notFound("User");
    if (before.role === "admin" && !before.banned && role !== "admin") {
      const others = await tx.user.count({ where: { role: "admin", banned: false, id: { not: userId } } });
      if (others === 0) throw lastAdmin("role", "lose the admin role");
    }
    const after = await tx.user.update({ where: { id: userId }, data: { role } });
    await writeAudit(tx, actor, { entity: "user", entityId: userId, action: "set_role", before: { role: before.role }, after: { role } });
    return { before, after };
  });
  // Their API keys act with at most the new role from the next request on.
  forgetApiKeyCache();
  if (isRole(before.role) && !roleAtLeast(role, before.role)) closeLiveStreams({ userId }, "role lowered");
  return toUserDto(after);
}

/**
 * Deactivate (`active: false`) or reactivate an account. A deactivated user
 * cannot sign in, is signed out everywhere, and their personal API keys
 * stop working until they are reactivated.
 */
export async function setUserActive({ userId, active, actor }: { userId: string; active: boolean; actor: Actor }): Promise<UserDto> {
  authorize(actor, "users.manage");
  if (!active && actor.kind === "user" && actor.id === userId) {
    throw new AppError("conflict", "You cannot deactivate your own account; ask another admin");
  }
  const db = await getDb();
  const user = await db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId } });
    if (!before) throw notFound("User");
    if (before.banned === !active) return before;
    if (!active && before.role === "admin") {
      const others = await tx.user.count({ where: { role: "admin", banned: false, id: { not: userId } } });
      if (others === 0) throw lastAdmin("active", "be deactivated");
    }
    const after = await tx.user.update({ where: { id: userId }, data: { banned: !active } });
    const { count } = active ? { count: 0 } : await tx.session.deleteMany({ where: { userId } });
    await writeAudit(tx, actor, {
      entity: "user",
      entityId: userId,
      action: active ? "reactivate" : "deactivate",
      before: { active: !before.banned },
      after: active ? { active } : { active, signedOutSessions: count },
    });
    return after;
  });
  forgetApiKeyCache();
  if (!active) closeLiveStreams({ userId }, "account deactivated");
  return toUserDto(user);
}

/** Sign a user out everywhere. */
export async function revokeUserSessions({ userId, actor }: { userId: string; actor: Actor }): Promise<{ revoked: number }> {
  // Anyone may sign themselves out everywhere; only admins someone else (the route's rule says the same).
  authorizeForAccount(actor, SIGN_OUT_EVERYWHERE, userId);
  return runChange(actor, async ({ tx, audit, afterCommit }) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw notFound("User");
    const sessions = await tx.session.findMany({ where: { userId }, select: { id: true } });
    const { count } = await tx.session.deleteMany({ where: { userId } });
    await audit({ entity: "user", entityId: userId, action: "revoke_sessions", after: { revoked: count } });
    afterCommit(() => {
      for (const { id } of sessions) closeLiveStreams({ credential: { kind: "session", id } }, "signed out");
    });
    return { revoked: count };
  });
}
