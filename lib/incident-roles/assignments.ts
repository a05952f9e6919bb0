import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Db, type Tx } from "../db/client";
import { AppError, notFound, parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { runChange, type Change } from "../changes/run-change";
import { requireIncident } from "../changes/guards";
import { insertEventInTx } from "../timeline/service";
import { toEventDto } from "../timeline/dto";
import { accountNamedBy } from "../people/match";
import { personKey } from "../people/person-key";
import { findRoleByKey } from "./definitions";
import { ensureBuiltInRoles } from "./built-in";
import type { IncidentRolesDto, RoleHolderDto } from "./dto";
import { ZAssignIncidentRole } from "./schemas";
import { roleChangeText } from "./timeline-text";

/**
 * The roles of one incident: every role offered now, plus removed ones
 * someone still holds there, in their order, each with its holder or null.
 * Bounded by the number of roles (≤ 20 offered), never by the incident.
 */
export async function loadIncidentRoles(db: Tx | Db, incidentId: string): Promise<IncidentRolesDto> {
  const [roles] = await loadRolesOfIncidents(db, [incidentId]);
  if (!roles) throw notFound("Incident");
  return roles;
}

/**
 * The roles of several incidents in three queries, whatever their number
 * (a rename tells every open incident its holder is in). Incidents that do
 * not exist or are deleted are left out.
 */
export async function loadRolesOfIncidents(db: Tx | Db, incidentIds: readonly string[]): Promise<IncidentRolesDto[]> {
  if (incidentIds.length === 0) return [];
  const ids = [...new Set(incidentIds)];
  const [incidents, roles, assignments] = await Promise.all([
    db.incident.findMany({ where: { id: { in: ids }, deletedAt: null }, select: { id: true, rolesVersion: true } }),
    db.incidentRole.findMany({
      where: { OR: [{ archivedAt: null }, { assignments: { some: { incidentId: { in: ids } } } }] },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    }),
    db.incidentRoleAssignment.findMany({ where: { incidentId: { in: ids } } }),
  ]);
  const byIncidentRole = new Map(assignments.map((a) => [`${a.incidentId} ${a.roleId}`, a]));
  return incidents.map((incident) => ({
    incidentId: incident.id,
    version: incident.rolesVersion,
    // A removed role is listed only where someone still holds it.
    roles: roles.flatMap((r) => {
      const a = byIncidentRole.get(`${incident.id} ${r.id}`);
      if (r.archivedAt !== null && !a) return [];
      const holder: RoleHolderDto | null = a
        ? { userId: a.userId, name: a.personName, assignedAt: a.assignedAt.toISOString(), assignedBy: a.assignedByName }
        : null;
      return [{ key: r.key, name: r.name, description: r.description, builtIn: r.builtIn, archived: r.archivedAt !== null, holder }];
    }),
  }));
}

export async function getIncidentRoles({ incidentId, actor }: { incidentId: string; actor: Actor }): Promise<IncidentRolesDto> {
  authorize(actor, "incidents.read");
  await ensureBuiltInRoles();
  return loadIncidentRoles(await getDb(), incidentId);
}

type Holder = { userId: string | null; name: string };

/** The person an assignment names: an active account by id, or a name (linked when it names exactly one account). */
async function resolveHolder(tx: Tx, input: { userId?: string; name?: string }): Promise<Holder> {
  if (input.userId !== undefined) {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, name: true, banned: true } });
    if (!user) throw new AppError("validation_failed", "Invalid input — userId: no account has this id", { issues: [{ path: "userId", message: "no account has this id" }] });
    if (user.banned) {
      throw new AppError("validation_failed", `Invalid input — userId: ${user.name}'s account is deactivated`, {
        issues: [{ path: "userId", message: "this account is deactivated" }],
      });
    }
    return { userId: user.id, name: user.name };
  }
  const name = input.name ?? "";
  const account = await accountNamedBy(tx, name);
  return account ? { userId: account.id, name: account.name } : { userId: null, name };
}

function samePerson(a: Holder, b: Holder): boolean {
  return a.userId !== null || b.userId !== null ? a.userId === b.userId : personKey(a.name) === personKey(b.name);
}

/**
 * Give a role on an incident to someone, replacing whoever held it. One
 * transaction writes the assignment, an internal timeline entry saying who
 * took over from whom, and the audit row; every viewer of the incident
 * then hears of it live. Giving the role to its holder again changes
 * nothing. Removed roles can only be unassigned.
 */
export async function assignIncidentRole({ incidentId, roleKey, input, actor }: { incidentId: string; roleKey: string; input: unknown; actor: Actor }): Promise<IncidentRolesDto> {
  authorize(actor, "incident_roles.assign");
  const data = parseInput(ZAssignIncidentRole, input);
  await ensureBuiltInRoles();
  return runChange(actor, async (change) => {
    const { tx } = change;
    await requireIncident(tx, incidentId);
    const role = await findRoleByKey(tx, roleKey);
    if (role.archivedAt) {
      throw new AppError("conflict", `The ${role.name} role was removed; it can no longer be given to anyone`, { issues: [{ path: "role", message: "was removed" }] });
    }
    const holder = await resolveHolder(tx, data);
    const current = await tx.incidentRoleAssignment.findUnique({ where: { incidentId_roleId: { incidentId, roleId: role.id } } });
    const previous: Holder | null = current ? { userId: current.userId, name: current.personName } : null;
    if (previous && samePerson(previous, holder)) return loadIncidentRoles(tx, incidentId);

    const row = { userId: holder.userId, personName: holder.name, personKey: personKey(holder.name), assignedAt: new Date(), assignedById: actor.id, assignedByName: actor.name };
    await tx.incidentRoleAssignment.upsert({
      where: { incidentId_roleId: { incidentId, roleId: role.id } },
      create: { id: randomUUID(), incidentId, roleId: role.id, ...row },
      update: row,
    });
    return finish(change, { incidentId, role, previous, next: holder });
  });
}

/** Leave a role on an incident unheld (a timeline entry and an audit row, as for assigning). */
export async function unassignIncidentRole({ incidentId, roleKey, actor }: { incidentId: string; roleKey: string; actor: Actor }): Promise<IncidentRolesDto> {
  authorize(actor, "incident_roles.assign");
  await ensureBuiltInRoles();
  return runChange(actor, async (change) => {
    const { tx } = change;
    await requireIncident(tx, incidentId);
    const role = await findRoleByKey(tx, roleKey);
    const current = await tx.incidentRoleAssignment.findUnique({ where: { incidentId_roleId: { incidentId, roleId: role.id } } });
    if (!current) return loadIncidentRoles(tx, incidentId);
    await tx.incidentRoleAssignment.delete({ where: { id: current.id } });
    return finish(change, { incidentId, role, previous: { userId: current.userId, name: current.personName }, next: null });
  });
}

/**
 * What every role change writes besides the assignment: version, timeline
 * entry, audit row; every viewer of the incident then hears of the entry and
 * of the roles as they are now.
 */
async function finish(
  { tx, actor, audit, publish }: Change,
  c: { incidentId: string; role: { key: string; name: string }; previous: Holder | null; next: Holder | null },
): Promise<IncidentRolesDto> {
  await tx.incident.update({ where: { id: c.incidentId }, data: { rolesVersion: { increment: 1 } } });
  const event = await insertEventInTx(
    tx,
    c.incidentId,
    {
      id: randomUUID(),
      occurredAt: new Date(),
      endedAt: null,
      kind: "status_change",
      milestone: null,
      statusLabel: null,
      body: roleChangeText(c.role.name, c.previous?.name ?? null, c.next?.name ?? null),
      key: false,
      // Roles are the team's business: never on the public status site.
      visibility: "internal",
    },
    actor,
  );
  const snapshot = (h: Holder | null) => (h ? { holder: h.name, userId: h.userId } : { holder: null });
  await audit({
    incidentId: c.incidentId,
    entity: "incident",
    entityId: c.incidentId,
    action: c.next ? "assign_role" : "unassign_role",
    before: { role: c.role.key, ...snapshot(c.previous) },
    after: { role: c.role.key, ...snapshot(c.next) },
  });
  const roles = await loadIncidentRoles(tx, c.incidentId);
  publish(c.incidentId, { type: "event", action: "created", event: toEventDto(event) });
  publish(c.incidentId, { type: "roles", roles });
  return roles;
}
