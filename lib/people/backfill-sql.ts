import "server-only";
import type { Tx } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import type { NameLink } from "./link-audit";

// The backfill changes up to 500 rows a statement, each row its own values:
// one UPDATE … SET col = CASE "id" WHEN … THEN … ELSE col END … WHERE "id" IN
// (…) instead of a statement per row (Prisma's updateMany takes one value
// for all rows). Values are bound (Prisma.sql), never spliced; identifiers
// are quoted the same on SQLite and PostgreSQL, and every CASE ends in
// ELSE <the column>, so PostgreSQL infers each bound value's type from it.

/** A row's new match key, and for a linked row its account and the name shown. */
export type OwnerPlan = { id: string; key: string; link?: NameLink };

function caseOf(column: string, rows: Array<{ id: string; value: unknown }>): Prisma.Sql {
  const whens = rows.map((r) => Prisma.sql`WHEN ${r.id} THEN ${r.value}`);
  return Prisma.sql`${Prisma.raw(`"${column}"`)} = CASE "id" ${Prisma.join(whens, " ")} ELSE ${Prisma.raw(`"${column}"`)} END`;
}

/** Key action items not keyed yet; link those with an account (new version, updatedAt). */
export async function setActionItemOwners(tx: Tx, plans: OwnerPlan[], now: Date): Promise<void> {
  if (plans.length === 0) return;
  const sets = [caseOf("ownerKey", plans.map((p) => ({ id: p.id, value: p.key })))];
  const linked = plans.flatMap((p) => (p.link ? [{ id: p.id, ...p.link }] : []));
  if (linked.length) {
    const ids = Prisma.join(linked.map((l) => l.id));
    sets.push(
      caseOf("ownerId", linked.map((l) => ({ id: l.id, value: l.userId }))),
      caseOf("owner", linked.map((l) => ({ id: l.id, value: l.name }))),
      Prisma.sql`"version" = "version" + CASE WHEN "id" IN (${ids}) THEN 1 ELSE 0 END`,
      Prisma.sql`"updatedAt" = CASE WHEN "id" IN (${ids}) THEN ${now} ELSE "updatedAt" END`,
    );
  }
  await tx.$executeRaw`UPDATE "ActionItem" SET ${Prisma.join(sets, ", ")} WHERE "id" IN (${Prisma.join(plans.map((p) => p.id))}) AND "ownerKey" IS NULL`;
}

/** Key role assignments not keyed yet; link those with an account. */
export async function setRoleHolders(tx: Tx, plans: OwnerPlan[]): Promise<void> {
  if (plans.length === 0) return;
  const sets = [caseOf("personKey", plans.map((p) => ({ id: p.id, value: p.key })))];
  const linked = plans.flatMap((p) => (p.link ? [{ id: p.id, ...p.link }] : []));
  if (linked.length) {
    sets.push(
      caseOf("userId", linked.map((l) => ({ id: l.id, value: l.userId }))),
      caseOf("personName", linked.map((l) => ({ id: l.id, value: l.name }))),
    );
  }
  await tx.$executeRaw`UPDATE "IncidentRoleAssignment" SET ${Prisma.join(sets, ", ")} WHERE "id" IN (${Prisma.join(plans.map((p) => p.id))}) AND "personKey" IS NULL`;
}

/** Key accounts not keyed yet (written before keys existed, or by another tool). */
export async function setUserKeys(tx: Tx, users: Array<{ id: string; key: string }>): Promise<void> {
  if (users.length === 0) return;
  const set = caseOf("nameKey", users.map((u) => ({ id: u.id, value: u.key })));
  await tx.$executeRaw`UPDATE "user" SET ${set} WHERE "id" IN (${Prisma.join(users.map((u) => u.id))}) AND "nameKey" IS NULL`;
}
