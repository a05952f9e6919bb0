import "server-only";
import { getDb, type Tx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { AppError, notFound, parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { changedFields, writeAudit } from "../audit/write";
import { personKey } from "../people/person-key";
import type { IncidentRole } from "../generated/prisma/client";
import type { IncidentRoleDefinitionDto } from "./dto";
import { ensureBuiltInRoles } from "./built-in";
import { ROLE_LIMITS, ZCreateIncidentRole, ZUpdateIncidentRole, zRoleKey } from "./schemas";

export function toRoleDefinitionDto(r: IncidentRole): IncidentRoleDefinitionDto {
  return { id: r.id, key: r.key, name: r.name, description: r.description, builtIn: r.builtIn, position: r.position };
}

/** The roles offered on incidents, in their order. Any signed-in person reads them. */
export async function listIncidentRoles({ actor }: { actor: Actor }): Promise<IncidentRoleDefinitionDto[]> {
  authorize(actor, "incidents.read");
  await ensureBuiltInRoles();
  const db = await getDb();
  const rows = await db.incidentRole.findMany({ where: { archivedAt: null }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], take: ROLE_LIMITS.activeMax });
  return rows.map(toRoleDefinitionDto);
}

/** A role by its URL key; anything that is not a key cannot exist (404). */
export async function findRoleByKey(tx: Tx, key: string): Promise<IncidentRole> {
  const parsed = zRoleKey.safeParse(key);
  const row = parsed.success ? await tx.incidentRole.findUnique({ where: { key: parsed.data } }) : null;
  if (!row) throw notFound("Role");
  return row;
}

/** "Customer liaison" → "customer-liaison"; accents dropped, at most 40 characters. */
export function roleKeyFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, ROLE_LIMITS.keyMax - 4)
    .replace(/-+$/g, "");
  return slug || "role";
}

/** Two active roles may not share a name (ignoring case and spacing): the header would show both. */
async function refuseDuplicateName(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const active = await tx.incidentRole.findMany({ where: { archivedAt: null }, select: { id: true, name: true } });
  if (active.some((r) => r.id !== exceptId && personKey(r.name) === personKey(name))) {
    throw new AppError("conflict", `A role named "${name}" already exists`, { issues: [{ path: "name", message: "already exists" }] });
  }
}

async function freeKey(tx: Tx, base: string): Promise<string> {
  const taken = new Set((await tx.incidentRole.findMany({ where: { key: { startsWith: base } }, select: { key: true } })).map((r) => r.key));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Add a custom role (admin). At most 20 roles are offered at a time. */
export async function createIncidentRole({ input, actor }: { input: unknown; actor: Actor }): Promise<IncidentRoleDefinitionDto> {
  authorize(actor, "incident_roles.manage");
  const { name, description = "" } = parseInput(ZCreateIncidentRole, input);
  await ensureBuiltInRoles();
  const db = await getDb();
  // Two admins adding roles at once may pick the same key: the unique index turns that into a retry.
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await db.$transaction(async (tx) => {
        const [active, total] = await Promise.all([tx.incidentRole.count({ where: { archivedAt: null } }), tx.incidentRole.count()]);
        if (active >= ROLE_LIMITS.activeMax) {
          throw new AppError("limit_exceeded", `At most ${ROLE_LIMITS.activeMax} roles can be offered; remove one first`, {
            issues: [{ path: "name", message: `at most ${ROLE_LIMITS.activeMax} roles` }],
          });
        }
        if (total >= ROLE_LIMITS.totalMax) {
          throw new AppError("limit_exceeded", `At most ${ROLE_LIMITS.totalMax} roles can ever be made on this instance`, {
            issues: [{ path: "name", message: `at most ${ROLE_LIMITS.totalMax} roles ever` }],
          });
        }
        await refuseDuplicateName(tx, name);
        const last = await tx.incidentRole.aggregate({ _max: { position: true } });
        const created = await tx.incidentRole.create({
          data: { key: await freeKey(tx, roleKeyFromName(name)), name, description, position: (last._max.position ?? -1) + 1 },
        });
        await writeAudit(tx, actor, { entity: "incident_role", entityId: created.id, action: "create", after: { key: created.key, name, description } });
        return created;
      });
      return toRoleDefinitionDto(row);
    } catch (err) {
      if (isUniqueViolation(err) && attempt < 5) continue;
      throw err;
    }
  }
}

/** Rename a role or change its description (admin); built-in roles too. */
export async function updateIncidentRole({ key, input, actor }: { key: string; input: unknown; actor: Actor }): Promise<IncidentRoleDefinitionDto> {
  authorize(actor, "incident_roles.manage");
  const fields = parseInput(ZUpdateIncidentRole, input);
  await ensureBuiltInRoles();
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    const current = await findRoleByKey(tx, key);
    if (current.archivedAt) throw notFound("Role");
    if (fields.name !== undefined) await refuseDuplicateName(tx, fields.name, current.id);
    const patch = {
      ...(fields.name !== undefined ? { name: fields.name } : {}),
      ...(fields.description !== undefined ? { description: fields.description } : {}),
    };
    const diff = changedFields({ name: current.name, description: current.description }, patch);
    if (!diff.changed) return current;
    const updated = await tx.incidentRole.update({ where: { id: current.id }, data: patch });
    await writeAudit(tx, actor, { entity: "incident_role", entityId: current.id, action: "update", before: { key: current.key, ...diff.before }, after: diff.after });
    return updated;
  });
  return toRoleDefinitionDto(row);
}

/**
 * Remove a custom role (admin). It is no longer offered; incidents where
 * someone holds it keep showing who, until they are unassigned.
 */
export async function removeIncidentRole({ key, actor }: { key: string; actor: Actor }): Promise<IncidentRoleDefinitionDto> {
  authorize(actor, "incident_roles.manage");
  await ensureBuiltInRoles();
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    const current = await findRoleByKey(tx, key);
    if (current.archivedAt) throw notFound("Role");
    if (current.builtIn) {
      throw new AppError("conflict", `${current.name} is a built-in role: rename it if you call it something else, but it cannot be removed`, {
        issues: [{ path: "key", message: "built-in roles cannot be removed" }],
      });
    }
    const removed = await tx.incidentRole.update({ where: { id: current.id }, data: { archivedAt: new Date() } });
    await writeAudit(tx, actor, { entity: "incident_role", entityId: current.id, action: "delete", before: { key: current.key, name: current.name } });
    return removed;
  });
  return toRoleDefinitionDto(row);
}
