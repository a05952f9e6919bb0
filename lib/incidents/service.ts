import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { containsText, lockIncidentNumbering } from "../db/dialect";
import { notFound, parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { changedFields } from "../audit/write";
import { runChange } from "../changes/run-change";
import { requireIncident, staleVersion } from "../changes/guards";
import { insertEventInTx } from "../timeline/service";
import { toEventDto } from "../timeline/dto";
import { recomputeKeyTimes } from "./key-times";
import { toIncidentDto, type IncidentDto } from "./dto";
import { ZCreateIncident, ZListIncidents, ZUpdateIncident } from "./schemas";
import { statusLabel } from "./labels";
import type { Prisma } from "../generated/prisma/client";

/** Declare an incident. Its number is the next free INC-n. */
export async function createIncident({ input, actor }: { input: unknown; actor: Actor }): Promise<IncidentDto> {
  authorize(actor, "incidents.write");
  const data = parseInput(ZCreateIncident, input);
  const startedAt = data.startedAt ?? new Date();
  // Two instances on PostgreSQL take numbers one at a time (the lock); the
  // unique index would still turn a race into a retry, never a duplicate.
  for (let attempt = 0; ; attempt++) {
    try {
      return await runChange(actor, async ({ tx, audit, publishIncident }) => {
        await lockIncidentNumbering(tx);
        const last = await tx.incident.aggregate({ _max: { number: true } });
        const created = await tx.incident.create({
          data: {
            id: randomUUID(),
            number: (last._max.number ?? 0) + 1,
            title: data.title,
            severity: data.severity,
            summary: data.summary ?? "",
            declaredStartedAt: startedAt,
            startedAt,
            services: JSON.stringify(data.services ?? []),
            createdById: actor.id,
          },
        });
        await audit({ incidentId: created.id, entity: "incident", entityId: created.id, action: "create", after: toIncidentDto(created) });
        // Open incident lists show it at once (GET /api/v1/incidents/stream).
        publishIncident(created);
        return toIncidentDto(created);
      });
    } catch (err) {
      if (isUniqueViolation(err) && attempt < 5) continue;
      throw err;
    }
  }
}

/** Newest first, with optional status / severity / text filters. */
export async function listIncidents({ query = {}, actor }: { query?: unknown; actor: Actor }) {
  authorize(actor, "incidents.read");
  const { status, severity, q, limit } = parseInput(ZListIncidents, query);
  const db = await getDb();
  const where: Prisma.IncidentWhereInput = { deletedAt: null };
  if (status) where.status = status;
  if (severity) where.severity = severity;
  if (q) {
    const asNumber = /^(?:inc-)?(\d{1,9})$/i.exec(q)?.[1];
    where.OR = [
      { title: containsText(q) },
      { summary: containsText(q) },
      ...(asNumber ? [{ number: Number(asNumber) }] : []),
    ];
  }
  const rows = await db.incident.findMany({ where, orderBy: [{ createdAt: "desc" }, { number: "desc" }], take: limit });
  return rows.map(toIncidentDto);
}

export async function getIncidentById({ id, actor }: { id: string; actor: Actor }): Promise<IncidentDto> {
  authorize(actor, "incidents.read");
  return toIncidentDto(await requireIncident(await getDb(), id));
}

/** Find by number (INC-7 → 7), for human-friendly URLs. */
export async function getIncidentByNumber({ number, actor }: { number: number; actor: Actor }) {
  authorize(actor, "incidents.read");
  const db = await getDb();
  const row = await db.incident.findFirst({ where: { number, deletedAt: null } });
  if (!row) throw notFound("Incident");
  return toIncidentDto(row);
}

/**
 * Update an incident with optimistic concurrency (`version`). A change of
 * status or severity also writes a status-change entry to the timeline, in
 * the same transaction.
 */
export async function updateIncident({ id, input, actor }: { id: string; input: unknown; actor: Actor }) {
  authorize(actor, "incidents.write");
  const { version, services, ...fields } = parseInput(ZUpdateIncident, input);
  return runChange(actor, async ({ tx, audit, publish, publishIncident }) => {
    const row = await requireIncident(tx, id);
    if (row.version !== version) throw staleVersion("incident", toIncidentDto(row));
    const patch: Prisma.IncidentUpdateInput = {};
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) (patch as Record<string, unknown>)[k] = v;
    if (fields.startedAt) patch.declaredStartedAt = fields.startedAt;
    if (services) patch.services = JSON.stringify(services);
    const diff = changedFields(row as unknown as Record<string, unknown>, patch as Record<string, unknown>);
    if (!diff.changed) return toIncidentDto(row);

    const now = new Date();
    const notes: string[] = [];
    if ("status" in diff.after) notes.push(`Status changed from ${statusLabel(row.status)} to ${statusLabel(String(fields.status))}.`);
    if ("severity" in diff.after) notes.push(`Severity changed from ${row.severity} to ${fields.severity}.`);
    if (fields.status === "resolved" && row.status !== "resolved") patch.resolvedAt = row.resolvedAt ?? now;
    if (fields.status && fields.status !== "resolved") patch.resolvedAt = null;

    const updated = await tx.incident.updateMany({ where: { id, version }, data: { ...patch, version: { increment: 1 } } as Prisma.IncidentUpdateManyMutationInput });
    if (updated.count === 0) throw staleVersion("incident");
    for (const body of notes) {
      const event = await insertEventInTx(
        tx,
        id,
        { id: randomUUID(), occurredAt: now, endedAt: null, kind: "status_change", milestone: null, statusLabel: null, body, key: false, visibility: "internal" },
        actor,
        // A full timeline must not stop anyone from resolving the incident.
        { overCap: true },
      );
      publish(id, { type: "event", action: "created", event: toEventDto(event) });
    }
    if ("startedAt" in diff.after || "status" in diff.after) await recomputeKeyTimes(tx, id);
    await audit({ incidentId: id, entity: "incident", entityId: id, action: "update", before: diff.before, after: diff.after });
    const saved = await tx.incident.findUniqueOrThrow({ where: { id } });
    publishIncident(saved);
    return toIncidentDto(saved);
  });
}

/** Delete an incident (soft: it leaves every list and page; the rows and audit stay). Admin only. */
export async function deleteIncident({ id, actor }: { id: string; actor: Actor }): Promise<IncidentDto> {
  authorize(actor, "incidents.delete");
  return runChange(actor, async ({ tx, audit, publish, publishIncident }) => {
    const found = await requireIncident(tx, id);
    // Only a live incident is deleted: of two concurrent deletes, one finds nothing to do.
    const marked = await tx.incident.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date(), version: { increment: 1 } } });
    if (marked.count === 0) throw notFound("Incident");
    const deleted = await tx.incident.findUniqueOrThrow({ where: { id } });
    await audit({ incidentId: id, entity: "incident", entityId: id, action: "delete", before: { title: found.title } });
    // The status site (which drops the incident) hears of it; open streams end.
    publishIncident(deleted);
    publish(id, { type: "incident_deleted", incidentId: id });
    return toIncidentDto(deleted);
  });
}
