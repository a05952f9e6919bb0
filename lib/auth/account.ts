import "server-only";
import { getDb } from "../db/client";
import { AppError, notFound, parseInput } from "../errors";
import { writeAudit } from "../audit/write";
import { runChange } from "../changes/run-change";
import { loadRolesOfIncidents } from "../incident-roles/assignments";
import type { Actor } from "./actor";
import { QueueFullError } from "./fair-queue";
import { closeLiveStreams } from "./live-access";
import { verifyPassword } from "./password-hash";
import { consumeAttempt } from "./attempt-limit";
import { hashOrBusy, toUserDto, type UserDto } from "./users";
import { linkFreeTextToAccount } from "../people/link";
import { personKey } from "../people/person-key";
import { ZChangeOwnPassword, ZUpdateOwnProfile } from "./schemas";

/**
 * What signed-in people change about themselves: their name and their
 * password. Debrief answers better-auth's own endpoints for these
 * (POST /api/auth/update-user and /api/auth/change-password, see
 * auth-endpoint.ts) so that the same limits as everywhere else apply and
 * the change and its audit row share one transaction.
 */
function sessionUser(actor: Actor): { userId: string; sessionId: string } {
  if (actor.kind !== "user" || actor.credential?.kind !== "session") {
    throw new AppError("forbidden", "Only a signed-in person can change their own account (not an API key)");
  }
  return { userId: actor.id, sessionId: actor.credential.id };
}

/** The signed-in person's own account. */
export async function getOwnAccount({ actor }: { actor: Actor }): Promise<UserDto> {
  const { userId } = sessionUser(actor);
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound("User");
  return toUserDto(user);
}

/**
 * How many incidents (those where the person was given a role most
 * recently) are told of a rename at once. Bounded, so a rename costs the
 * same for someone who led hundreds of incidents; the page of an older one
 * shows the new name when it is next opened.
 */
const RENAME_LIVE_INCIDENTS = 50;

export async function updateOwnProfile({ input, actor }: { input: unknown; actor: Actor }): Promise<UserDto> {
  const { userId } = sessionUser(actor);
  const { name } = parseInput(ZUpdateOwnProfile, input);
  const user = await runChange(actor, async ({ tx, audit, publish }) => {
    const before = await tx.user.findUnique({ where: { id: userId } });
    if (!before) throw notFound("User");
    if (before.name === name) return before;
    const nameKey = personKey(name);
    const after = await tx.user.update({ where: { id: userId }, data: { name, nameKey } });
    // Their items and roles show their name: it follows the rename.
    await tx.actionItem.updateMany({ where: { ownerId: userId }, data: { owner: name, ownerKey: nameKey } });
    await tx.incidentRoleAssignment.updateMany({ where: { userId }, data: { personName: name, personKey: nameKey } });
    await audit({ entity: "user", entityId: userId, action: "update", before: { name: before.name }, after: { name } });
    // Free text written with the new name (and only this account's) becomes theirs.
    await linkFreeTextToAccount(tx, after, actor);
    // Open incident pages show who holds each role: they hear of the new name (a newer roles version).
    const held = await tx.incidentRoleAssignment.findMany({
      where: { userId, incident: { deletedAt: null } },
      select: { incidentId: true },
      orderBy: { assignedAt: "desc" },
      take: RENAME_LIVE_INCIDENTS,
    });
    const incidentIds = [...new Set(held.map((h) => h.incidentId))];
    if (incidentIds.length) {
      await tx.incident.updateMany({ where: { id: { in: incidentIds } }, data: { rolesVersion: { increment: 1 } } });
      for (const roles of await loadRolesOfIncidents(tx, incidentIds)) publish(roles.incidentId, { type: "roles", roles });
    }
    return after;
  });
  return toUserDto(user);
}

const PASSWORD_CHANGES = { max: 5, windowMs: 60_000 };

/**
 * Change one's own password, proving the current one. Every other session
 * of the user is signed out (and its live streams closed); this one stays.
 */
export async function changeOwnPassword({ input, actor }: { input: unknown; actor: Actor }): Promise<{ signedOutSessions: number }> {
  const { userId, sessionId } = sessionUser(actor);
  await consumeAttempt("own-password", PASSWORD_CHANGES, userId, "password change attempts");
  const { currentPassword, newPassword } = parseInput(ZChangeOwnPassword, input);
  if (currentPassword === newPassword) {
    throw new AppError("validation_failed", "The new password must differ from the current one", {
      issues: [{ path: "newPassword", message: "must differ from the current password" }],
    });
  }
  const db = await getDb();
  const account = await db.account.findFirst({ where: { userId, providerId: "credential" }, select: { id: true, password: true } });
  if (!account?.password) throw new AppError("conflict", "This account has no password to change");
  let matches: boolean;
  try {
    matches = await verifyPassword({ hash: account.password, password: currentPassword });
  } catch (err) {
    if (err instanceof QueueFullError) throw new AppError("rate_limited", "The server is busy checking passwords; try again in a few seconds");
    throw err;
  }
  if (!matches) {
    throw new AppError("forbidden", "The current password is wrong", { issues: [{ path: "currentPassword", message: "is not your current password" }] });
  }
  // Hashed before the transaction: no write lock is held while scrypt runs.
  const hash = await hashOrBusy(newPassword);
  const others = await db.$transaction(async (tx) => {
    // Only if nobody changed it since it was checked above.
    const { count } = await tx.account.updateMany({ where: { id: account.id, password: account.password }, data: { password: hash } });
    if (count === 0) throw new AppError("conflict", "The password was changed by another request just now; sign in again");
    const sessions = await tx.session.findMany({ where: { userId, id: { not: sessionId } }, select: { id: true } });
    await tx.session.deleteMany({ where: { id: { in: sessions.map((s) => s.id) } } });
    await writeAudit(tx, actor, { entity: "user", entityId: userId, action: "change_password", after: { signedOutSessions: sessions.length } });
    return sessions.map((s) => s.id);
  });
  for (const id of others) closeLiveStreams({ credential: { kind: "session", id } }, "signed out");
  return { signedOutSessions: others.length };
}
