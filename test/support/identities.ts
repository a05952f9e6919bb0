import type { Role } from "../../lib/auth/actor";
import { SYSTEM_ACTOR } from "../../lib/auth/actor";
import { createApiKey } from "../../lib/auth/api-keys";
import { createUser } from "../../lib/auth/users";
import { closeDb } from "../../lib/db/client";
import { providerOfTestUrl, TEST_AUTH_SECRET } from "./temp-db";

export const ROLES: Role[] = ["viewer", "responder", "admin"];

export type Identities = {
  /** An API key per role. */
  keys: Record<Role, string>;
  /** A signed-up user per role (sign in with these). */
  users: Record<Role, { email: string; password: string; name: string }>;
};

/**
 * Make a user and an API key for every role in the database at `databaseUrl`,
 * through the real services (so passwords are hashed by better-auth).
 */
export async function seedIdentities(databaseUrl: string): Promise<Identities> {
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  // better-auth hashes the passwords; on PostgreSQL it needs the configured secret.
  if (providerOfTestUrl(databaseUrl) === "postgresql") process.env.BETTER_AUTH_SECRET ??= TEST_AUTH_SECRET;
  try {
    const keys = {} as Record<Role, string>;
    const users = {} as Identities["users"];
    for (const role of ROLES) {
      const user = { email: `${role}@debrief.test`, password: `correct horse ${role} battery`, name: `Test ${role[0]?.toUpperCase()}${role.slice(1)}` };
      await createUser({ input: { ...user, role }, actor: SYSTEM_ACTOR });
      users[role] = user;
      keys[role] = (await createApiKey({ input: { name: `test ${role}`, role }, actor: SYSTEM_ACTOR })).key;
    }
    return { keys, users };
  } finally {
    await closeDb();
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
}
