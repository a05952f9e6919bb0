import "server-only";
import { getDb, type Db } from "../db/client";
import { parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import type { Prisma } from "../generated/prisma/client";
import { personKey } from "./person-key";
import { ZPeopleQuery } from "./schemas";

export type PersonDto = { id: string; name: string; email: string };

export type PeopleAnswer = {
  people: PersonDto[];
  /** Owner names in use for people without an account (free text on action items), one per person however typed. */
  names: string[];
};

// Prisma's startsWith/contains become SQL LIKE without escaping, so % and _
// in a query would match anything. The SQL filter uses the query only up
// to its first such character (a superset), and the exact test runs here
// on a bounded number of candidates.
const LIKE_SPECIAL = /[%_\\]/;
const CANDIDATES_MAX = 200;

function likeSafePrefix(key: string): { sql: string; exact: boolean } {
  const at = key.search(LIKE_SPECIAL);
  return at < 0 ? { sql: key, exact: true } : { sql: key.slice(0, at), exact: false };
}

/**
 * Active accounts whose name, a later word of their name, or email starts
 * with `q` (ignoring case and spacing), for the owner and role typeaheads,
 * and the owner names in use for people without an account that start
 * with it. Any signed-in person may look people up; answers are capped at
 * 20 of each, so the directory cannot be read out in one request, and
 * deactivated accounts are not offered. Whole-name and email prefixes come
 * first.
 */
export async function searchPeople({ query, actor }: { query: unknown; actor: Actor }): Promise<PeopleAnswer> {
  authorize(actor, "incidents.read");
  const { q, limit } = parseInput(ZPeopleQuery, query);
  const key = personKey(q);
  const { sql, exact } = likeSafePrefix(key);
  const db = await getDb();
  const take = exact ? limit : CANDIDATES_MAX;
  const find = (where: Prisma.UserWhereInput, n: number) =>
    db.user.findMany({
      where: { AND: [{ banned: false }, where] },
      select: { id: true, name: true, email: true, nameKey: true },
      orderBy: [{ nameKey: "asc" }, { id: "asc" }],
      take: n,
    });
  const [first, names] = await Promise.all([
    find({ OR: [{ nameKey: { startsWith: sql } }, { email: { startsWith: sql } }] }, take).then((rows) =>
      rows.filter((p) => (p.nameKey ?? "").startsWith(key) || p.email.toLowerCase().startsWith(key)),
    ),
    freeTextOwnerNames(db, key, sql, exact ? limit : CANDIDATES_MAX),
  ]);
  const later =
    first.length < limit
      ? (await find({ nameKey: { contains: ` ${sql}` }, id: { notIn: first.map((p) => p.id) } }, exact ? limit - first.length : CANDIDATES_MAX)).filter(
          (p) => (p.nameKey ?? "").includes(` ${key}`),
        )
      : [];
  return {
    people: [...first, ...later].slice(0, limit).map(({ id, name, email }) => ({ id, name, email })),
    names: names.slice(0, limit),
  };
}

/**
 * Owner names of action items that no account owns, whose key starts with
 * `key`: grouped by key (so "Dana" and "dana " are one), the first spelling
 * of each, in key order. Served by the ownerKey index, however many items.
 */
async function freeTextOwnerNames(db: Db, key: string, sql: string, take: number): Promise<string[]> {
  const groups = await db.actionItem.groupBy({
    by: ["ownerKey"],
    where: { ownerId: null, ownerKey: { startsWith: sql }, owner: { not: null }, incident: { deletedAt: null } },
    _min: { owner: true },
    orderBy: { ownerKey: "asc" },
    take,
  });
  return groups.flatMap((g) => (g.ownerKey?.startsWith(key) && g._min.owner ? [g._min.owner] : []));
}
