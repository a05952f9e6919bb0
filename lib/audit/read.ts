import "server-only";
import { getDb } from "../db/client";
import { containsText } from "../db/dialect";
import { notFound, parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { ZListAudit } from "./schemas";
import type { Prisma } from "../generated/prisma/client";

export type AuditEntryDto = {
  id: string;
  at: Date;
  actorId: string;
  actorName: string;
  incidentId: string | null;
  /** The incident's INC number, for links (null for instance-wide entries). */
  incidentNumber: number | null;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
};

function parseSnapshot(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

async function listAudit(where: Prisma.AuditLogWhereInput, query: unknown): Promise<AuditEntryDto[]> {
  const { entity, actor, before, beforeId, limit } = parseInput(ZListAudit, query);
  const db = await getDb();
  // Pages follow the order (at, id) descending: "older than the last one shown".
  const older: Prisma.AuditLogWhereInput = !before
    ? {}
    : beforeId
      ? { OR: [{ at: { lt: before } }, { at: before, id: { lt: beforeId } }] }
      : { at: { lt: before } };
  const rows = await db.auditLog.findMany({
    where: {
      AND: [where, older],
      ...(entity ? { entity } : {}),
      ...(actor ? { actorName: containsText(actor) } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
    include: { incident: { select: { number: true } } },
  });
  return rows.map(({ incident, ...r }) => ({
    ...r,
    incidentNumber: incident?.number ?? null,
    before: parseSnapshot(r.before),
    after: parseSnapshot(r.after),
  }));
}

/** Who changed what on one incident, newest first. Anyone who can read the incident sees it. */
export async function listIncidentAudit({ incidentId, query = {}, actor }: { incidentId: string; query?: unknown; actor: Actor }) {
  authorize(actor, "incidents.read");
  const db = await getDb();
  const incident = await db.incident.findFirst({ where: { id: incidentId, deletedAt: null }, select: { id: true } });
  if (!incident) throw notFound("Incident");
  return listAudit({ incidentId }, query);
}

/** The whole instance's audit log, for admins. */
export async function listInstanceAudit({ query = {}, actor }: { query?: unknown; actor: Actor }) {
  authorize(actor, "audit.read_all");
  return listAudit({}, query);
}
