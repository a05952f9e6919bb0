import "server-only";
import { getDb, type Db } from "../db/client";
import type { Actor } from "../auth/actor";
import { BUILT_IN_ROLE_ID, ensureBuiltInRoles } from "../incident-roles/built-in";
import { linkActionItems, linkRoleHolders } from "./link";
import { accountsNamedBy } from "./match";
import { personKey } from "./person-key";

/** Rows read and written per transaction. */
const CHUNK = 500;

/** Who the audit log names for links made by the backfill. */
export const BACKFILL_ACTOR: Actor = { id: "system", name: "Debrief (names matched to accounts)", role: "admin", kind: "system" };

export type BackfillSummary = {
  users: number;
  actionItems: number;
  linkedActionItems: number;
  /** Old free-text commanders and scribes turned into assignments. */
  legacyRoles: number;
  roleHolders: number;
  linkedRoleHolders: number;
};

/** Group values by a key, keeping first-seen order. */
function groupBy<T>(list: T[], keyOf: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of list) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

async function keyUsers(db: Db): Promise<number> {
  let done = 0;
  for (;;) {
    const users = await db.user.findMany({ where: { nameKey: null }, select: { id: true, name: true }, take: CHUNK });
    if (users.length === 0) return done;
    await db.$transaction(async (tx) => {
      for (const u of users) await tx.user.updateMany({ where: { id: u.id, nameKey: null }, data: { nameKey: personKey(u.name) } });
    });
    done += users.length;
  }
}

async function keyActionItems(db: Db): Promise<{ seen: number; linked: number }> {
  let seen = 0;
  let linked = 0;
  for (;;) {
    const rows = await db.actionItem.findMany({
      where: { ownerKey: null, owner: { not: null } },
      select: { id: true, owner: true, ownerId: true },
      orderBy: { id: "asc" },
      take: CHUNK,
    });
    if (rows.length === 0) return { seen, linked };
    await db.$transaction(async (tx) => {
      const matched = await accountsNamedBy(tx, rows.flatMap((r) => (r.owner && !r.ownerId ? [r.owner] : [])));
      const toLink = rows.filter((r) => r.owner && !r.ownerId && matched.has(personKey(r.owner)));
      for (const [key, group] of groupBy(toLink, (r) => personKey(r.owner ?? ""))) {
        const account = matched.get(key);
        if (account) linked += await linkActionItems(tx, { id: { in: group.map((r) => r.id) }, ownerKey: null }, account, BACKFILL_ACTOR);
      }
      const linkedIds = new Set(toLink.map((r) => r.id));
      for (const [key, group] of groupBy(rows.filter((r) => !linkedIds.has(r.id)), (r) => personKey(r.owner ?? ""))) {
        await tx.actionItem.updateMany({ where: { id: { in: group.map((r) => r.id) }, ownerKey: null }, data: { ownerKey: key } });
      }
    });
    seen += rows.length;
  }
}

/**
 * Incidents from before roles kept a free-text commander and scribe on the
 * incident row (also in backups made then). Each becomes an assignment,
 * unless the role was assigned since, and the old text is cleared.
 */
async function moveLegacyRoles(db: Db): Promise<number> {
  let moved = 0;
  for (let first = true; ; first = false) {
    const rows = await db.incident.findMany({
      where: { OR: [{ commander: { not: null } }, { scribe: { not: null } }] },
      select: { id: true, commander: true, scribe: true, updatedAt: true },
      take: CHUNK,
    });
    if (rows.length === 0) return moved;
    if (first) await ensureBuiltInRoles();
    await db.$transaction(async (tx) => {
      for (const row of rows) {
        let changed = false;
        for (const [roleId, text] of [
          [BUILT_IN_ROLE_ID.commander, row.commander],
          [BUILT_IN_ROLE_ID.scribe, row.scribe],
        ] as const) {
          const name = text?.trim();
          if (!name) continue;
          const taken = await tx.incidentRoleAssignment.findUnique({ where: { incidentId_roleId: { incidentId: row.id, roleId } }, select: { id: true } });
          if (taken) continue;
          await tx.incidentRoleAssignment.create({
            data: { incidentId: row.id, roleId, personName: name, assignedAt: row.updatedAt, assignedById: BACKFILL_ACTOR.id, assignedByName: BACKFILL_ACTOR.name },
          });
          changed = true;
          moved++;
        }
        await tx.incident.update({ where: { id: row.id }, data: { commander: null, scribe: null, ...(changed ? { rolesVersion: { increment: 1 } } : {}) } });
      }
    });
  }
}

async function keyRoleHolders(db: Db): Promise<{ seen: number; linked: number }> {
  let seen = 0;
  let linked = 0;
  for (;;) {
    const rows = await db.incidentRoleAssignment.findMany({
      where: { personKey: null },
      select: { id: true, personName: true, userId: true },
      orderBy: { id: "asc" },
      take: CHUNK,
    });
    if (rows.length === 0) return { seen, linked };
    await db.$transaction(async (tx) => {
      const matched = await accountsNamedBy(tx, rows.flatMap((r) => (r.userId ? [] : [r.personName])));
      const toLink = rows.filter((r) => !r.userId && matched.has(personKey(r.personName)));
      for (const [key, group] of groupBy(toLink, (r) => personKey(r.personName))) {
        const account = matched.get(key);
        if (account) linked += await linkRoleHolders(tx, { id: { in: group.map((r) => r.id) }, personKey: null }, account, BACKFILL_ACTOR);
      }
      const linkedIds = new Set(toLink.map((r) => r.id));
      for (const [key, group] of groupBy(rows.filter((r) => !linkedIds.has(r.id)), (r) => personKey(r.personName))) {
        await tx.incidentRoleAssignment.updateMany({ where: { id: { in: group.map((r) => r.id) }, personKey: null }, data: { personKey: key } });
      }
    });
    seen += rows.length;
  }
}

/**
 * Names written before accounts were linked (or restored from an older
 * backup) get their match keys, and those that name exactly one account
 * (its name or email, ignoring case and spacing) are linked to it, with an
 * audit row each. A name two accounts share stays free text. The old
 * free-text commander and scribe become role assignments. Runs when the
 * server starts, before it takes requests; a row is visited once (its key
 * is then set), so later starts cost one indexed query per table.
 */
export async function backfillPeople(): Promise<BackfillSummary> {
  const db = await getDb();
  const users = await keyUsers(db);
  const items = await keyActionItems(db);
  const legacyRoles = await moveLegacyRoles(db);
  const holders = await keyRoleHolders(db);
  return { users, actionItems: items.seen, linkedActionItems: items.linked, legacyRoles, roleHolders: holders.seen, linkedRoleHolders: holders.linked };
}
