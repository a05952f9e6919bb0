import "server-only";
import { getDb } from "../db/client";
import { databaseUrl } from "../db/url";
import { isUniqueViolation } from "../db/errors";

/**
 * The roles every incident has. Admins may rename them but not remove
 * them. Their rows are made on first use rather than by a migration, so
 * that a freshly migrated database holds no rows (restore relies on it).
 */
export const BUILT_IN_ROLES = [
  { id: "8f5a3c1e-0b6d-4c1a-9e1f-000000000001", key: "commander", name: "Commander", description: "Leads the response and makes the calls." },
  { id: "8f5a3c1e-0b6d-4c1a-9e1f-000000000002", key: "scribe", name: "Scribe", description: "Keeps the timeline." },
  { id: "8f5a3c1e-0b6d-4c1a-9e1f-000000000003", key: "communications", name: "Communications lead", description: "Writes the updates for customers and the rest of the company." },
] as const;

export const BUILT_IN_ROLE_ID = {
  commander: BUILT_IN_ROLES[0].id,
  scribe: BUILT_IN_ROLES[1].id,
  communications: BUILT_IN_ROLES[2].id,
} as const;

// Once made they stay (built-in roles cannot be removed): later calls cost nothing.
const globalForRoles = globalThis as unknown as { __debriefBuiltInRoles?: Set<string> };

/**
 * Make the built-in role rows if they are missing. Call it before opening a
 * transaction that reads roles (never inside one: on SQLite the shared
 * connection would wait for that very transaction).
 */
export async function ensureBuiltInRoles(): Promise<void> {
  const done = (globalForRoles.__debriefBuiltInRoles ??= new Set());
  const url = databaseUrl();
  if (done.has(url)) return;
  const db = await getDb();
  const present = new Set((await db.incidentRole.findMany({ where: { id: { in: BUILT_IN_ROLES.map((r) => r.id) } }, select: { id: true } })).map((r) => r.id));
  for (const [position, role] of BUILT_IN_ROLES.entries()) {
    if (present.has(role.id)) continue;
    try {
      await db.incidentRole.create({ data: { ...role, builtIn: true, position } });
    } catch (err) {
      // Made meanwhile by another request or instance.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  done.add(url);
}
