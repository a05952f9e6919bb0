import "server-only";
import { getDb, type Db, type Tx } from "../db/client";
import type { Actor } from "../auth/actor";
import { auditRow } from "../audit/write";
import { insertAuditRows } from "../timeline/bulk-insert";
import { BUILT_IN_ROLE_ID, ensureBuiltInRoles } from "../incident-roles/built-in";
import { setActionItemOwners, setRoleHolders, setUserKeys, type OwnerPlan } from "./backfill-sql";
import { accountsNamedBy, type MatchedAccount } from "./match";
import { ownerLinkEntry, roleHolderLinkEntry } from "./link-audit";
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

/**
 * The match key of a written name, and the account it is linked to when it
 * names exactly one (`accounts`, from accountsNamedBy) and the row has no
 * account yet.
 */
function keyAndLink(name: string, hasAccount: boolean, accounts: Map<string, MatchedAccount>): Pick<OwnerPlan, "key" | "link"> {
  const account = hasAccount ? undefined : accounts.get(personKey(name));
  return account ? { key: personKey(account.name), link: { userId: account.id, name: account.name } } : { key: personKey(name) };
}

/**
 * Hands the rows `read` finds to `handle`, a chunk (CHUNK rows) per
 * transaction, until `read` finds none: `handle` must change every row it is
 * given so that the next read no longer finds it. The rows seen.
 */
async function inChunks<R>(db: Db, read: (take: number) => Promise<R[]>, handle: (tx: Tx, rows: R[]) => Promise<void>): Promise<number> {
  let seen = 0;
  for (;;) {
    const rows = await read(CHUNK);
    if (rows.length === 0) return seen;
    await db.$transaction((tx) => handle(tx, rows));
    seen += rows.length;
  }
}

type KeyedAndLinked = { seen: number; linked: number };

/** inChunks for rows whose names may be linked to accounts: `link` answers how many of its rows it linked. */
async function linkInChunks<R>(db: Db, read: (take: number) => Promise<R[]>, link: (tx: Tx, rows: R[]) => Promise<number>): Promise<KeyedAndLinked> {
  let linked = 0;
  const seen = await inChunks(db, read, async (tx, rows) => {
    linked += await link(tx, rows);
  });
  return { seen, linked };
}

function keyUsers(db: Db): Promise<number> {
  return inChunks(
    db,
    (take) => db.user.findMany({ where: { nameKey: null }, select: { id: true, name: true }, take }),
    (tx, users) => setUserKeys(tx, users.map((u) => ({ id: u.id, key: personKey(u.name) }))),
  );
}

function keyActionItems(db: Db): Promise<KeyedAndLinked> {
  return linkInChunks(
    db,
    (take) =>
      db.actionItem.findMany({
        where: { ownerKey: null, owner: { not: null } },
        select: { id: true, incidentId: true, owner: true, ownerId: true },
        take,
      }),
    async (tx, rows) => {
      const now = new Date();
      const accounts = await accountsNamedBy(tx, rows.flatMap((r) => (r.owner && !r.ownerId ? [r.owner] : [])));
      const plans = rows.map((r): OwnerPlan & { incidentId: string; owner: string } => {
        const owner = r.owner ?? "";
        return { id: r.id, incidentId: r.incidentId, owner, ...keyAndLink(owner, Boolean(r.ownerId), accounts) };
      });
      await setActionItemOwners(tx, plans, now);
      const links = plans.flatMap((p) => (p.link ? [{ ...p, link: p.link }] : []));
      await insertAuditRows(tx, links.map((p) => auditRow(BACKFILL_ACTOR, ownerLinkEntry(p, p.link))), now);
      return links.length;
    },
  );
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
      const taken = await tx.incidentRoleAssignment.findMany({
        where: { incidentId: { in: rows.map((r) => r.id) }, roleId: { in: [BUILT_IN_ROLE_ID.commander, BUILT_IN_ROLE_ID.scribe] } },
        select: { incidentId: true, roleId: true },
      });
      const isTaken = new Set(taken.map((t) => `${t.incidentId} ${t.roleId}`));
      const assignments = rows.flatMap((row) =>
        (
          [
            [BUILT_IN_ROLE_ID.commander, row.commander],
            [BUILT_IN_ROLE_ID.scribe, row.scribe],
          ] as const
        ).flatMap(([roleId, text]) => {
          const name = text?.trim();
          if (!name || isTaken.has(`${row.id} ${roleId}`)) return [];
          return [{ incidentId: row.id, roleId, personName: name, assignedAt: row.updatedAt, assignedById: BACKFILL_ACTOR.id, assignedByName: BACKFILL_ACTOR.name }];
        }),
      );
      await tx.incidentRoleAssignment.createMany({ data: assignments });
      const changed = [...new Set(assignments.map((a) => a.incidentId))];
      const unchanged = rows.map((r) => r.id).filter((id) => !changed.includes(id));
      if (changed.length) await tx.incident.updateMany({ where: { id: { in: changed } }, data: { commander: null, scribe: null, rolesVersion: { increment: 1 } } });
      if (unchanged.length) await tx.incident.updateMany({ where: { id: { in: unchanged } }, data: { commander: null, scribe: null } });
      moved += assignments.length;
    });
  }
}

function keyRoleHolders(db: Db): Promise<KeyedAndLinked> {
  return linkInChunks(
    db,
    (take) =>
      db.incidentRoleAssignment.findMany({
        where: { personKey: null },
        select: { id: true, incidentId: true, personName: true, userId: true, role: { select: { key: true } } },
        take,
      }),
    async (tx, rows) => {
      const accounts = await accountsNamedBy(tx, rows.flatMap((r) => (r.userId ? [] : [r.personName])));
      const plans = rows.map(
        (r): OwnerPlan & { incidentId: string; name: string; role: string } => ({
          id: r.id,
          incidentId: r.incidentId,
          name: r.personName,
          role: r.role.key,
          ...keyAndLink(r.personName, Boolean(r.userId), accounts),
        }),
      );
      await setRoleHolders(tx, plans);
      const links = plans.flatMap((p) => (p.link ? [{ ...p, link: p.link }] : []));
      if (links.length) {
        // Live viewers that reconnect take the newer roles.
        await tx.incident.updateMany({ where: { id: { in: [...new Set(links.map((p) => p.incidentId))] } }, data: { rolesVersion: { increment: 1 } } });
        await insertAuditRows(tx, links.map((p) => auditRow(BACKFILL_ACTOR, roleHolderLinkEntry(p, p.link))), new Date());
      }
      return links.length;
    },
  );
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
