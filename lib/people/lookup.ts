import "server-only";
import { getDb } from "../db/client";
import { parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { personKey } from "./person-key";
import { ZPeopleQuery } from "./schemas";

export type PersonDto = { id: string; name: string; email: string };

/**
 * Active accounts whose name, a word of their name, or email starts with
 * `q` (ignoring case and spacing), for the owner and role typeaheads. Any
 * signed-in person may look people up; answers are capped at 20, so the
 * directory cannot be read out in one request, and deactivated accounts
 * are not offered. Whole-name and email prefixes come first.
 */
export async function searchPeople({ query, actor }: { query: unknown; actor: Actor }): Promise<{ people: PersonDto[] }> {
  authorize(actor, "read");
  const { q, limit } = parseInput(ZPeopleQuery, query);
  const key = personKey(q);
  const db = await getDb();
  const select = { id: true, name: true, email: true } as const;
  const orderBy = [{ nameKey: "asc" as const }, { id: "asc" as const }];
  const first = await db.user.findMany({
    where: { banned: false, OR: [{ nameKey: { startsWith: key } }, { email: { startsWith: key } }] },
    select,
    orderBy,
    take: limit,
  });
  const later =
    first.length < limit
      ? await db.user.findMany({
          where: { banned: false, nameKey: { contains: ` ${key}` }, id: { notIn: first.map((p) => p.id) } },
          select,
          orderBy,
          take: limit - first.length,
        })
      : [];
  return { people: [...first, ...later] };
}
