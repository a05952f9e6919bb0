import { randomUUID } from "node:crypto";
import { getDb } from "../../lib/db/client";
import { personKey } from "../../lib/people/person-key";
import type { Actor, Role } from "../../lib/auth/actor";

/**
 * An account written straight to the database (no password: these tests
 * never sign in), with its match key as the services keep it. `legacy`
 * leaves the key unset, as rows written before the key existed.
 */
export async function insertAccount(
  name: string,
  opts: { email?: string; role?: Role; banned?: boolean; legacy?: boolean } = {},
): Promise<{ id: string; name: string; email: string; actor: Actor }> {
  const db = await getDb();
  const id = randomUUID();
  const email = opts.email ?? `${id.slice(0, 8)}@people.test`;
  const role = opts.role ?? "responder";
  await db.user.create({ data: { id, name, email, role, banned: opts.banned ?? false, nameKey: opts.legacy ? null : personKey(name) } });
  return { id, name, email, actor: { id, name, role, kind: "user" } };
}
